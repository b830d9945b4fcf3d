using System.ComponentModel.DataAnnotations;

namespace Shangmi.Api.Articles;

/// <summary>A PDF or other file attached to an article (a brochure, 宣传册), served from /files/.</summary>
public sealed record ArticleAttachment(
    [property: Required, StringLength(200, MinimumLength = 1)] string Name, [property: Required] string Url);

/// <summary>An article in a public list.</summary>
public sealed record ArticleSummary(
    long Id, long ColumnId, string ColumnName, string Title, string Summary, string? CoverUrl, bool HasVideo,
    IReadOnlyList<string> Tags, bool Pinned, DateTimeOffset PublishedAt, long ViewCount);

/// <summary>One published article: <c>contentHtml</c> is safe for the mini-program's &lt;rich-text&gt; as it is.</summary>
public sealed record ArticleDetail(
    long Id, long ColumnId, string ColumnName, string Title, string Summary, string? Author, string? Source,
    string? CoverUrl, string? VideoUrl, string ContentHtml, IReadOnlyList<ArticleAttachment> Attachments,
    IReadOnlyList<string> Tags, bool Pinned, DateTimeOffset PublishedAt, long ViewCount);

/// <summary>Editorial status: <c>scheduled</c> is a published article whose <c>publishAt</c> lies ahead.</summary>
public enum ArticleStatus { Draft, Scheduled, Published, Archived }

/// <summary>An article as editors see it, whatever its status.</summary>
public sealed record AdminArticle(
    long Id, long ColumnId, string ColumnName, string Title, string Summary, string? Author, string? Source,
    string? CoverUrl, string? VideoUrl, string ContentHtml, IReadOnlyList<ArticleAttachment> Attachments,
    IReadOnlyList<string> Tags, bool Pinned, ArticleStatus Status, DateTimeOffset? PublishAt, long ViewCount,
    int Version, long CreatedBy, DateTimeOffset CreatedAt, long UpdatedBy, DateTimeOffset UpdatedAt);

/// <summary>An article in the editors' list.</summary>
public sealed record AdminArticleItem(
    long Id, long ColumnId, string ColumnName, string Title, IReadOnlyList<string> Tags, bool Pinned,
    ArticleStatus Status, DateTimeOffset? PublishAt, long ViewCount, long UpdatedBy, DateTimeOffset UpdatedAt);

/// <summary>
/// Create or edit an article. <c>status</c>: <c>draft</c> (default), <c>published</c> (now, or at a past
/// <c>publishAt</c>) or <c>scheduled</c> (public at a future <c>publishAt</c>). The body is sanitised on the way in;
/// a summary is derived from it when none is given.
/// </summary>
public sealed record ArticleRequest(
    long? ColumnId, string? Title, string? Summary, string? Author, string? Source, string? ContentHtml,
    string? CoverUrl, string? VideoUrl, ArticleAttachment[]? Attachments, string[]? Tags, bool? Pinned,
    ArticleStatus? Status, DateTimeOffset? PublishAt);

/// <summary>Publish now (no <c>at</c>) or at a given time.</summary>
public sealed record PublishRequest(DateTimeOffset? At);

/// <summary>A policy column (政策法规, 政策解读 …).</summary>
public sealed record Column(long Id, string Name, string Description, int SortOrder, bool Hidden);

/// <summary>Create or edit a column.</summary>
public sealed record ColumnRequest(string? Name, string? Description, int? SortOrder, bool? Hidden);
