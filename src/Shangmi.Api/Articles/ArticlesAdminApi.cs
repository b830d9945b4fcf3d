using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OutputCaching;
using Shangmi.Api.Common;
using Shangmi.Api.Common.Problems;
using Shangmi.Api.Identity;

namespace Shangmi.Api.Articles;

/// <summary>Editors write, publish, schedule, unpublish and archive articles.</summary>
public static class ArticlesAdminApi
{
    public static RouteGroupBuilder MapArticlesAdmin(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin/articles").WithTags("Articles (editors)")
            .RequireAuthorization(AuthPolicies.Editor);
        group.MapGet("/", ListAsync).WithName("AdminListArticles")
            .WithSummary("Articles in any status, newest edits first; filter by status, columnId, q (in the title).");
        group.MapPost("/", CreateAsync).WithName("CreateArticle")
            .WithSummary("Create an article as a draft, published now, or scheduled for publishAt.");
        group.MapGet("/{id:long}", GetAsync).WithName("AdminGetArticle").WithSummary("One article in any status.");
        group.MapPut("/{id:long}", UpdateAsync).WithName("UpdateArticle").WithSummary("Replace an article's content and status.");
        group.MapDelete("/{id:long}", ArchiveAsync).WithName("ArchiveArticle")
            .WithSummary("Archive an article: it leaves the public columns and stays for the record.");
        group.MapPost("/{id:long}/publish", PublishAsync).WithName("PublishArticle")
            .WithSummary("Publish now, or at a future time (scheduled).");
        group.MapPost("/{id:long}/unpublish", UnpublishAsync).WithName("UnpublishArticle")
            .WithSummary("Take an article down; it becomes a draft again.");
        return group;
    }

    private static async Task<Results<Ok<Paged<AdminArticleItem>>, ValidationProblem>> ListAsync(
        [QueryEnum(typeof(ArticleStatus))] string? status, long? columnId, string? q, [AsParameters] PaginationRequest pagination,
        [AsParameters] ArticleEditing editing, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var paging = pagination.Check(errors);
        var statusFilter = EnumQuery.Parse<ArticleStatus>(status, "status", errors);
        var titleContains = ArticleRules.CheckTitleQuery(q, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return TypedResults.Ok(await editing.Articles.ListAdminAsync(editing.Time.GetUtcNow().UtcDateTime, statusFilter, columnId,
            titleContains, paging, ct));
    }

    private static async Task<Results<Ok<AdminArticle>, ProblemHttpResult>> GetAsync(
        long id, [AsParameters] ArticleEditing editing, CancellationToken ct) =>
        await editing.Articles.FindAdminAsync(id, editing.Time.GetUtcNow().UtcDateTime, ct) is { } article
            ? TypedResults.Ok(article)
            : NotFound();

    private static async Task<Results<Created<AdminArticle>, ValidationProblem>> CreateAsync(
        ArticleRequest request, [AsParameters] ArticleEditing editing, CancellationToken ct)
    {
        var (staff, articles, columns, cache, time) = editing;
        var now = time.GetUtcNow().UtcDateTime;
        var (errors, article) = ArticleRules.Check(request, await ColumnExistsAsync(columns, request.ColumnId, ct), now);
        if (article is null)
        {
            return errors.ToProblem();
        }

        var id = await articles.CreateAsync(article, staff.StaffId(), now, ct);
        await PublicContentCache.EvictAsync(cache, ct);
        return TypedResults.Created($"/api/v1/admin/articles/{id}", (await articles.FindAdminAsync(id, now, ct))!);
    }

    private static async Task<Results<Ok<AdminArticle>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        long id, ArticleRequest request, [AsParameters] ArticleEditing editing, CancellationToken ct)
    {
        var (staff, articles, columns, cache, time) = editing;
        var now = time.GetUtcNow().UtcDateTime;
        var (errors, article) = ArticleRules.Check(request, await ColumnExistsAsync(columns, request.ColumnId, ct), now);
        if (article is null)
        {
            return errors.ToProblem();
        }

        if (!await articles.UpdateAsync(id, article, staff.StaffId(), now, ct))
        {
            return NotFound();
        }

        await PublicContentCache.EvictAsync(cache, ct);
        return TypedResults.Ok((await articles.FindAdminAsync(id, now, ct))!);
    }

    private static async Task<Results<Ok<AdminArticle>, ProblemHttpResult>> ArchiveAsync(
        long id, [AsParameters] ArticleEditing editing, CancellationToken ct) =>
        await SetStateAsync(id, ArticleState.Archived, null, editing, ct) is { } article ? TypedResults.Ok(article) : NotFound();

    private static async Task<Results<Ok<AdminArticle>, ProblemHttpResult>> UnpublishAsync(
        long id, [AsParameters] ArticleEditing editing, CancellationToken ct) =>
        await SetStateAsync(id, ArticleState.Draft, null, editing, ct) is { } article ? TypedResults.Ok(article) : NotFound();

    private static async Task<Results<Ok<AdminArticle>, ValidationProblem, ProblemHttpResult>> PublishAsync(
        long id, PublishRequest? request, [AsParameters] ArticleEditing editing, CancellationToken ct)
    {
        if (ArticleRules.CheckPublish(request, editing.Time.GetUtcNow().UtcDateTime, out var at) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        return await SetStateAsync(id, ArticleState.Published, at, editing, ct) is { } article ? TypedResults.Ok(article) : NotFound();
    }

    /// <summary>Publishes, schedules, unpublishes or archives: the article in its new state, or null when there is no such article.</summary>
    private static async Task<AdminArticle?> SetStateAsync(
        long id, ArticleState state, DateTime? publishAt, ArticleEditing editing, CancellationToken ct)
    {
        var (staff, articles, _, cache, time) = editing;
        var now = time.GetUtcNow().UtcDateTime;
        if (!await articles.SetStateAsync(id, state, publishAt, staff.StaffId(), now, ct))
        {
            return null;
        }

        await PublicContentCache.EvictAsync(cache, ct);
        return await articles.FindAdminAsync(id, now, ct);
    }

    private static async Task<bool> ColumnExistsAsync(ColumnStore columns, long? id, CancellationToken ct) =>
        id is not null && await columns.FindAsync(id.Value, ct) is not null;

    private static ProblemHttpResult NotFound() => ApiProblem.Create(404, "article.not_found", "找不到该文章");
}

/// <summary>
/// What every editors' article handler needs besides its own input: who edits, the stores, the public cache to clear
/// and the clock. Bound with <c>[AsParameters]</c>, like <c>OfficerServices</c>.
/// </summary>
public readonly record struct ArticleEditing(
    ClaimsPrincipal Staff, ArticleStore Articles, ColumnStore Columns, IOutputCacheStore Cache, TimeProvider Time);
