using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OutputCaching;
using Shangmi.Api.Common;
using Shangmi.Api.Common.Problems;
using Shangmi.Api.Identity;
using Shangmi.Api.Identity.Staff;
using Shangmi.Api.Reference;

namespace Shangmi.Api.ServiceNetwork;

/// <summary>What the network's staff routes work with, bound as one parameter.</summary>
public sealed record NetworkStaffServices(
    NetworkStore Network, ReferenceStore Reference, StaffDistricts Districts, TimeProvider Time, IOutputCacheStore Cache)
{
    /// <summary>After an edit: the public lists of this instance show it at once.</summary>
    public async Task<T> ChangedAsync<T>(T result, CancellationToken ct)
    {
        await PublicContentCache.EvictAsync(Cache, ct);
        return result;
    }

    public Task<long?> ScopeAsync(ClaimsPrincipal me, CancellationToken ct) => Districts.ScopeOfAsync(me.StaffId(), ct);

    public DateTime Now => Time.GetUtcNow().UtcDateTime;
}

/// <summary>
/// Enterprise-services staff keep the bases and liaison officers of their district (city-wide staff: all of them);
/// a row of another district answers 404.
/// </summary>
public static class NetworkAdminApi
{
    private const string OutsideScope = "只能维护本辖区的服务网络";

    public static RouteGroupBuilder MapServiceNetworkAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin").WithTags("Service network (service staff)").RequireAuthorization(AuthPolicies.Service);
        admin.MapPost("/bases", CreateBaseAsync).WithName("CreateServiceBase").WithSummary("Add a protection base in my district.");
        admin.MapPut("/bases/{id:long}", UpdateBaseAsync).WithName("UpdateServiceBase").WithSummary("Rewrite a base (every field).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapDelete("/bases/{id:long}", DeleteBaseAsync).WithName("DeleteServiceBase").WithSummary("Remove a base.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/liaison-officers", CreateOfficerAsync).WithName("CreateLiaisonOfficer")
            .WithSummary("Add a district liaison officer (office phone only).");
        admin.MapPut("/liaison-officers/{id:long}", UpdateOfficerAsync).WithName("UpdateLiaisonOfficer")
            .WithSummary("Rewrite a liaison officer.").ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapDelete("/liaison-officers/{id:long}", DeleteOfficerAsync).WithName("DeleteLiaisonOfficer")
            .WithSummary("Remove a liaison officer.").ProducesProblem(StatusCodes.Status404NotFound);
        return admin;
    }

    private static async Task<Results<Created<ServiceBase>, ValidationProblem>> CreateBaseAsync(
        ServiceBaseRequest request, ClaimsPrincipal me, [AsParameters] NetworkStaffServices services, CancellationToken ct)
    {
        var (errors, checkedBase) = NetworkRules.CheckBase(request, await services.Reference.VocabularyAsync(ct));
        var scope = await services.ScopeAsync(me, ct);
        errors.Check(scope is null || request.DistrictId == scope, "districtId", OutsideScope);
        if (checkedBase is null || errors.Any)
        {
            return errors.ToProblem();
        }

        var id = await services.Network.CreateBaseAsync(checkedBase, services.Now, ct);
        return await services.ChangedAsync(
            TypedResults.Created($"/api/v1/bases?districtId={checkedBase.DistrictId}", (await services.Network.BaseAsync(id, ct))!), ct);
    }

    private static async Task<Results<Ok<ServiceBase>, ValidationProblem, ProblemHttpResult>> UpdateBaseAsync(
        long id, ServiceBaseRequest request, ClaimsPrincipal me, [AsParameters] NetworkStaffServices services, CancellationToken ct)
    {
        var (errors, checkedBase) = NetworkRules.CheckBase(request, await services.Reference.VocabularyAsync(ct));
        if (checkedBase is null)
        {
            return errors.ToProblem();
        }

        return await services.Network.UpdateBaseAsync(id, checkedBase, await services.ScopeAsync(me, ct), services.Now, ct)
            ? await services.ChangedAsync(TypedResults.Ok((await services.Network.BaseAsync(id, ct))!), ct)
            : BaseNotFound();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteBaseAsync(
        long id, ClaimsPrincipal me, [AsParameters] NetworkStaffServices services, CancellationToken ct) =>
        await services.Network.DeleteBaseAsync(id, await services.ScopeAsync(me, ct), ct)
            ? await services.ChangedAsync(TypedResults.NoContent(), ct)
            : BaseNotFound();

    private static async Task<Results<Created<LiaisonOfficer>, ValidationProblem>> CreateOfficerAsync(
        LiaisonOfficerRequest request, ClaimsPrincipal me, [AsParameters] NetworkStaffServices services, CancellationToken ct)
    {
        var (errors, officer) = NetworkRules.CheckOfficer(request, await services.Reference.VocabularyAsync(ct));
        var scope = await services.ScopeAsync(me, ct);
        errors.Check(scope is null || request.DistrictId == scope, "districtId", OutsideScope);
        if (officer is null || errors.Any)
        {
            return errors.ToProblem();
        }

        var id = await services.Network.CreateOfficerAsync(officer, services.Now, ct);
        return await services.ChangedAsync(
            TypedResults.Created($"/api/v1/liaison-officers?districtId={officer.DistrictId}", (await services.Network.OfficerAsync(id, ct))!), ct);
    }

    private static async Task<Results<Ok<LiaisonOfficer>, ValidationProblem, ProblemHttpResult>> UpdateOfficerAsync(
        long id, LiaisonOfficerRequest request, ClaimsPrincipal me, [AsParameters] NetworkStaffServices services, CancellationToken ct)
    {
        var (errors, officer) = NetworkRules.CheckOfficer(request, await services.Reference.VocabularyAsync(ct));
        if (officer is null)
        {
            return errors.ToProblem();
        }

        return await services.Network.UpdateOfficerAsync(id, officer, await services.ScopeAsync(me, ct), services.Now, ct)
            ? await services.ChangedAsync(TypedResults.Ok((await services.Network.OfficerAsync(id, ct))!), ct)
            : OfficerNotFound();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteOfficerAsync(
        long id, ClaimsPrincipal me, [AsParameters] NetworkStaffServices services, CancellationToken ct) =>
        await services.Network.DeleteOfficerAsync(id, await services.ScopeAsync(me, ct), ct)
            ? await services.ChangedAsync(TypedResults.NoContent(), ct)
            : OfficerNotFound();

    private static ProblemHttpResult BaseNotFound() => ApiProblem.Create(404, "service_base.not_found", "找不到该保护基地");

    private static ProblemHttpResult OfficerNotFound() => ApiProblem.Create(404, "liaison_officer.not_found", "找不到该联络员");
}
