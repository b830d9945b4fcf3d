using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Shangmi.Api.Common;
using Shangmi.Api.Common.Problems;
using Shangmi.Api.Files;

namespace Shangmi.Api.Articles;

/// <summary>Public reading of published articles: the most-read part of the service, served from the output cache.</summary>
public static class ArticlesApi
{
    public static RouteGroupBuilder MapArticles(this IEndpointRouteBuilder app)
    {
        var group = app.MapPublicContent("/api/v1/articles", "Articles");
        group.MapGet("/", ListAsync).WithName("ListArticles")
            .WithSummary("Published articles, pinned first then newest; filter by columnId and tag, search with q (title matches first).");
        group.MapGet("/{id:long}", GetAsync).WithName("GetArticle")
            .WithSummary("One published article with ETag; 304 on a matching If-None-Match; 404 for drafts and scheduled ones.")
            .WithMetadata(new CountsArticleView())
            .WithETag()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Ok<Paged<ArticleSummary>>, ValidationProblem>> ListAsync(
        long? columnId, string? tag, string? q, [AsParameters] PaginationRequest pagination, [AsParameters] ArticleReading reading,
        CancellationToken ct)
    {
        var (articles, columns, urls, time, http) = reading;
        var errors = new FieldErrors();
        var paging = pagination.Check(errors);
        var query = ArticleRules.CheckQuery(q, tag, errors);
        if (errors.Any)
        {
            // Every field error at once: the column too, though the list is not read.
            if (columnId is not null)
            {
                ArticleRules.CheckColumnFilter(await columns.FindAsync(columnId.Value, ct) is { Hidden: false }, errors);
            }

            return errors.ToProblem();
        }

        // The list checks its column in the same round trip: null when the column is missing or hidden.
        if (await articles.ListPublicAsync(time.GetUtcNow().UtcDateTime, columnId, tag, query, paging, ct)
            is not var (found, nextScheduled))
        {
            ArticleRules.CheckColumnFilter(false, errors);
            return errors.ToProblem();
        }

        PublicContentCache.MarkPublic(http);
        PublicContentCache.ChangesAt(http, nextScheduled);
        return TypedResults.Ok(found with
        {
            Items = found.Items.Select(a => a with { CoverUrl = urls.Absolute(http.Request, a.CoverUrl) }).ToList(),
        });
    }

    private static async Task<Results<Ok<ArticleDetail>, StatusCodeHttpResult, ProblemHttpResult>> GetAsync(
        long id, [AsParameters] ArticleReading reading, CancellationToken ct)
    {
        var (articles, _, urls, time, http) = reading;
        if (await articles.FindPublicAsync(id, time.GetUtcNow().UtcDateTime, ct) is not var (article, version))
        {
            return ApiProblem.Create(404, "article.not_found", "文章不存在或尚未发布");
        }

        // The answer changes when the article is edited (version) or its view count is written.
        var etag = new EntityTagHeaderValue($"\"{article.Id}-{version}-{article.ViewCount}\"");
        http.Response.Headers.ETag = etag.ToString();
        PublicContentCache.MarkPublic(http);
        var ifNoneMatch = http.Request.GetTypedHeaders().IfNoneMatch;
        if (ifNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(etag, useStrongComparison: false)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Ok(article with
        {
            CoverUrl = urls.Absolute(http.Request, article.CoverUrl),
            VideoUrl = urls.Absolute(http.Request, article.VideoUrl),
            ContentHtml = urls.AbsoluteInHtml(http.Request, article.ContentHtml),
            Attachments = article.Attachments.Select(a => a with { Url = urls.Absolute(http.Request, a.Url)! }).ToList(),
        });
    }
}

/// <summary>
/// What the public article handlers need besides their own input: the stores, the file URLs made absolute, the clock
/// and the request (for its host and the cache headers). Bound with <c>[AsParameters]</c>.
/// </summary>
public readonly record struct ArticleReading(
    ArticleStore Articles, ColumnStore Columns, PublicFileUrls Urls, TimeProvider Time, HttpContext Http);
