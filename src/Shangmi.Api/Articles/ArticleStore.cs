using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Dapper;
using MySqlConnector;
using Shangmi.Api.Common;
using Shangmi.Api.Data;

namespace Shangmi.Api.Articles;

/// <summary>An article as it is written to the database, already validated, sanitised and indexed.</summary>
public sealed record ArticleWrite(
    long ColumnId, string Title, string Summary, string? Author, string? Source, string ContentHtml, string? CoverUrl,
    string? VideoUrl, IReadOnlyList<ArticleAttachment> Attachments, IReadOnlyList<string> Tags, bool Pinned,
    ArticleState State, DateTime? PublishAt)
{
    public string SearchText => ArticleSearch.Normalise(Title, Summary, ArticleHtml.PlainText(ContentHtml));
}

/// <summary>
/// What the <c>state</c> column stores. Editors see an <see cref="ArticleStatus"/>: a published article whose
/// <c>publish_at</c> lies ahead is scheduled (<see cref="ArticleRules.StatusOf"/>).
/// </summary>
public enum ArticleState { Draft, Published, Archived }

/// <summary>SQL of articles, their tags and attachments.</summary>
public sealed class ArticleStore(MySqlDataSource db, PublicReads reads, ArticleTotals totals)
{
    private const string PublicFilter =
        "a.state = 'published' AND a.publish_at <= @now AND c.hidden = 0";

    private const string Columns = """
        a.id, a.column_id, c.name AS column_name, a.title, a.summary, a.author, a.source, a.cover_url, a.video_url,
        a.pinned, a.state, a.publish_at, a.view_count, a.version, a.created_by, a.created_at, a.updated_by, a.updated_at
        """;

    /// <summary>
    /// What a public list item shows (<see cref="ArticleSummary"/>), and no more: every column read is sent and parsed.
    /// Its tags come from the copy in <c>tags_json</c>; everything else reads the <c>article_tags</c> rows themselves,
    /// so an editor always sees, and saves back, the tags the filter uses.
    /// </summary>
    private const string SummaryColumns = """
        a.id, a.column_id, c.name AS column_name, a.title, a.summary, a.cover_url, a.video_url, a.pinned, a.publish_at,
        a.view_count, a.tags_json
        """;

    /// <summary>
    /// Published articles, pinned first then newest; with search terms, only articles containing every term,
    /// those with all terms in the title first. Also says when the next scheduled article goes public (the list
    /// changes then). One round trip: whether the column filtered on is visible, the next scheduled time, the page
    /// with its tags and, unless it is known, the total. Null when <paramref name="columnId"/> names no visible column.
    /// </summary>
    public async Task<(Paged<ArticleSummary> Page, DateTimeOffset? NextScheduled)?> ListPublicAsync(
        DateTime now, long? columnId, string? tag, IReadOnlyList<string> terms, PageRequest page, CancellationToken ct)
    {
        var args = new DynamicParameters(new { now, columnId, tag, limit = page.PageSize, offset = page.Offset });
        var where = new StringBuilder(PublicFilter);
        if (columnId is not null)
        {
            where.Append(" AND a.column_id = @columnId");
        }

        if (tag is not null)
        {
            where.Append(" AND EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id AND t.tag = @tag)");
        }

        var inTitle = new List<string>();
        for (var i = 0; i < terms.Count; i++)
        {
            var pattern = SqlLike.Contains(terms[i]);
            // Bytes for the binary search_text column (matched byte for byte), text for the title.
            args.Add($"term{i}", Encoding.UTF8.GetBytes(pattern));
            args.Add($"title{i}", pattern);
            where.Append($" AND a.search_text LIKE @term{i}");
            inTitle.Add($"a.title LIKE @title{i}");
        }

        var key = ArticleTotals.Key.Of(columnId, tag, terms);
        var generation = totals.Generation;
        var searching = terms.Count > 0;
        long cachedTotal = 0;
        var knownTotal = !searching && totals.TryGet(key, now, out cachedTotal);
        var knownNext = totals.TryGetNextScheduled(now, out var cachedNext);
        var count = $"SELECT COUNT(*) FROM articles a JOIN columns c ON c.id = a.column_id WHERE {where}";
        // The read itself only reads: it may run twice (PublicReads), so what it found is kept after it.
        var found = await reads.RunAsync<ListRead?>(async connection =>
        {
            await using var results = await connection.QueryMultipleAsync(new CommandDefinition($"""
                {(columnId is null ? "" : "SELECT EXISTS (SELECT 1 FROM columns WHERE id = @columnId AND hidden = 0);")}
                {(knownNext ? "" : "SELECT MIN(publish_at) FROM articles WHERE state = 'published' AND publish_at > @now;")}
                {PageSql(where, inTitle, tag is not null, page)};
                {(knownTotal || searching ? "" : count + ";")}
                """, args, cancellationToken: ct));
            if (columnId is not null && !await results.ReadSingleAsync<bool>())
            {
                return null;
            }

            var next = knownNext ? cachedNext : await results.ReadSingleAsync<DateTime?>();
            var rows = (await results.ReadAsync<ArticleRow>()).ToList();
            var total = knownTotal ? cachedTotal
                : !searching ? await results.ReadSingleAsync<long>()
                : rows.Count > 0 ? rows[0].TotalCount
                : await connection.ExecuteScalarAsync<long>(new CommandDefinition(count, args, cancellationToken: ct));
            return new ListRead(next, rows, total);
        }, ct);
        if (found is not var (nextScheduled, rows, total))
        {
            return null;
        }

        if (!knownNext)
        {
            totals.SetNextScheduled(nextScheduled, now, generation);
        }

        if (!knownTotal && !searching)
        {
            totals.Set(key, total, now, nextScheduled, generation);
        }

        var items = rows.Select(r => new ArticleSummary(r.Id, r.ColumnId, r.ColumnName, r.Title, r.Summary, r.CoverUrl,
            r.VideoUrl is not null, TagList(r.TagsJson), r.Pinned, DbTime.FromUtc(r.PublishAt!.Value), r.ViewCount)).ToList();
        return (page.Of(items, total), nextScheduled is { } at ? DbTime.FromUtc(at) : null);
    }

