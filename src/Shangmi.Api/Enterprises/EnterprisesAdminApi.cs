using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Shangmi.Api.Common;
using Shangmi.Api.Common.Problems;
using Shangmi.Api.Identity;
using Shangmi.Api.Identity.Staff;

namespace Shangmi.Api.Enterprises;

/// <summary>What the enterprise routes work with: the stores, the staff member's district scope and the clock.</summary>
public sealed record EnterpriseStaffServices(
    EnterpriseStore Enterprises, ProfileStore Profiles, ClaimStore Claims, StaffDistricts Districts, EnterpriseLog Log, TimeProvider Time,
    IOutputCacheStore Cache)
{
    public Task<long?> ScopeAsync(ClaimsPrincipal me, CancellationToken ct) => Districts.ScopeOfAsync(me.StaffId(), ct);

    public DateTime Now => Time.GetUtcNow().UtcDateTime;
}

/// <summary>The list filters of the enterprise list and its export, bound from the query.</summary>
public readonly record struct EnterpriseQuery(
    [FromQuery(Name = "districtId")] long? DistrictId, [FromQuery(Name = "industryId")] long? IndustryId,
    [FromQuery(Name = "tagId")] long? TagId, [FromQuery(Name = "designation"), QueryEnum(typeof(Designation))] string? Designation,
    [FromQuery(Name = "status"), QueryEnum(typeof(EnterpriseStatus))] string? Status,
    [FromQuery(Name = "pendingClaims")] bool? PendingClaims, [FromQuery(Name = "q")] string? Q)
{
    public EnterpriseFilter Check(FieldErrors errors)
    {
        var designation = EnumQuery.Parse<Designation>(Designation, "designation", errors);
        var status = EnumQuery.Parse<EnterpriseStatus>(Status, "status", errors);
        errors.Check(Q is null || Q.Trim().Length <= 50, "q", "搜索词不超过 50 字");
        return new EnterpriseFilter(DistrictId, IndustryId, TagId, designation, status, PendingClaims == true, Q.TrimToNull());
    }
}

