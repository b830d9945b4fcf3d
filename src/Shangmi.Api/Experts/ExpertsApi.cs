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
        long? fieldId, string? region, string? q, [AsParameters] PaginationRequest pagination, ExpertStore experts, PublicFileUrls urls,
        HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var paging = pagination.Check(errors);
        errors.Check(region is null || region.Trim().Length is > 0 and <= 32, "region", "所在区 1 到 32 字")
            .Check(q is null || q.Trim().Length <= 50, "q", "搜索词不超过 50 字");
        if (fieldId is not null && !(await experts.FieldIdsByNameAsync(ct)).Values.Contains(fieldId.Value))
        {
            errors.Add("fieldId", "专业领域不存在");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        PublicContentCache.MarkPublic(http);
        var found = await experts.ListPublicAsync(fieldId, region?.Trim(), string.IsNullOrWhiteSpace(q) ? null : q.Trim(), paging, ct);
        return TypedResults.Ok(found with
        {
            Items = found.Items.Select(e => e with { PhotoUrl = urls.Absolute(http.Request, e.PhotoUrl) }).ToList(),
        });
    }

    private static async Task<Results<Ok<ExpertProfile>, ProblemHttpResult>> GetAsync(
        long id, ExpertStore experts, PublicFileUrls urls, HttpContext http, CancellationToken ct)
    {
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
