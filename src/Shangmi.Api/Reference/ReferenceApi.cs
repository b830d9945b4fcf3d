using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OutputCaching;
using Shangmi.Api.Common;
using Shangmi.Api.Common.Problems;
using Shangmi.Api.Identity;

namespace Shangmi.Api.Reference;

/// <summary>
/// Reference lists: public reads for the mini-program's pickers, and admins add, rename and reorder entries (another
/// city edits the district list). Entries are never deleted: enterprises and experts refer to them.
/// </summary>
public static class ReferenceApi
{
    public static IServiceCollection AddReference(this IServiceCollection services) => services.AddSingleton<ReferenceStore>();

    public static RouteGroupBuilder MapReference(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1");
        var lists = api.MapPublicContent("", "Reference data");
        var admin = api.MapGroup("/admin").WithTags("Reference data (admins)").RequireAuthorization(AuthPolicies.Admin);
        foreach (var kind in ReferenceKind.All)
        {
            var plural = kind.Singular.EndsWith('y') ? kind.Singular[..^1] + "ies" : kind.Singular + "s";
            lists.MapGet($"/{kind.Route}", (ReferenceStore store, CancellationToken ct) => ListAsync(kind, store, ct))
                .WithName($"List{plural}").WithSummary($"The {kind.Title} list, in display order, for pickers.");
            admin.MapPost($"/{kind.Route}", (ReferenceItemRequest request, ReferenceStore store, IOutputCacheStore cache, CancellationToken ct) =>
                    CreateAsync(kind, request, store, cache, ct))
                .WithName($"Create{kind.Singular}").WithSummary($"Add an entry to the {kind.Title} list.");
            admin.MapPut($"/{kind.Route}/{{id:long}}", (long id, ReferenceItemRequest request, ReferenceStore store, IOutputCacheStore cache,
                    CancellationToken ct) => UpdateAsync(kind, id, request, store, cache, ct))
                .WithName($"Update{kind.Singular}").WithSummary($"Rename or reorder an entry of the {kind.Title} list.");
        }

        return api;
    }

    private static async Task<Ok<IReadOnlyList<ReferenceItem>>> ListAsync(ReferenceKind kind, ReferenceStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.ListAsync(kind, ct));

    private static async Task<Results<Created<ReferenceItem>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        ReferenceKind kind, ReferenceItemRequest request, ReferenceStore store, IOutputCacheStore cache, CancellationToken ct)
    {
        if (ReferenceRules.Check(kind, request) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        var item = new ReferenceItem(0, request.Code.TrimToNull(), request.Name!.Trim(), request.SortOrder ?? 0);
        var (outcome, id) = await store.CreateAsync(kind, item.Code, item.Name, item.SortOrder, ct);
        if (outcome == ReferenceStore.WriteOutcome.Taken)
        {
            return NameTaken();
        }

        await PublicContentCache.EvictAsync(cache, ct);
        return TypedResults.Created($"/api/v1/{kind.Route}", item with { Id = id });
    }

    private static async Task<Results<Ok<ReferenceItem>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        ReferenceKind kind, long id, ReferenceItemRequest request, ReferenceStore store, IOutputCacheStore cache, CancellationToken ct)
    {
        if (ReferenceRules.Check(kind, request) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        var item = new ReferenceItem(id, request.Code.TrimToNull(), request.Name!.Trim(), request.SortOrder ?? 0);
        switch (await store.UpdateAsync(kind, id, item.Code, item.Name, item.SortOrder, ct))
        {
            case ReferenceStore.WriteOutcome.NotFound:
                return ApiProblem.Create(404, "reference.not_found", "找不到该条目");
            case ReferenceStore.WriteOutcome.Taken:
                return NameTaken();
        }

        await PublicContentCache.EvictAsync(cache, ct);
        return TypedResults.Ok(item);
    }

    private static ProblemHttpResult NameTaken() => ApiProblem.Create(409, "reference.name_taken", "已有同名或同代码的条目");
}