/// <summary>
/// Enterprise-services staff list and read enterprises, decide members' name or code changes and set designations,
/// within their district: an enterprise outside it answers 404, as if it did not exist.
/// </summary>
public static class EnterprisesAdminApi
{
    public static RouteGroupBuilder MapEnterprisesAdmin(this IEndpointRouteBuilder app)
    {
        var enterprises = app.MapGroup("/api/v1/admin/enterprises").WithTags("Enterprises (service staff)")
            .RequireAuthorization(AuthPolicies.Service);
        enterprises.MapGet("/", ListAsync).WithName("AdminListEnterprises")
            .WithSummary("Enterprises in my district (all for city-wide staff); filter by district, industry, tag, designation, status, "
                         + "pendingClaims and q (name or credit code).");
        enterprises.MapGet("/{id:long}", GetAsync).WithName("AdminGetEnterprise")
            .WithSummary("An enterprise with its claims and members (mobiles masked) and its history; the read is recorded.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        enterprises.MapPost("/{id:long}/verify", VerifyChangeAsync).WithName("VerifyEnterpriseChange")
            .WithSummary("Apply the name or credit code change a member asked for.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        enterprises.MapPost("/{id:long}/reject", RejectChangeAsync).WithName("RejectEnterpriseChange")
            .WithSummary("Refuse the name or credit code change, with a reason the members see.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        enterprises.MapGet("/{id:long}/liaison-candidates", LiaisonCandidatesAsync).WithName("LiaisonCandidates")
            .WithSummary("The staff who may be this enterprise's liaison officer: active service accounts, city-wide or of its district.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        enterprises.MapPut("/{id:long}/liaison-point", SetLiaisonPointAsync).WithName("DesignateLiaisonPoint")
            .WithSummary("Make a verified enterprise a liaison point (联络点) since a date, with a staff member as liaison officer.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        enterprises.MapDelete("/{id:long}/liaison-point", (long id, ClaimsPrincipal me, [AsParameters] EnterpriseStaffServices services,
                CancellationToken ct) => ClearAsync(id, Designation.LiaisonPoint, me, services, ct))
            .WithName("UndesignateLiaisonPoint").WithSummary("The enterprise is no longer a liaison point.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        enterprises.MapPut("/{id:long}/demonstration", SetDemonstrationAsync).WithName("DesignateDemonstration")
            .WithSummary("Recognise a verified enterprise as a demonstration enterprise (示范企业): year and public text.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        enterprises.MapDelete("/{id:long}/demonstration", (long id, ClaimsPrincipal me, [AsParameters] EnterpriseStaffServices services,
                CancellationToken ct) => ClearAsync(id, Designation.Demonstration, me, services, ct))
            .WithName("UndesignateDemonstration").WithSummary("The enterprise is no longer a demonstration enterprise.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return enterprises;
    }

    private static async Task<Results<Ok<Paged<StaffEnterpriseSummary>>, ValidationProblem>> ListAsync(
        [AsParameters] EnterpriseQuery query, [AsParameters] PaginationRequest pagination, ClaimsPrincipal me,
        [AsParameters] EnterpriseStaffServices services, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var paging = pagination.Check(errors);
        var filter = query.Check(errors);
        return errors.Any
            ? errors.ToProblem()
            : TypedResults.Ok(await services.Enterprises.ListAsync(await services.ScopeAsync(me, ct), filter, paging, ct));
    }

    private static async Task<Results<Ok<StaffEnterpriseDetail>, ProblemHttpResult>> GetAsync(
        long id, ClaimsPrincipal me, [AsParameters] EnterpriseStaffServices services, CancellationToken ct)
    {
        if (!await services.Enterprises.InScopeAsync(id, await services.ScopeAsync(me, ct), ct)
            || await services.Enterprises.ProfileAsync(id, ct) is not { } profile)
        {
            return NotFound();
        }

        // The members' names are personal data: opening them is recorded, as every read of a claim's secrets is.
        var claims = (await services.Claims.OfEnterpriseAsync(id, ct))
            .Select(c => c.ToStaff(services.Claims.ContactOf(c)?.ContactName)).ToList();
        await services.Log.RecordReadAsync(id, null, me.StaffId(), EnterpriseLog.Action.Viewed, services.Now, ct);
        return TypedResults.Ok(new StaffEnterpriseDetail(profile, claims, await services.Enterprises.HistoryAsync(id, ct)));
    }

    private static async Task<Results<Ok<EnterpriseProfile>, ValidationProblem, ProblemHttpResult>> VerifyChangeAsync(
        long id, ClaimsPrincipal me, [AsParameters] EnterpriseStaffServices services, CancellationToken ct) =>
        await ChangedAsync(id, services,
            await services.Profiles.VerifyChangeAsync(id, await services.ScopeAsync(me, ct), me.StaffId(), services.Now, ct), ct);

    private static async Task<Results<Ok<EnterpriseProfile>, ValidationProblem, ProblemHttpResult>> RejectChangeAsync(
        long id, ReasonRequest request, ClaimsPrincipal me, [AsParameters] EnterpriseStaffServices services, CancellationToken ct)
    {
        var (errors, reason) = EnterpriseRules.CheckReason(request);
        if (reason is null)
        {
            return errors.ToProblem();
        }

        return await ChangedAsync(id, services,
            await services.Profiles.RejectChangeAsync(id, await services.ScopeAsync(me, ct), me.StaffId(), reason, services.Now, ct), ct);
    }

    private static async Task<Results<Ok<EnterpriseProfile>, ValidationProblem, ProblemHttpResult>> SetLiaisonPointAsync(
        long id, LiaisonPointRequest request, ClaimsPrincipal me, [AsParameters] EnterpriseStaffServices services, CancellationToken ct)
    {
        if (EnterpriseRules.CheckLiaisonPoint(request) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        var outcome = await services.Enterprises.SetLiaisonPointAsync(id, await services.ScopeAsync(me, ct), request.Since!.Value,
            request.LiaisonStaffId!.Value, me.StaffId(), services.Now, ct);
        return outcome == EnterpriseStore.DesignateOutcome.UnknownStaff
            ? new FieldErrors().Add("liaisonStaffId", "联络员须为在用的企业服务（service）账号，且为全市或本企业所在区的账号").ToProblem()
            : await DesignatedAsync(id, services, outcome, ct);
    }

    private static async Task<Results<Ok<IReadOnlyList<LiaisonCandidate>>, ProblemHttpResult>> LiaisonCandidatesAsync(
        long id, ClaimsPrincipal me, [AsParameters] EnterpriseStaffServices services, CancellationToken ct) =>
        await services.Enterprises.InScopeAsync(id, await services.ScopeAsync(me, ct), ct)
            ? TypedResults.Ok(await services.Enterprises.LiaisonCandidatesAsync(id, ct))
            : NotFound();

    private static async Task<Results<Ok<EnterpriseProfile>, ValidationProblem, ProblemHttpResult>> SetDemonstrationAsync(
        long id, DemonstrationRequest request, ClaimsPrincipal me, [AsParameters] EnterpriseStaffServices services, CancellationToken ct)
    {
        var (errors, demonstration) = EnterpriseRules.CheckDemonstration(request);
        if (demonstration is null)
        {
            return errors.ToProblem();
        }

        return await DesignatedAsync(id, services, await services.Enterprises.SetDemonstrationAsync(id, await services.ScopeAsync(me, ct),
            demonstration, me.StaffId(), services.Now, ct), ct);
    }

    private static async Task<Results<Ok<EnterpriseProfile>, ProblemHttpResult>> ClearAsync(
        long id, Designation designation, ClaimsPrincipal me, EnterpriseStaffServices services, CancellationToken ct) =>
        await services.Enterprises.ClearAsync(id, await services.ScopeAsync(me, ct), designation, me.StaffId(), services.Now, ct)
            == EnterpriseStore.DesignateOutcome.Done
            ? TypedResults.Ok(await PublishedAsync(id, services, ct))
            : NotFound();

    private static async Task<Results<Ok<EnterpriseProfile>, ValidationProblem, ProblemHttpResult>> DesignatedAsync(
        long id, EnterpriseStaffServices services, EnterpriseStore.DesignateOutcome outcome, CancellationToken ct) =>
        outcome == EnterpriseStore.DesignateOutcome.Done ? TypedResults.Ok(await PublishedAsync(id, services, ct)) : NotFound();

    /// <summary>The public list of demonstration enterprises shows designations and names: a change must not wait for the cache.</summary>
    private static async Task<EnterpriseProfile> PublishedAsync(long id, EnterpriseStaffServices services, CancellationToken ct)
    {
        await PublicContentCache.EvictAsync(services.Cache, ct);
        return (await services.Enterprises.ProfileAsync(id, ct))!;
    }

    private static async Task<Results<Ok<EnterpriseProfile>, ValidationProblem, ProblemHttpResult>> ChangedAsync(
        long id, EnterpriseStaffServices services, ProfileStore.ChangeOutcome outcome, CancellationToken ct) =>
        outcome switch
        {
            ProfileStore.ChangeOutcome.NotFound => NotFound(),
            ProfileStore.ChangeOutcome.NoChange => ApiProblem.Create(409, "enterprise.no_change_pending", "该企业没有待审核的名称或代码变更"),
            ProfileStore.ChangeOutcome.CodeTaken => ApiProblem.Create(409, "enterprise.code_taken", "该统一社会信用代码已属于另一家企业"),
            _ => TypedResults.Ok(await PublishedAsync(id, services, ct)),
        };

    private static ProblemHttpResult NotFound() => ApiProblem.Create(404, "enterprise.not_found", "找不到该企业");
}
