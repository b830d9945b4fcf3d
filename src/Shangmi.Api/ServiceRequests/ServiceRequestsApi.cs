using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Shangmi.Api.Common;
using Shangmi.Api.Common.Problems;
using Shangmi.Api.Enterprises;
using Shangmi.Api.Files;
using Shangmi.Api.Identity;
using Shangmi.Api.Tips;

namespace Shangmi.Api.ServiceRequests;

/// <summary>What the enterprise's routes work with, bound as one parameter.</summary>
public sealed record MemberServices(ClaimsPrincipal User, ServiceRequestStore Requests, ClaimStore Claims, TimeProvider Time)
{
    /// <summary>The enterprise the signed-in member acts for, or null when they are no verified member.</summary>
    public Task<ActingEnterprise?> EnterpriseAsync(CancellationToken ct) => Claims.ActingForAsync(User.UserId(), ct);

    public DateTime Now => Time.GetUtcNow().UtcDateTime;
}

/// <summary>A verified enterprise member asks for service and follows the enterprise's requests.</summary>
public static class ServiceRequestsApi
{
    public static RouteGroupBuilder MapServiceRequests(this IEndpointRouteBuilder app)
    {
        var maxBytes = app.ServiceProvider.GetRequiredService<IOptions<StorageOptions>>().Value.MaxUploadBytes;
        var mine = app.MapGroup("/api/v1/me/service-requests").WithTags("My service requests").RequireAuthorization(AuthPolicies.User);
        mine.MapPost("/", SubmitAsync).WithName("SubmitServiceRequest").AcceptsIdempotencyKey()
            .WithSummary("A verified member asks for service for the enterprise: kind, subject, description, preferredAt (上门指导), "
                         + "documentIds (资料申领), contact (default: the member's own). Idempotency-Key: a retry returns the first request (200).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        mine.MapGet("/", ListAsync).WithName("MyServiceRequests").WithSummary("The enterprise's requests, newest first.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        mine.MapGet("/{id:long}", GetAsync).WithName("MyServiceRequest")
            .WithSummary("One request: status in plain Chinese, the timeline (no internal notes), messages both ways, attachments, feedback.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        mine.MapPost("/{id:long}/messages", ReplyAsync).WithName("MyServiceRequestMessage").WithSummary("Write to the staff handling it.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        mine.MapPost("/{id:long}/feedback", FeedbackAsync).WithName("MyServiceRequestFeedback")
            .WithSummary("After resolution: solved or not, a rating 1–5 and a comment; closes the request. 409 before resolution or twice.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        mine.MapPost("/{id:long}/attachments", AttachAsync).WithName("MyServiceRequestAttachment")
            .WithSummary("multipart/form-data, field `file` (image, PDF, office document, audio or video, by content): sealed at rest.")
            .Accepts<ServiceAttachmentForm>("multipart/form-data")
            .WithMetadata(new RequestSizeLimitAttribute(maxBytes + 64 * 1024))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        mine.MapGet("/{id:long}/attachments/{attachmentId:long}", DownloadAsync).WithName("MyServiceRequestAttachmentFile")
            .WithSummary("An attachment of the enterprise's request.").ProducesProblem(StatusCodes.Status404NotFound);
        return mine;
    }

    private static async Task<Results<Created<MyServiceRequest>, Ok<MyServiceRequest>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        ServiceRequestForm form, [AsParameters] MemberServices member, HttpContext http, CancellationToken ct)
    {
        if (await member.EnterpriseAsync(ct) is not { } enterprise)
        {
            return NotMember();
        }

        var (key, keyError) = IdempotencyKeys.Read(http);
        var (errors, request) = ServiceRules.CheckForm(form, await member.Requests.DocumentIdsAsync(ct), member.Time.GetUtcNow());
        errors.Check(keyError is null, IdempotencyKeys.Header, keyError ?? "");
        if (request is null || errors.Any)
        {
            return errors.ToProblem();
        }

        var (outcome, id) = await member.Requests.CreateAsync(member.User.UserId(), enterprise, request, key, member.Now, ct);
        if (outcome == ServiceRequestStore.CreateOutcome.KeyReused)
        {
            return ApiProblem.Create(422, "idempotency.key_reused", "该 Idempotency-Key 已用于其他诉求");
        }

        var created = (await member.Requests.FindMineAsync(enterprise.Id, id, ct))!;
        return outcome == ServiceRequestStore.CreateOutcome.Repeated
            ? TypedResults.Ok(created)
            : TypedResults.Created($"/api/v1/me/service-requests/{id}", created);
    }

    private static async Task<Results<Ok<Paged<MyServiceRequestItem>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        [AsParameters] PaginationRequest pagination, [AsParameters] MemberServices member, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var page = pagination.Check(errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return await member.EnterpriseAsync(ct) is { } enterprise
            ? TypedResults.Ok(await member.Requests.ListMineAsync(enterprise.Id, page, ct))
            : NotMember();
    }

    private static async Task<Results<Ok<MyServiceRequest>, ProblemHttpResult>> GetAsync(long id, [AsParameters] MemberServices member,
        CancellationToken ct) =>
        await member.EnterpriseAsync(ct) is { } enterprise && await member.Requests.FindMineAsync(enterprise.Id, id, ct) is { } found
            ? TypedResults.Ok(found)
            : NotFound();

    private static async Task<Results<Ok<MyServiceRequest>, ValidationProblem, ProblemHttpResult>> ReplyAsync(
        long id, ServiceTextRequest request, [AsParameters] MemberServices member, CancellationToken ct)
    {
        if (ServiceRules.CheckText(request.Text, "text", "请填写留言") is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        if (await member.EnterpriseAsync(ct) is not { } enterprise)
        {
            return NotFound();
        }

        return await member.Requests.ReplyAsync(enterprise.Id, member.User.UserId(), id, request.Text!.Trim(), member.Now, ct) switch
        {
            ServiceRequestStore.ReplyOutcome.NotFound => NotFound(),
            ServiceRequestStore.ReplyOutcome.Final => Final(),
            _ => TypedResults.Ok((await member.Requests.FindMineAsync(enterprise.Id, id, ct))!),
        };
    }

    private static async Task<Results<Ok<MyServiceRequest>, ValidationProblem, ProblemHttpResult>> FeedbackAsync(
        long id, ServiceFeedbackRequest request, [AsParameters] MemberServices member, CancellationToken ct)
    {
        if (ServiceRules.CheckFeedback(request) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        if (await member.EnterpriseAsync(ct) is not { } enterprise)
        {
            return NotFound();
        }

        return await member.Requests.FeedbackAsync(enterprise.Id, member.User.UserId(), id, request.Solved!.Value, request.Rating!.Value,
                request.Comment.TrimToNull() ?? "", member.Now, ct) switch
        {
            ServiceRequestStore.FeedbackOutcome.NotFound => NotFound(),
            ServiceRequestStore.FeedbackOutcome.NotResolved => ApiProblem.Create(409, "service_request.feedback_not_open", "现在不能评价",
                "办结后才能评价，且每个诉求只能评价一次。"),
            _ => TypedResults.Ok((await member.Requests.FindMineAsync(enterprise.Id, id, ct))!),
        };
    }

    private static async Task<Results<Created<ServiceAttachment>, ValidationProblem, ProblemHttpResult>> AttachAsync(
        long id, [AsParameters] MemberServices member, HttpContext http, IOptions<StorageOptions> storage, CancellationToken ct)
    {
        if (await member.EnterpriseAsync(ct) is not { } enterprise)
        {
            return NotFound();
        }

        if (MultipartFile.Boundary(http.Request) is not { } boundary)
        {
            return ApiProblem.Create(415, "request.unsupported_media_type", "不支持的内容类型", "请以 multipart/form-data 上传，文件字段名为 file。");
        }

        var maxBytes = storage.Value.MaxUploadBytes;
        byte[] content;
        string name;
        try
        {
            // Held in memory (at most MaxUploadBytes) and sealed before it is written: nothing in clear reaches the disk.
            if (await MultipartFile.NextFileAsync(new MultipartReader(boundary, http.Request.Body), "附件", ct) is not var (section, fileName))
            {
                return new FieldErrors().Add("file", "请选择要上传的文件").ToProblem();
            }

            using var buffer = new MemoryStream();
            await LimitedStream.Guard(async () =>
            {
                await new LimitedStream(ReadOnlyMemory<byte>.Empty, section.Body, maxBytes).CopyToAsync(buffer, ct);
                return true;
            });
            (content, name) = (buffer.ToArray(), fileName);
        }
        catch (LimitedStream.TooLargeException)
        {
            return ApiProblem.Create(413, "file.too_large", "文件过大", $"单个文件不超过 {maxBytes / 1024 / 1024} MB。");
        }
        catch (LimitedStream.BrokenUploadException)
        {
            return ApiProblem.Create(400, "request.invalid", "上传内容格式不正确", "上传中断或格式有误，请重新选择文件上传。");
        }

        if (content.Length == 0 || await EvidenceKinds.ConfirmAsync(new MemoryStream(content, writable: false), ct) is not { } kind)
        {
            return new FieldErrors().Add("file", "只接受图片、PDF、Office 文档、音频或视频（按文件内容判断）").ToProblem();
        }

        name = name is { Length: > 0 and <= 200 } ? name : $"附件.{kind.Extension}";
        var (outcome, attachmentId) = await member.Requests.AttachAsync(enterprise.Id, member.User.UserId(), id, name, kind.ContentType,
            content, member.Now, ct);
        return outcome switch
        {
            ServiceRequestStore.AttachOutcome.NotFound => NotFound(),
            ServiceRequestStore.AttachOutcome.Final => Final(),
            ServiceRequestStore.AttachOutcome.Full => ApiProblem.Create(409, "service_request.attachments_full", "附件数量已达上限"),
            _ => TypedResults.Created($"/api/v1/me/service-requests/{id}/attachments/{attachmentId}",
                new ServiceAttachment(attachmentId, name, kind.ContentType, content.Length, member.Time.GetUtcNow())),
        };
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadAsync(long id, long attachmentId,
        [AsParameters] MemberServices member, CancellationToken ct) =>
        await member.EnterpriseAsync(ct) is { } enterprise
        && await member.Requests.ReadAttachmentAsync(id, attachmentId, enterprise.Id, ct) is { } found
            ? TypedResults.File(found.Content, found.ContentType, found.Name)
            : AttachmentNotFound();

    public static ProblemHttpResult NotFound() => ApiProblem.Create(404, "service_request.not_found", "找不到该诉求");

    public static ProblemHttpResult AttachmentNotFound() => ApiProblem.Create(404, "service_request.attachment_not_found", "找不到该附件");

    private static ProblemHttpResult Final() =>
        ApiProblem.Create(409, "service_request.final", "该诉求已结束", "已关闭、不予受理或已移送的诉求不能再补充。");

    private static ProblemHttpResult NotMember() =>
        ApiProblem.Create(404, "enterprise.not_member", "您尚未代表任何企业", "请先认领企业，经审核后即可提交诉求。");
}
