using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Shangmi.Api.Common;
using Shangmi.Api.Common.Problems;
using Shangmi.Api.Common.RateLimiting;

namespace Shangmi.Api.Tips;

/// <summary>
/// The whistleblower's routes. They take no login and read nothing about the caller: no token, no address (beyond
/// the in-memory rate limits), no device data. A wrong receipt code always gets the same 404.
/// </summary>
public static class TipsApi
{
    public const string ReceiptHeader = "X-Receipt-Code";

    /// <summary>A receipt is 16 random digits, shown in groups of four; spaces and hyphens are ignored when read.</summary>
    public const int ReceiptDigits = 16;

    public const int ReceiptGroupSize = 4;

    public const string ReceiptPattern = @"^\d{4}[ -]?\d{4}[ -]?\d{4}[ -]?\d{4}$";

    public static RouteGroupBuilder MapTips(this IEndpointRouteBuilder app)
    {
        var maxBytes = app.ServiceProvider.GetRequiredService<IOptions<TipOptions>>().Value.MaxAttachmentBytes;
        var api = app.MapGroup("/api/v1");
        api.MapGet("/tip-categories", CategoriesAsync).WithTags("Tips").WithName("ListTipCategories")
            .WithSummary("Categories of infringement for the tip form (Article 9 of the Anti-Unfair Competition Law).")
            .RequireRateLimiting(RateLimitPolicies.PublicRead);

        var tips = api.MapGroup("/tips").WithTags("Tips").AllowAnonymous();
        tips.MapPost("/", SubmitAsync).WithName("SubmitTip").RequireRateLimiting(RateLimitPolicies.TipSubmit).AcceptsIdempotencyKey()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Submit an anonymous tip; the answer's receiptCode is shown once and never stored. An Idempotency-Key "
                         + "(random UUID v4) makes a retry of the same tip within 24 h return the same receipt; the same key "
                         + "with another tip is 422 idempotency.key_reused.");
        tips.MapGet("/mine", MineAsync).WithName("MyTip").RequiresReceiptCode()
            .WithSummary("Status, timeline, messages and evidence list of the tip whose receipt code is in X-Receipt-Code.");
        tips.MapPost("/mine/messages", MessageAsync).WithName("MyTipMessage").RequiresReceiptCode().AcceptsIdempotencyKey()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Write to the case officer; 201 with the message. An Idempotency-Key (random UUID v4) makes a retry "
                         + "answer 200 with the first message instead of adding it twice; 409 tip.final once the tip is finished.");
        tips.MapPost("/mine/attachments", AttachAsync).WithName("MyTipAttachment").RequiresReceiptCode().AcceptsIdempotencyKey()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Add evidence in one request (multipart/form-data, field `file`): photos, PDF, Office documents without "
                         + "macros, audio, video; checked by content, encrypted as it streams in. An Idempotency-Key (random UUID "
                         + "v4) makes a retry answer 200 with the first file. Large files: use /mine/uploads.")
            .Accepts<TipEvidenceForm>("multipart/form-data")
            .RequireRateLimiting(RateLimitPolicies.TipUpload)
            .WithMetadata(new RequestSizeLimitAttribute(maxBytes + 1024 * 1024))
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        tips.MapTipUploads();
        return api;
    }

    private static async Task<Ok<IReadOnlyList<TipCategory>>> CategoriesAsync(TipCategoryStore categories, CancellationToken ct) =>
        TypedResults.Ok(await categories.CategoriesAsync(activeOnly: true, ct));

    private static async Task<Results<Created<TipReceipt>, Ok<TipReceipt>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        TipRequest request, [AsParameters] ReporterServices reporter, TipCategoryStore categoryStore, IOptions<TipOptions> options,
        CancellationToken ct)
    {
        var (http, tips, time) = reporter;
        var (key, keyError) = IdempotencyKeys.Read(http);
        var categories = (await categoryStore.CategoriesAsync(activeOnly: true, ct)).Select(c => c.Code).ToHashSet();
        var (errors, report, identity) = TipRules.CheckSubmission(request, categories, options.Value.MaxDescriptionLength);
        if (errors.Check(keyError is null, IdempotencyKeys.Header, keyError ?? "").Any)
        {
            return errors.ToProblem();
        }

        var (outcome, receipt, submittedAt) = await tips.SubmitAsync(request.CategoryCode!, report!, identity, key,
            time.GetUtcNow().UtcDateTime, ct);
        if (outcome == ReporterTipStore.SubmitOutcome.KeyReused)
        {
            return ApiProblem.Create(422, "idempotency.key_reused", "该 Idempotency-Key 已用于另一条线索",
                "每次填写新线索时请生成新的 Idempotency-Key；只有重试同一条线索时才重复使用。");
        }

        var answer = new TipReceipt(Grouped(receipt), Data.DbTime.FromUtc(submittedAt));
        return outcome == ReporterTipStore.SubmitOutcome.Repeated ? TypedResults.Ok(answer) : TypedResults.Created("/api/v1/tips/mine", answer);
    }

    private static async Task<Results<Ok<MyTip>, ProblemHttpResult>> MineAsync(
        [AsParameters] ReporterServices reporter, CancellationToken ct)
    {
        var (tipId, refusal) = await reporter.Tips.ResolveAsync(reporter.Http, ct);
        return refusal ?? (Results<Ok<MyTip>, ProblemHttpResult>)TypedResults.Ok(await reporter.Tips.MyTipAsync(tipId, ct));
    }

    private static async Task<Results<Created<TipMessage>, Ok<TipMessage>, ValidationProblem, ProblemHttpResult>> MessageAsync(
        TipMessageRequest request, [AsParameters] ReporterServices reporter, CancellationToken ct)
    {
        var (http, tips, time) = reporter;
        var (tipId, refusal) = await tips.ResolveAsync(http, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        var (key, keyError) = IdempotencyKeys.Read(http);
        var errors = TipRules.CheckMessage(request.Text, out var text)
            .Check(keyError is null, IdempotencyKeys.Header, keyError ?? "");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return await tips.AddMessageAsync(tipId, text!, key, time.GetUtcNow().UtcDateTime, ct) switch
        {
            (ReporterTipStore.AddMessageOutcome.TipFinal, _) => TipAttachmentStore.TipFinal(),
            (ReporterTipStore.AddMessageOutcome.Repeated, var earlier) => TypedResults.Ok(earlier!),
            (_, var added) => TypedResults.Created("/api/v1/tips/mine", added!),
        };
    }

    private static async Task<Results<Created<TipAttachmentInfo>, Ok<TipAttachmentInfo>, ValidationProblem, ProblemHttpResult>> AttachAsync(
        [AsParameters] ReporterServices reporter, [AsParameters] EvidenceServices evidence, CancellationToken ct)
    {
        var http = reporter.Http;
        var (attachments, files, crypto) = evidence;
        var (tipId, refusal) = await reporter.Tips.ResolveAsync(http, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        var (key, keyError) = IdempotencyKeys.Read(http);
        if (keyError is not null)
        {
            return new FieldErrors().Add(IdempotencyKeys.Header, keyError).ToProblem();
        }

        var keyHash = key is null ? null : crypto.HashIdempotencyKey(key);
        if (keyHash is not null && await attachments.FindByIdempotencyAsync(tipId, keyHash, ct) is { } earlier)
        {
            return TypedResults.Ok(earlier);
        }

        if (MultipartFile.Boundary(http.Request) is not { } boundary)
        {
            return ApiProblem.Create(415, "request.unsupported_media_type", "不支持的内容类型", "请以 multipart/form-data 上传，文件字段名为 file。");
        }

        // The request's length bounds the file; without one, reserve the largest file allowed.
        var max = attachments.Settings.MaxAttachmentBytes;
        var (upload, busy) = await attachments.ReserveAsync(http, tipId, Math.Min(http.Request.ContentLength ?? max, max), resumable: false,
            name: null, ct);
        if (busy is not null)
        {
            return busy;
        }

        var finished = false;
        try
        {
            var reader = new MultipartReader(boundary, http.Request.Body);
            if (await MultipartFile.NextFileAsync(reader, "证据", ct) is var (section, name))
            {
                var head = new byte[EvidenceKinds.SniffLength];
                var read = await LimitedStream.Guard(() => section.Body.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct).AsTask());
                if (EvidenceKinds.Detect(head.AsSpan(0, read)) is null)
                {
                    return TipAttachmentStore.NotEvidence();
                }

                long size;
                await using (var file = files.OpenPartial(upload!.StorageKey, create: true))
                {
                    var prefix = EvidenceChunks.NewPrefix();
                    await file.WriteAsync(prefix, ct);
                    size = await EvidenceChunks.EncryptAsync(upload.Seal(crypto), prefix, 0,
                        new LimitedStream(head.AsMemory(0, read), section.Body, max), file, fileSize: null, ct);
                }

                finished = true;
                return (await attachments.FinishAsync(upload, size, name.Length > 200 ? name[..200] : name, keyHash)).Result switch
                {
                    Created<TipAttachmentInfo> created => created,
                    ValidationProblem invalid => invalid,
                    var other => (ProblemHttpResult)other,
                };
            }

            return new FieldErrors().Add("file", "请选择要上传的文件").ToProblem();
        }
        catch (LimitedStream.TooLargeException)
        {
            return ApiProblem.Create(413, "tip.attachment_too_large", "文件过大",
                $"单个文件不超过 {TipRules.Megabytes(max)} MB。");
        }
        catch (LimitedStream.BrokenUploadException)
        {
            return ApiProblem.Create(400, "request.invalid", "上传内容格式不正确", "上传中断或格式有误，请重新选择文件上传。");
        }
        finally
        {
            if (!finished)
            {
                await attachments.ReleaseAsync(upload!);
            }
        }
    }

    private static string Grouped(string digits) =>
        string.Join(' ', Enumerable.Range(0, ReceiptDigits / ReceiptGroupSize).Select(i => digits.Substring(i * ReceiptGroupSize, ReceiptGroupSize)));
}

/// <summary>
/// What every reporter handler needs besides its own input: the request (the receipt code, the Idempotency-Key),
/// the reporter's store and the clock. Bound with <c>[AsParameters]</c>.
/// </summary>
public readonly record struct ReporterServices(HttpContext Http, ReporterTipStore Tips, TimeProvider Time);

/// <summary>What a handler taking evidence needs: the evidence store (rows, quotas, publishing), the files and the keys.</summary>
public readonly record struct EvidenceServices(TipAttachmentStore Attachments, TipEvidenceStore Files, TipCrypto Crypto);
