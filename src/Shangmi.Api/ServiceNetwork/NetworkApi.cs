using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OutputCaching;
using Shangmi.Api.Common;
using Shangmi.Api.Common.Problems;
using Shangmi.Api.Common.RateLimiting;
using Shangmi.Api.Files;
using Shangmi.Api.Identity;

namespace Shangmi.Api.ServiceNetwork;

/// <summary>The public service network (no login): bases, liaison officers, listed enterprises, guidance documents.</summary>
public static class NetworkApi
{
    public static RouteGroupBuilder MapServiceNetwork(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1");
        var network = api.MapPublicContent("", "Service network");
        // Not cached: a cache keyed by the query would keep users' positions in memory, and every position differs.
        api.MapGet("/bases", BasesAsync).WithTags("Service network").WithName("ListServiceBases")
            .RequireRateLimiting(RateLimitPolicies.PublicRead)
            .WithSummary("Protection bases (保护基地). With lat and lng (GCJ-02, as wx.getLocation type gcj02 gives), nearest first with "
                         + "distanceMetres; optional districtId. The position is neither stored nor logged.");
        network.MapGet("/liaison-officers", OfficersAsync).WithName("ListLiaisonOfficers")
            .WithSummary("District liaison officers (联络员) with their office phone; optional districtId.");
        network.MapGet("/service-network/enterprises", EnterprisesAsync).WithName("ListServiceNetworkEnterprises")
            .WithSummary("Liaison-point (联络点) and demonstration (示范企业) enterprises that agreed to be listed; optional districtId.");
        network.MapGet("/guidance-documents", DocumentsAsync).WithName("ListGuidanceDocuments")
            .WithSummary("Guidance documents (指导资料) with version date and download count; optional kind.");
        // Not cached: each download counts.
        api.MapGet("/guidance-documents/{id:long}/download", DownloadAsync).WithTags("Service network").WithName("DownloadGuidanceDocument")
            .WithSummary("The document's PDF; the download is counted.").RequireRateLimiting(RateLimitPolicies.PublicRead)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPut("/me/enterprise/public-listing", SetListingAsync).WithTags("My enterprise").RequireAuthorization(AuthPolicies.User)
            .WithName("SetMyEnterprisePublicListing")
            .WithSummary("A verified member agrees (or no longer agrees) that the enterprise, when a liaison point or demonstration "
                         + "enterprise, is shown on the public service network. Recorded in the enterprise's history.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<ServiceBase>>, ValidationProblem>> BasesAsync(
        double? lat, double? lng, long? districtId, NetworkStore network, CancellationToken ct)
    {
        if (NetworkRules.CheckPosition(lat, lng) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        var bases = await network.BasesAsync(districtId, ct);
        return TypedResults.Ok(lat is { } from && lng is { } fromLng
            ? bases.Select(b => b with { DistanceMetres = NetworkRules.DistanceMetres(from, fromLng, (double)b.Lat, (double)b.Lng) })
                .OrderBy(b => b.DistanceMetres).ThenBy(b => b.Id).ToList()
            : bases);
    }

    private static async Task<Ok<IReadOnlyList<LiaisonOfficer>>> OfficersAsync(long? districtId, NetworkStore network, CancellationToken ct) =>
        TypedResults.Ok(await network.OfficersAsync(districtId, ct));

    private static async Task<Ok<IReadOnlyList<ListedEnterprise>>> EnterprisesAsync(long? districtId, NetworkStore network, CancellationToken ct) =>
        TypedResults.Ok(await network.ListedEnterprisesAsync(districtId, ct));

    private static async Task<Results<Ok<IReadOnlyList<GuidanceDocument>>, ValidationProblem>> DocumentsAsync(
        [QueryEnum(typeof(GuidanceKind))] string? kind, GuidanceStore documents, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var filter = EnumQuery.Parse<GuidanceKind>(kind, "kind", errors);
        return errors.Any ? errors.ToProblem() : TypedResults.Ok(await documents.ListAsync(filter, ct));
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAsync(long id, GuidanceStore documents,
        IFileStorage storage, CancellationToken ct)
    {
        if (await documents.DownloadAsync(id, ct) is not { } found || await storage.OpenReadAsync(found.FileKey, ct) is not { } file)
        {
            return GuidanceAdminApi.NotFound();
        }

        return TypedResults.File(file, FileKinds.Pdf.ContentType, found.Title + ".pdf");
    }

    private static async Task<Results<Ok<PublicListing>, ValidationProblem, ProblemHttpResult>> SetListingAsync(
        PublicListingRequest request, ClaimsPrincipal user, NetworkStore network, TimeProvider time, IOutputCacheStore cache, CancellationToken ct)
    {
        if (request.Listed is not { } listed)
        {
            return new FieldErrors().Add("listed", "请选择是否同意公开展示（true 或 false）").ToProblem();
        }

        if (!await network.SetListingAsync(user.UserId(), listed, time.GetUtcNow().UtcDateTime, ct))
        {
            return ApiProblem.Create(404, "enterprise.not_member", "您尚未代表任何企业");
        }

        await PublicContentCache.EvictAsync(cache, ct);
        return TypedResults.Ok(new PublicListing(listed));
    }
}