    /// <summary>What one read of the public list found: the next scheduled time, the page's rows and the total.</summary>
    private sealed record ListRead(DateTime? NextScheduled, List<ArticleRow> Rows, long Total);

    /// <summary>
    /// A page of the list. Without search terms there is no window function, which would read and sort every match:
    /// the page walks ix_articles_public_page (or ix_articles_column) backwards and stops after the page. For that the
    /// articles come first and each finds its column by primary key: MariaDB otherwise scans the five columns into a
    /// join buffer, which loses the index's order and sorts every match ("Using temporary; Using filesort").
    /// <list type="bullet">
    /// <item>The first page of a column or of everything, the page every reader opens, is read straight off that
    /// walk: its rows are the first ones met, and a sub-select would cost MariaDB more to plan than it saves.</item>
    /// <item>Any other page is chosen on narrow rows (id and sort keys) before only its rows are read whole. Both
    /// indexes hold the column, so the entries a later page skips are never read from the table (page 50 of 10,000
    /// articles: 2.0 ms of MariaDB's time read whole, 1.0 ms chosen narrow). A tag's matches and search matches are
    /// sorted, and sorting them with their text was three times slower.</item>
    /// <item>With search terms, title matches come first and COUNT(*) OVER () counts the matches in the same pass,
    /// since they are all read to be ranked anyway.</item>
    /// </list>
    /// </summary>
    private static string PageSql(StringBuilder where, IReadOnlyList<string> inTitle, bool tagged, PageRequest page)
    {
        var searching = inTitle.Count > 0;
        var join = searching ? "JOIN columns c" : "STRAIGHT_JOIN columns c FORCE INDEX (PRIMARY)";
        if (!searching && !tagged && page.Offset == 0)
        {
            return $"""
                SELECT {SummaryColumns}
                FROM articles a {join} ON c.id = a.column_id
                WHERE {where}
                ORDER BY a.pinned DESC, a.publish_at DESC, a.id DESC
                LIMIT @limit
                """;
        }

        var rank = searching ? $"({string.Join(" AND ", inTitle)}) AS title_match, " : "";
        var count = searching ? ", COUNT(*) OVER () AS total_count" : "";
        var (innerOrder, outerOrder) = searching ? ("title_match DESC, ", "p.title_match DESC, ") : ("", "");
        return $"""
            SELECT {SummaryColumns}{(searching ? ", p.total_count" : "")}
            FROM (SELECT a.id, {rank}a.pinned, a.publish_at{count}
                  FROM articles a {join} ON c.id = a.column_id
                  WHERE {where}
                  ORDER BY {innerOrder}a.pinned DESC, a.publish_at DESC, a.id DESC
                  LIMIT @limit OFFSET @offset) p
            JOIN articles a ON a.id = p.id JOIN columns c ON c.id = a.column_id
            ORDER BY {outerOrder}p.pinned DESC, p.publish_at DESC, p.id DESC
            """;
    }

