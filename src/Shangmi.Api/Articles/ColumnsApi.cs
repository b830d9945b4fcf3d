using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OutputCaching;
using Shangmi.Api.Common;
using Shangmi.Api.Common.Problems;
using Shangmi.Api.Common.RateLimiting;
using Shangmi.Api.Identity;

namespace Shangmi.Api.Articles;

/// <summary>The policy columns: public list, editors manage them.</summary>
public static class ColumnsApi
{
    public static RouteGroupBuilder MapColumns(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1");
        api.MapGet("/columns", ListPublicAsync).WithTags("Policy columns").WithName("ListColumns")
            .WithSummary("The visible policy columns, in display order.")
            .RequireRateLimiting(RateLimitPolicies.PublicRead)
            .CacheOutput(PublicContentCache.Policy);

        var admin = api.MapGroup("/admin/columns").WithTags("Policy columns (editors)")
            .RequireAuthorization(AuthPolicies.Editor);
        admin.MapGet("/", ListAllAsync).WithName("AdminListColumns").WithSummary("All columns, hidden ones included.");
        admin.MapPost("/", CreateAsync).WithName("CreateColumn").WithSummary("Create a column.");
        admin.MapGet("/{id:long}", FindAsync).WithName("AdminGetColumn").WithSummary("One column.");
        admin.MapPut("/{id:long}", UpdateAsync).WithName("UpdateColumn").WithSummary("Rename, describe, reorder or hide a column.");
        admin.MapDelete("/{id:long}", DeleteAsync).WithName("DeleteColumn")
            .WithSummary("Delete an empty column; one with articles can only be hidden.");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<Column>>> ListPublicAsync(ColumnStore columns, HttpContext http, CancellationToken ct)
    {
        PublicContentCache.MarkPublic(http);
        return TypedResults.Ok(await columns.ListAsync(includeHidden: false, ct));
    }

    private static async Task<Ok<IReadOnlyList<Column>>> ListAllAsync(ColumnStore columns, CancellationToken ct) =>
        TypedResults.Ok(await columns.ListAsync(includeHidden: true, ct));

    private static async Task<Results<Ok<Column>, ProblemHttpResult>> FindAsync(long id, ColumnStore columns, CancellationToken ct) =>
        await columns.FindAsync(id, ct) is { } column ? TypedResults.Ok(column) : NotFound();

    private static async Task<Results<Created<Column>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        ColumnRequest request, ColumnStore columns, IOutputCacheStore cache, TimeProvider time, CancellationToken ct)
    {
        if (ArticleRules.CheckColumn(request) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        var (outcome, id) = await columns.CreateAsync(request.Name!.Trim(), (request.Description ?? "").Trim(),
            request.SortOrder ?? 0, request.Hidden ?? false, time.GetUtcNow().UtcDateTime, ct);
        if (outcome == ColumnStore.CreateOutcome.NameTaken)
        {
            return NameTaken();
        }

        await PublicContentCache.EvictAsync(cache, ct);
        return TypedResults.Created($"/api/v1/admin/columns/{id}", (await columns.FindAsync(id, ct))!);
    }

    private static async Task<Results<Ok<Column>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        long id, ColumnRequest request, ColumnStore columns, IOutputCacheStore cache, TimeProvider time, CancellationToken ct)
    {
        if (ArticleRules.CheckColumn(request) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        switch (await columns.UpdateAsync(id, request.Name!.Trim(), (request.Description ?? "").Trim(),
                    request.SortOrder ?? 0, request.Hidden ?? false, time.GetUtcNow().UtcDateTime, ct))
        {
            case ColumnStore.UpdateOutcome.Updated:
                await PublicContentCache.EvictAsync(cache, ct);
                return TypedResults.Ok((await columns.FindAsync(id, ct))!);
            case ColumnStore.UpdateOutcome.NameTaken:
                return NameTaken();
            default:
                return NotFound();
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        long id, ColumnStore columns, IOutputCacheStore cache, CancellationToken ct)
    {
        switch (await columns.DeleteAsync(id, ct))
        {
            case ColumnStore.DeleteOutcome.Deleted:
                await PublicContentCache.EvictAsync(cache, ct);
                return TypedResults.NoContent();
            case ColumnStore.DeleteOutcome.InUse:
                return ApiProblem.Create(409, "column.not_empty", "栏目下还有文章，不能删除", "可以将栏目设为隐藏。");
            default:
                return NotFound();
        }
    }

    private static ProblemHttpResult NotFound() => ApiProblem.Create(404, "column.not_found", "找不到该栏目");

    private static ProblemHttpResult NameTaken() => ApiProblem.Create(409, "column.name_taken", "已有同名栏目");
}
