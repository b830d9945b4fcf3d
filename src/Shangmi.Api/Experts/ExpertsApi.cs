using Microsoft.AspNetCore.Http.HttpResults;
using Shangmi.Api.Common;
using Shangmi.Api.Common.Problems;
using Shangmi.Api.Files;

namespace Shangmi.Api.Experts;

/// <summary>The public expert directory. Nothing here ever selects phone, e-mail or notes.</summary>
public static class ExpertsApi
{
    public static RouteGroupBuilder MapExperts(this IEndpointRouteBuilder app)
    {
        var group = app.MapPublicContent("/api/v1", "Experts");
        group.MapGet("/experts", ListAsync).WithName("ListExperts")
            .WithSummary("Public experts in display order; filter by fieldId, region (a district name from /expert-regions) and q "
                         + "(name, organization, biography).");
        group.MapGet("/experts/{id:long}", GetAsync).WithName("GetExpert").WithSummary("One expert's public profile.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/expert-fields", FieldsAsync).WithName("ListExpertFields")
            .WithSummary("Expertise fields with the number of public experts in each.");
        group.MapGet("/expert-regions", RegionsAsync).WithName("ListExpertRegions")
            .WithSummary("Districts (reference data) with the number of public experts in each, for the region picker.");
        return group;
    }

    private static async Task<Results<Ok<Paged<ExpertSummary>>, ValidationProblem>> ListAsync(
        long? fieldId, string? region, string? q, [AsParameters] PaginationRequest pagination, [AsParameters] ExpertReading reading,
        CancellationToken ct)
    {
        var (experts, urls, http) = reading;
        var errors = new FieldErrors();
        var paging = pagination.Check(errors);
        var fieldIds = fieldId is null ? null : (await experts.FieldIdsByNameAsync(ct)).Values;
        var (inRegion, search) = ExpertRules.CheckPublicQuery(region, q, fieldId, fieldIds, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        PublicContentCache.MarkPublic(http);
        var found = await experts.ListPublicAsync(fieldId, inRegion, search, paging, ct);
        return TypedResults.Ok(found with
        {
            Items = found.Items.Select(e => e with { PhotoUrl = urls.Absolute(http.Request, e.PhotoUrl) }).ToList(),
        });
    }

    private static async Task<Results<Ok<ExpertProfile>, ProblemHttpResult>> GetAsync(
        long id, [AsParameters] ExpertReading reading, CancellationToken ct)
    {
        var (experts, urls, http) = reading;
        if (await experts.FindPublicAsync(id, ct) is not { } expert)
        {
            return ApiProblem.Create(404, "expert.not_found", "找不到该专家");
        }

        PublicContentCache.MarkPublic(http);
        return TypedResults.Ok(expert with { PhotoUrl = urls.Absolute(http.Request, expert.PhotoUrl) });
    }

    private static async Task<Ok<IReadOnlyList<ExpertRegionCount>>> RegionsAsync(ExpertStore experts, HttpContext http, CancellationToken ct)
    {
        PublicContentCache.MarkPublic(http);
        return TypedResults.Ok(await experts.RegionsWithPublicCountsAsync(ct));
    }

    private static async Task<Ok<IReadOnlyList<ExpertFieldCount>>> FieldsAsync(ExpertStore experts, HttpContext http, CancellationToken ct)
    {
        PublicContentCache.MarkPublic(http);
        return TypedResults.Ok(await experts.FieldsWithPublicCountsAsync(ct));
    }
}

/// <summary>What the public expert handlers share: the store, the photo URLs made absolute and the request. Bound with <c>[AsParameters]</c>.</summary>
public readonly record struct ExpertReading(ExpertStore Experts, PublicFileUrls Urls, HttpContext Http);