    /// <summary>A published article with its version for the ETag; null when it is not public (yet).</summary>
    public async Task<(ArticleDetail Article, int Version)?> FindPublicAsync(long id, DateTime now, CancellationToken ct)
    {
        if (await reads.RunAsync(connection => FindAsync(connection, $"a.id = @id AND {PublicFilter}", new { id, now }, ct), ct)
            is not var (row, tags, attachments))
        {
            return null;
        }

        return (new ArticleDetail(row.Id, row.ColumnId, row.ColumnName, row.Title, row.Summary, row.Author, row.Source,
            row.CoverUrl, row.VideoUrl, row.ContentHtml, attachments, tags, row.Pinned, DbTime.FromUtc(row.PublishAt!.Value),
            row.ViewCount), row.Version);
    }

    /// <summary>A published article waiting for its time, as a condition on <c>articles a</c> with <c>@now</c>.</summary>
    public const string ScheduledSql = "a.state = 'published' AND a.publish_at > @now";

    public async Task<Paged<AdminArticleItem>> ListAdminAsync(
        DateTime now, ArticleStatus? status, long? columnId, string? titleContains, PageRequest page, CancellationToken ct)
    {
        var where = new StringBuilder("1 = 1");
        where.Append(status switch
        {
            null => "",
            ArticleStatus.Draft => " AND a.state = 'draft'",
            ArticleStatus.Archived => " AND a.state = 'archived'",
            ArticleStatus.Scheduled => $" AND {ScheduledSql}",
            ArticleStatus.Published => " AND a.state = 'published' AND a.publish_at <= @now",
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        });
        if (columnId is not null)
        {
            where.Append(" AND a.column_id = @columnId");
        }

        if (titleContains is not null)
        {
            where.Append(" AND a.title LIKE @titleContains");
        }

        var args = new { now, columnId, titleContains = titleContains is null ? null : SqlLike.Contains(titleContains), limit = page.PageSize, offset = page.Offset };
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = (await connection.QueryAsync<ArticleRow>(new CommandDefinition($"""
            SELECT {Columns} FROM articles a JOIN columns c ON c.id = a.column_id
            WHERE {where} ORDER BY a.updated_at DESC, a.id DESC LIMIT @limit OFFSET @offset
            """, args, cancellationToken: ct))).ToList();
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM articles a WHERE {where}", args, cancellationToken: ct));
        var tags = await TagsAsync(connection, rows.Select(r => r.Id), ct);
        return page.Of(rows.Select(r => new AdminArticleItem(r.Id, r.ColumnId, r.ColumnName, r.Title, tags[r.Id].ToList(),
            r.Pinned, ArticleRules.StatusOf(r.State, r.PublishAt, now), r.PublishAt is { } at ? DbTime.FromUtc(at) : null, r.ViewCount,
            r.UpdatedBy, DbTime.FromUtc(r.UpdatedAt))).ToList(), total);
    }

    public async Task<AdminArticle?> FindAdminAsync(long id, DateTime now, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await FindAsync(connection, "a.id = @id", new { id }, ct) is var (row, tags, attachments)
            ? ToAdmin(row, tags, attachments, now)
            : null;
    }

