using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Shangmi.Api.Common;
using Shangmi.Api.Common.Problems;
using Shangmi.Api.Common.RateLimiting;
using Shangmi.Api.Files;
using Shangmi.Api.Identity;
using Shangmi.Api.Reference;

namespace Shangmi.Api.Enterprises;

/// <summary>What the claim handler works with, bound as one parameter.</summary>
public sealed record ClaimServices(ClaimStore Claims, ReferenceStore Reference, IOptions<StorageOptions> Storage, TimeProvider Time);

/// <summary>A signed-in user claims an enterprise, sees and edits it, leaves it; the public reads demonstration enterprises.</summary>
public static class EnterprisesApi
{
    public static RouteGroupBuilder MapEnterprises(this IEndpointRouteBuilder app)
    {
        var maxBytes = app.ServiceProvider.GetRequiredService<IOptions<StorageOptions>>().Value.MaxUploadBytes;
        var api = app.MapGroup("/api/v1");
        var me = api.MapGroup("/me").WithTags("My enterprise").RequireAuthorization(AuthPolicies.User);
        me.MapPost("/enterprise-claims", ClaimAsync).WithName("ClaimEnterprise")
            .WithSummary("Claim to act for an enterprise (multipart/form-data: creditCode, name, contactName, mobile, position, "
                         + "districtId, optional file `proof`). A code already verified makes a member claim. Staff verify it; "
                         + "one claim or enterprise per user at a time (409 otherwise).")
            .DisableAntiforgery() // bearer tokens, not cookies: there is no cross-site form to forge
            .RequireRateLimiting(RateLimitPolicies.EnterpriseClaim)
            .WithMetadata(new RequestSizeLimitAttribute(maxBytes + 64 * 1024))
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        me.MapGet("/enterprise", GetMineAsync).WithName("MyEnterprise")
            .WithSummary("My latest claim (status, reason) and, once verified, the enterprise's profile.");
        me.MapPut("/enterprise", UpdateMineAsync).WithName("UpdateMyEnterprise")
            .WithSummary("A verified member edits the whole profile (every field sent). A new name or credit code waits for staff "
                         + "(status reverify); the district, once set, only staff change (409); other fields change at once and are recorded.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        me.MapPost("/enterprise/leave", LeaveAsync).WithName("LeaveEnterprise")
            .WithSummary("Withdraw my pending claim or stop acting for my enterprise.").ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPublicContent("", "Enterprises").MapGet("/demonstration-enterprises", DemonstrationsAsync)
            .WithName("ListDemonstrationEnterprises").WithSummary("Demonstration enterprises (示范企业) that agreed to be listed, with the year and their public text.");
        return api;
    }

    private static async Task<Results<Created<MyClaim>, ValidationProblem, ProblemHttpResult>> ClaimAsync(
        [AsParameters] ClaimForm form, IFormFile? proof, ClaimsPrincipal user, [AsParameters] ClaimServices services, CancellationToken ct)
    {
        var (errors, claim) = EnterpriseRules.CheckClaim(form, await services.Reference.VocabularyAsync(ct));
        ProofUpload? upload = null;
        var maxBytes = services.Storage.Value.MaxUploadBytes;
        if (proof is { Length: > 0 } file)
        {
            if (file.Length > maxBytes)
            {
                return ApiProblem.Create(413, "file.too_large", "文件过大", $"单个文件不超过 {maxBytes / 1024 / 1024} MB。");
            }

            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            var content = buffer.ToArray();
            if (EnterpriseRules.ProofContentType(content.AsSpan(0, Math.Min(content.Length, 16))) is { } type)
            {
                upload = new ProofUpload(content, type);
            }
            else
            {
                errors.Add("proof", "证明材料须为图片或 PDF 文件（按文件内容判断）");
            }
        }

        if (claim is null || errors.Any)
        {
            return errors.ToProblem();
        }

        var userId = user.UserId();
        var (outcome, id) = await services.Claims.CreateAsync(userId, claim, upload, services.Time.GetUtcNow().UtcDateTime, ct);
        switch (outcome)
        {
            case ClaimStore.CreateOutcome.AlreadyPending:
                return ApiProblem.Create(409, "enterprise_claim.pending", "您已有一份待审核的认领", "请等待审核结果，或先撤回后再提交。");
            case ClaimStore.CreateOutcome.AlreadyMember:
                return ApiProblem.Create(409, "enterprise_claim.member", "您已代表一家企业", "一个账号同一时间只能代表一家企业；请先退出当前企业。");
        }

        return TypedResults.Created("/api/v1/me/enterprise", (await services.Claims.LatestOfAsync(userId, ct))!.ToMine());
    }

    private static async Task<Ok<MyEnterprise>> GetMineAsync(ClaimsPrincipal user, ClaimStore claims, EnterpriseStore enterprises,
        CancellationToken ct) =>
        TypedResults.Ok(await MineAsync(user.UserId(), claims, enterprises, ct));

    private static async Task<Results<Ok<MyEnterprise>, ValidationProblem, ProblemHttpResult>> UpdateMineAsync(
        EnterpriseProfileRequest request, ClaimsPrincipal user, ProfileStore profiles, [AsParameters] MyEnterpriseServices services,
        CancellationToken ct)
    {
        var vocabulary = await services.Reference.VocabularyAsync(ct);
        var (errors, profile) = EnterpriseRules.CheckMemberProfile(request, vocabulary);
        if (profile is null)
        {
            return errors.ToProblem();
        }

        switch (await profiles.UpdateAsync(user.UserId(), profile, vocabulary, services.Time.GetUtcNow().UtcDateTime, ct))
        {
            case ProfileStore.UpdateOutcome.NotMember:
                return NotMember();
            case ProfileStore.UpdateOutcome.CodeTaken:
                return ApiProblem.Create(409, "enterprise.code_taken", "该统一社会信用代码已属于另一家企业");
            case ProfileStore.UpdateOutcome.DistrictLocked:
                return ApiProblem.Create(409, "enterprise.district_locked", "企业所在行政区不能自行修改",
                    "行政区决定由哪个区的市场监管部门为企业服务；如企业迁址，请联系市场监管部门由工作人员变更。");
        }

        return TypedResults.Ok(await MineAsync(user.UserId(), services.Claims, services.Enterprises, ct));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> LeaveAsync(ClaimsPrincipal user, ClaimStore claims, TimeProvider time,
        CancellationToken ct) =>
        await claims.LeaveAsync(user.UserId(), time.GetUtcNow().UtcDateTime, ct) == ClaimStore.LeaveOutcome.Done
            ? TypedResults.NoContent()
            : NotMember();

    private static async Task<Ok<IReadOnlyList<PublicDemonstration>>> DemonstrationsAsync(EnterpriseStore enterprises, CancellationToken ct) =>
        TypedResults.Ok(await enterprises.DemonstrationsAsync(ct));

    private static async Task<MyEnterprise> MineAsync(long userId, ClaimStore claims, EnterpriseStore enterprises, CancellationToken ct)
    {
        var claim = await claims.LatestOfAsync(userId, ct);
        var profile = claim is { Status: ClaimStatus.Verified, EnterpriseId: { } id } ? await enterprises.ProfileAsync(id, ct) : null;
        return new MyEnterprise(claim?.ToMine(), profile);
    }

    private static ProblemHttpResult NotMember() => ApiProblem.Create(404, "enterprise.not_member", "您尚未代表任何企业");
}

/// <summary>What the profile edit works with besides the profile store.</summary>
public sealed record MyEnterpriseServices(ClaimStore Claims, EnterpriseStore Enterprises, ReferenceStore Reference, TimeProvider Time);
