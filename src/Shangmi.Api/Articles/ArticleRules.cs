using System.Globalization;
using Shangmi.Api.Common;
using Shangmi.Api.Files;

namespace Shangmi.Api.Articles;

/// <summary>Checks article and column requests at the edge, turns them into what the store writes, and derives editors' statuses.</summary>
public static class ArticleRules
{
    public const int MaxQueryLength = 50;

    /// <summary>
    /// Tags the database holds as one (utf8mb4_unicode_ci ignores case, accents and width: "AI", "ai" and "ÁI" are
    /// one key in article_tags), so that an article keeps the first of them instead of failing on a duplicate key.
    /// </summary>
    private static readonly StringComparer SameTag = StringComparer.Create(CultureInfo.InvariantCulture,
        CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace | CompareOptions.IgnoreWidth);

    public static (FieldErrors Errors, ArticleWrite? Article) Check(ArticleRequest request, bool columnExists, DateTime now)
    {
        var title = request.Title?.Trim() ?? "";
        var tags = (request.Tags ?? []).Select(t => t?.Trim() ?? "").Distinct(SameTag).ToList();
        var attachments = request.Attachments ?? [];
        var status = request.Status ?? ArticleStatus.Draft;
        var publishAt = request.PublishAt?.UtcDateTime;
        var videoUrl = request.VideoUrl.TrimToNull();
        var html = request.ContentHtml ?? "";

        var errors = new FieldErrors()
            .Check(request.ColumnId is not null, "columnId", "请选择栏目")
            .Check(request.ColumnId is null || columnExists, "columnId", "栏目不存在")
            .Check(title.Length is > 0 and <= 200, "title", "请填写标题（不超过 200 字）")
            .Check(request.Summary.TrimmedLength() <= 500, "summary", "摘要不超过 500 字")
            .Check(request.Author.TrimmedLength() <= 100, "author", "作者不超过 100 字")
            .Check(request.Source.TrimmedLength() <= 100, "source", "来源不超过 100 字")
            .Check(html.Length <= 200_000, "contentHtml", "正文过长")
            .Check(html.Trim().Length > 0 || videoUrl is not null, "contentHtml", "请填写正文或视频链接")
            .Check(request.CoverUrl.TrimToNull() is null || FileKinds.IsOwnFileUrl(request.CoverUrl, imageOnly: true), "coverUrl",
                "封面须为本站上传的图片（/files/…）")
            .Check(videoUrl is null || (videoUrl.Length <= 500 && Uri.TryCreate(videoUrl, UriKind.Absolute, out var video)
                                        && video.Scheme == Uri.UriSchemeHttps), "videoUrl", "视频或直播链接须为 https 地址")
            .Check(attachments.Length <= 20, "attachments", "附件不超过 20 个")
            .Check(attachments.All(a => a?.Name?.Trim() is { Length: > 0 and <= 200 }), "attachments", "每个附件须有名称（不超过 200 字）")
            .Check(attachments.All(a => FileKinds.IsOwnFileUrl(a?.Url, imageOnly: false)), "attachments",
                "附件须为本站上传的文件（/files/…）")
            .Check(tags.Count <= 10, "tags", "标签不超过 10 个")
            .Check(tags.All(t => t.Length is > 0 and <= 20), "tags", "每个标签 1 到 20 字")
            .Check(!tags.Any(t => t.Any(char.IsControl)), "tags", "标签不能含换行等控制字符")
            .Check(status != ArticleStatus.Archived, "status", "归档请使用删除操作")
            .CheckDate("publishAt", request.PublishAt)
            .Check(status != ArticleStatus.Scheduled || publishAt > now, "publishAt", "定时发布须指定将来的时间")
            .Check(status != ArticleStatus.Published || publishAt is null || publishAt <= now, "publishAt",
                "立即发布不能指定将来的时间；定时发布请选择 scheduled");
        if (errors.Any)
        {
            return (errors, null);
        }

        var safeHtml = ArticleHtml.Sanitize(html);
        var summary = request.Summary.TrimToNull() ?? ArticleHtml.Summary(ArticleHtml.PlainText(safeHtml));
        var (state, at) = status switch
        {
            ArticleStatus.Draft => (ArticleState.Draft, (DateTime?)null),
            ArticleStatus.Scheduled => (ArticleState.Published, publishAt),
            _ => (ArticleState.Published, publishAt ?? now),
        };
        return (errors, new ArticleWrite(request.ColumnId!.Value, title, summary, request.Author.TrimToNull(), request.Source.TrimToNull(),
            safeHtml, request.CoverUrl.TrimToNull(), videoUrl, attachments.Select(a => a with { Name = a.Name.Trim() }).ToList(),
            tags, request.Pinned ?? false, state, at));
    }

    /// <summary>Checks a policy column as editors create or edit it.</summary>
    public static FieldErrors CheckColumn(ColumnRequest request) =>
        new FieldErrors()
            .Check(request.Name?.Trim() is { Length: > 0 and <= 32 }, "name", "请填写栏目名称（不超过 32 字）")
            .Check(request.Description.TrimmedLength() <= 200, "description", "栏目简介不超过 200 字")
            .Check(request.SortOrder is null or >= 0 and <= 100_000, "sortOrder", "排序值须为 0 到 100000 的整数");

    /// <summary>What editors see of a stored state: a published article whose time lies ahead is scheduled.</summary>
    public static ArticleStatus StatusOf(ArticleState state, DateTime? publishAt, DateTime now) => state switch
    {
        ArticleState.Published when publishAt > now => ArticleStatus.Scheduled,
        ArticleState.Published => ArticleStatus.Published,
        ArticleState.Archived => ArticleStatus.Archived,
        _ => ArticleStatus.Draft,
    };

    /// <summary>
    /// When a publish request takes effect: at its time when that lies ahead, else now (a time in the past publishes
    /// now: the article cannot have been public before this moment).
    /// </summary>
    public static FieldErrors CheckPublish(PublishRequest? request, DateTime now, out DateTime at)
    {
        at = request?.At?.UtcDateTime is { } wanted && wanted > now ? wanted : now;
        return new FieldErrors().CheckDate("at", request?.At);
    }

    /// <summary>Checks the editors' title search; returns it trimmed, or null for none.</summary>
    public static string? CheckTitleQuery(string? q, FieldErrors errors)
    {
        errors.Check(q is null || q.Length <= MaxQueryLength, "q", $"搜索词不超过 {MaxQueryLength} 字");
        return string.IsNullOrWhiteSpace(q) ? null : q.Trim();
    }

    /// <summary>
    /// Checks the public list's tag and search filters; returns the search terms of <paramref name="q"/> (none without
    /// one). The column is checked by <see cref="CheckColumnFilter"/>.
    /// </summary>
    public static IReadOnlyList<string> CheckQuery(string? q, string? tag, FieldErrors errors)
    {
        errors.Check(tag is null || tag.Length is > 0 and <= 20, "tag", "标签 1 到 20 字");
        IReadOnlyList<string> terms = [];
        if (!string.IsNullOrWhiteSpace(q))
        {
            terms = ArticleSearch.Terms(q);
            errors.Check(q.Length <= MaxQueryLength, "q", $"搜索词不超过 {MaxQueryLength} 字")
                .Check(terms.Count <= ArticleSearch.MaxTerms, "q", $"关键词不超过 {ArticleSearch.MaxTerms} 个");
        }

        return terms;
    }

    /// <summary>The public list's column filter must name a column that exists and is visible.</summary>
    public static void CheckColumnFilter(bool visible, FieldErrors errors) =>
        errors.Check(visible, "columnId", "栏目不存在");
}
