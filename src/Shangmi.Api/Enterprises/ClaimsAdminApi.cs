using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Shangmi.Api.Common;
using Shangmi.Api.Common.Problems;
using Shangmi.Api.Identity;
using Shangmi.Api.Identity.Staff;

namespace Shangmi.Api.Enterprises;

/// <summary>What the claim routes work with: the claims, the staff member's district scope, the history and the clock.</summary>
public sealed record ClaimStaffServices(ClaimStore Claims, StaffDistricts Districts, EnterpriseLog Log, TimeProvider Time)
{
    public Task<long?> ScopeAsync(ClaimsPrincipal me, CancellationToken ct) => Districts.ScopeOfAsync(me.StaffId(), ct);

    public DateTime Now => Time.GetUtcNow().UtcDateTime;
}

/// <summary>
/// Enterprise-services staff verify, reject and revoke claims, within their district: a claim outside it answers 404,
/// as if it did not exist. Reading a claim's full contact or its proof file is recorded.
/// </summary>
public static class ClaimsAdminApi
{
    public static RouteGroupBuilder MapClaimsAdmin(this IEndpointRouteBuilder app)
    {
        var claims = app.MapGroup("/api/v1/admin/enterprise-claims").WithTags("Enterprise claims (service staff)")
            .RequireAuthorization(AuthPolicies.Service);
        claims.MapGet("/", ListAsync).WithName("AdminListEnterpriseClaims")
            .WithSummary("Claims in my district (all for city-wide staff), oldest first; status defaults to pending. Mobiles masked.");
        claims.MapGet("/{id:long}", GetAsync).WithName("AdminGetEnterpriseClaim").WithSummary("One claim; the mobile masked.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        claims.MapGet("/{id:long}/contact", ContactAsync).WithName("AdminGetEnterpriseClaimContact")
            .WithSummary("A claim's contact in full (to call them); the read is recorded in the enterprise's history.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        claims.MapGet("/{id:long}/proof", ProofAsync).WithName("AdminGetEnterpriseClaimProof")
            .WithSummary("A claim's proof file (image or PDF); the read is recorded. Gone after the retention period.")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream").ProducesProblem(StatusCodes.Status404NotFound);
        claims.MapPost("/{id:long}/verify", VerifyAsync).WithName("VerifyEnterpriseClaim")
            .WithSummary("Verify a pending claim: the user becomes a member; a new enterprise becomes verified under the claimed name.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        claims.MapPost("/{id:long}/reject", RejectAsync).WithName("RejectEnterpriseClaim")
            .WithSummary("Reject a pending claim with a reason the user sees.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        claims.MapPost("/{id:long}/revoke", RevokeAsync).WithName("RevokeEnterpriseMember")
            .WithSummary("Revoke a verified member, with a reason the user sees.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return claims;
    }

    private static async Task<Results<Ok<Paged<StaffClaim>>, ValidationProblem>> ListAsync(
        [QueryEnum(typeof(ClaimStatus))] string? status, [AsParameters] PaginationRequest pagination, ClaimsPrincipal me,
        [AsParameters] ClaimStaffServices services, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var paging = pagination.Check(errors);
        var wanted = EnumQuery.Parse<ClaimStatus>(status, "status", errors) ?? ClaimStatus.Pending;
        return errors.Any
            ? errors.ToProblem()
            : TypedResults.Ok(await services.Claims.ListAsync(await services.ScopeAsync(me, ct), wanted, paging, ct));
    }

    private static async Task<Results<Ok<StaffClaim>, ProblemHttpResult>> GetAsync(
        long id, ClaimsPrincipal me, [AsParameters] ClaimStaffServices services, CancellationToken ct) =>
        await services.Claims.FindAsync(id, await services.ScopeAsync(me, ct), ct) is { } claim
            ? TypedResults.Ok(claim.ToStaff(null))
            : NotFound();

    private static async Task<Results<Ok<ClaimContact>, ProblemHttpResult>> ContactAsync(
        long id, ClaimsPrincipal me, [AsParameters] ClaimStaffServices services, CancellationToken ct)
    {
        if (await services.Claims.FindAsync(id, await services.ScopeAsync(me, ct), ct) is not { } claim
            || services.Claims.ContactOf(claim) is not { } contact)
        {
            return NotFound();
        }

        await services.Log.RecordReadAsync(claim.EnterpriseId, id, me.StaffId(), EnterpriseLog.Action.ContactRead, services.Now, ct);
        return TypedResults.Ok(contact);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ProofAsync(
        long id, ClaimsPrincipal me, [AsParameters] ClaimStaffServices services, CancellationToken ct)
    {
        if (await services.Claims.FindAsync(id, await services.ScopeAsync(me, ct), ct) is not { } claim
            || await services.Claims.ProofOfAsync(claim, ct) is not { } proof)
        {
            return ApiProblem.Create(404, "enterprise_claim.proof_not_found", "找不到证明材料", "可能从未上传，或已过保存期限被删除。");
        }

        await services.Log.RecordReadAsync(claim.EnterpriseId, id, me.StaffId(), EnterpriseLog.Action.ProofRead, services.Now, ct);
        return TypedResults.File(proof, claim.ProofType ?? "application/octet-stream");
    }

    private static async Task<Results<Ok<StaffClaim>, ValidationProblem, ProblemHttpResult>> VerifyAsync(
        long id, ClaimsPrincipal me, [AsParameters] ClaimStaffServices services, CancellationToken ct)
    {
        var scope = await services.ScopeAsync(me, ct);
        return await DecidedAsync(id, services, await services.Claims.VerifyAsync(id, scope, me.StaffId(), services.Now, ct), ct);
    }

    private static async Task<Results<Ok<StaffClaim>, ValidationProblem, ProblemHttpResult>> RejectAsync(
        long id, ReasonRequest request, ClaimsPrincipal me, [AsParameters] ClaimStaffServices services, CancellationToken ct)
    {
        var (errors, reason) = EnterpriseRules.CheckReason(request);
        if (reason is null)
        {
            return errors.ToProblem();
        }

        var scope = await services.ScopeAsync(me, ct);
        return await DecidedAsync(id, services, await services.Claims.RejectAsync(id, scope, me.StaffId(), reason, services.Now, ct), ct);
    }

    private static async Task<Results<Ok<StaffClaim>, ValidationProblem, ProblemHttpResult>> RevokeAsync(
        long id, ReasonRequest request, ClaimsPrincipal me, [AsParameters] ClaimStaffServices services, CancellationToken ct)
    {
        var (errors, reason) = EnterpriseRules.CheckReason(request);
        if (reason is null)
        {
            return errors.ToProblem();
        }

        var scope = await services.ScopeAsync(me, ct);
        switch (await services.Claims.RevokeAsync(id, scope, me.StaffId(), reason, services.Now, ct))
        {
            case ClaimStore.RevokeOutcome.NotFound:
                return NotFound();
            case ClaimStore.RevokeOutcome.NotMember:
                return ApiProblem.Create(409, "enterprise_claim.not_member", "该认领不是已认证的成员，不能撤销");
        }

        return TypedResults.Ok((await services.Claims.FindAsync(id, null, ct))!.ToStaff(null));
    }

    private static async Task<Results<Ok<StaffClaim>, ValidationProblem, ProblemHttpResult>> DecidedAsync(long id, ClaimStaffServices services,
        ClaimStore.DecideOutcome outcome, CancellationToken ct) =>
        outcome switch
        {
            ClaimStore.DecideOutcome.NotFound => NotFound(),
            ClaimStore.DecideOutcome.NotPending => ApiProblem.Create(409, "enterprise_claim.not_pending", "该认领已处理"),
            _ => TypedResults.Ok((await services.Claims.FindAsync(id, null, ct))!.ToStaff(null)),
        };

    private static ProblemHttpResult NotFound() => ApiProblem.Create(404, "enterprise_claim.not_found", "找不到该认领");
}