    public Task<long> CreateAsync(ArticleWrite article, long staffId, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync(() => InsertAsync(article, staffId, now, ct));

    private async Task<long> InsertAsync(ArticleWrite article, long staffId, DateTime now, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO articles (column_id, title, summary, author, source, cover_url, video_url, content_html, pinned,
                                  state, publish_at, search_text, created_by, updated_by, created_at, updated_at)
            VALUES (@ColumnId, @Title, @Summary, @Author, @Source, @CoverUrl, @VideoUrl, @ContentHtml, @Pinned,
                    @State, @PublishAt, @SearchText, @staffId, @staffId, @now, @now);
            SELECT LAST_INSERT_ID();
            """, Parameters(article, staffId, now), transaction, cancellationToken: ct));
        await InsertDetailsAsync(connection, transaction, id, article, ct);
        await transaction.CommitAsync(ct);
        totals.Clear();
        return id;
    }

    /// <summary>Replaces every editable field; false when there is no such article.</summary>
    public Task<bool> UpdateAsync(long id, ArticleWrite article, long staffId, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync(() => ReplaceAsync(id, article, staffId, now, ct));

    private async Task<bool> ReplaceAsync(long id, ArticleWrite article, long staffId, DateTime now, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var parameters = Parameters(article, staffId, now);
        parameters.Add("id", id);
        var found = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE articles SET column_id = @ColumnId, title = @Title, summary = @Summary, author = @Author,
                source = @Source, cover_url = @CoverUrl, video_url = @VideoUrl, content_html = @ContentHtml,
                pinned = @Pinned, state = @State, publish_at = @PublishAt, search_text = @SearchText, version = version + 1, updated_by = @staffId, updated_at = @now
            WHERE id = @id
            """, parameters, transaction, cancellationToken: ct));
        if (found == 0)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition("""
            DELETE FROM article_tags WHERE article_id = @id;
            DELETE FROM article_attachments WHERE article_id = @id;
            """, new { id }, transaction, cancellationToken: ct));
        await InsertDetailsAsync(connection, transaction, id, article, ct);
        await transaction.CommitAsync(ct);
        totals.Clear();
        return true;
    }

    /// <summary>Publishes, schedules, unpublishes or archives; false when there is no such article.</summary>
    public Task<bool> SetStateAsync(long id, ArticleState state, DateTime? publishAt, long staffId, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync<bool>(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            var found = await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE articles SET state = @state, publish_at = @publishAt, version = version + 1,
                                    updated_by = @staffId, updated_at = @now
                WHERE id = @id
                """, new { id, state = state.ToDb(), publishAt, staffId, now }, cancellationToken: ct)) > 0;
            totals.Clear();
            return found;
        });

    /// <summary>
    /// Adds buffered view counts in one transaction: all or nothing, so a flush that fails half-way and is retried
    /// never counts the written half twice. Rows are updated in id order, the same order on every instance, so
    /// two instances flushing at once wait for each other instead of deadlocking.
    /// </summary>
    public Task AddViewsAsync(IReadOnlyDictionary<long, long> views, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE articles SET view_count = view_count + @Count WHERE id = @Id",
                views.OrderBy(pair => pair.Key).Select(pair => new { Id = pair.Key, Count = pair.Value }), transaction,
                cancellationToken: ct));
            await transaction.CommitAsync(ct);
        });

    public async Task<bool> AnyAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM articles)", cancellationToken: ct));
    }

    /// <summary>
    /// The article matching <paramref name="where"/> (which names <c>@id</c>) with its tags and attachments, in one
    /// round trip; null when there is none.
    /// </summary>
    private static async Task<(ArticleRow Row, IReadOnlyList<string> Tags, IReadOnlyList<ArticleAttachment> Attachments)?> FindAsync(
        MySqlConnection connection, string where, object args, CancellationToken ct)
    {
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition($"""
            SELECT {Columns}, a.content_html FROM articles a JOIN columns c ON c.id = a.column_id WHERE {where};
            SELECT tag FROM article_tags WHERE article_id = @id ORDER BY tag;
            SELECT name, url FROM article_attachments WHERE article_id = @id ORDER BY position;
            """, args, cancellationToken: ct));
        var row = await results.ReadSingleOrDefaultAsync<ArticleRow>();
        var tags = (await results.ReadAsync<string>()).ToList();
        var attachments = (await results.ReadAsync<(string Name, string Url)>()).Select(a => new ArticleAttachment(a.Name, a.Url)).ToList();
        return row is null ? null : (row, tags, attachments);
    }

    private static async Task<ILookup<long, string>> TagsAsync(MySqlConnection connection, IEnumerable<long> ids, CancellationToken ct)
    {
        var list = ids.ToList();
        if (list.Count == 0)
        {
            return Array.Empty<(long, string)>().ToLookup(t => t.Item1, t => t.Item2);
        }

        var rows = await connection.QueryAsync<(long ArticleId, string Tag)>(new CommandDefinition(
            "SELECT article_id, tag FROM article_tags WHERE article_id IN @list ORDER BY tag", new { list },
            cancellationToken: ct));
        return rows.ToLookup(r => r.ArticleId, r => r.Tag);
    }

    /// <summary>
    /// Writes <c>articles.tags_json</c> (V16), the copy of an article's tags that the public list reads with each row,
    /// from its <c>article_tags</c> rows as this transaction sees them, in their order (the column's collation), as
    /// V17 wrote it for older articles; null without tags. Built here rather than with GROUP_CONCAT, which MySQL 8
    /// and TiDB cut at 1,024 bytes, and read without locking the tag rows, which would make creates wait for each other.
    /// </summary>
    private static async Task WriteTagsJsonAsync(MySqlConnection connection, MySqlTransaction transaction, long id, CancellationToken ct)
    {
        var tags = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT tag FROM article_tags WHERE article_id = @id ORDER BY tag", new { id }, transaction, cancellationToken: ct))).ToList();
        await connection.ExecuteAsync(new CommandDefinition("UPDATE articles SET tags_json = @json WHERE id = @id",
            new { id, json = tags.Count == 0 ? null : JsonSerializer.Serialize(tags, TagsJsonOptions) }, transaction, cancellationToken: ct));
    }

    /// <summary>Tags as written, readable in the database (no \u escapes for Chinese).</summary>
    private static readonly JsonSerializerOptions TagsJsonOptions = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    /// <summary>The public list's copy of a row's tags, as <see cref="WriteTagsJsonAsync"/> stored them.</summary>
    private static List<string> TagList(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<List<string>>(json) ?? [];

    private static async Task InsertDetailsAsync(
        MySqlConnection connection, MySqlTransaction transaction, long id, ArticleWrite article, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO article_tags (article_id, tag) VALUES (@id, @tag)",
            article.Tags.Select(tag => new { id, tag }), transaction, cancellationToken: ct));
        await WriteTagsJsonAsync(connection, transaction, id, ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO article_attachments (article_id, position, name, url) VALUES (@id, @position, @Name, @Url)",
            article.Attachments.Select((a, position) => new { id, position, a.Name, a.Url }), transaction, cancellationToken: ct));
    }

    /// <summary>The article's fields, its state as the column's word (Dapper would write the enum's number), who and when.</summary>
    private static DynamicParameters Parameters(ArticleWrite article, long staffId, DateTime now)
    {
        var parameters = new DynamicParameters(article);
        parameters.Add(nameof(ArticleWrite.State), article.State.ToDb());
        parameters.Add("staffId", staffId);
        parameters.Add("now", now);
        return parameters;
    }

    private static AdminArticle ToAdmin(
        ArticleRow r, IReadOnlyList<string> tags, IReadOnlyList<ArticleAttachment> attachments, DateTime now) =>
        new(r.Id, r.ColumnId, r.ColumnName, r.Title, r.Summary, r.Author, r.Source, r.CoverUrl, r.VideoUrl, r.ContentHtml,
            attachments, tags, r.Pinned, ArticleRules.StatusOf(r.State, r.PublishAt, now), r.PublishAt is { } at ? DbTime.FromUtc(at) : null,
            r.ViewCount, r.Version, r.CreatedBy, DbTime.FromUtc(r.CreatedAt), r.UpdatedBy, DbTime.FromUtc(r.UpdatedAt));

    private sealed class ArticleRow
    {
        public long Id { get; init; }
        public long ColumnId { get; init; }
        public string ColumnName { get; init; } = "";
        public string Title { get; init; } = "";
        public string Summary { get; init; } = "";
        public string? Author { get; init; }
        public string? Source { get; init; }
        public string? CoverUrl { get; init; }
        public string? VideoUrl { get; init; }
        public string ContentHtml { get; init; } = "";
        public bool Pinned { get; init; }
        public ArticleState State { get; init; }
        public DateTime? PublishAt { get; init; }
        public long ViewCount { get; init; }
        public int Version { get; init; }
        public long CreatedBy { get; init; }
        public DateTime CreatedAt { get; init; }
        public long UpdatedBy { get; init; }
        public DateTime UpdatedAt { get; init; }
        public long TotalCount { get; init; }
        public string? TagsJson { get; init; }
    }
}
