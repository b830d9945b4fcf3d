using Dapper;
using MySqlConnector;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Infrastructure;
using static Shangmi.Api.Tests.Articles.ArticleClient;

namespace Shangmi.Api.Tests.Articles;

public class ArticlesTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task The_default_columns_are_listed_in_order()
    {
        var columns = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/columns");

        Assert.Equal(["政策法规", "政策解读", "典型案例", "通知公告", "活动动态"],
            columns.EnumerateArray().Select(c => c.GetProperty("name").GetString()).Take(5));
    }

    [Fact]
    public async Task A_published_article_is_public_with_a_safe_body_and_a_derived_summary()
    {
        var editor = await factory.EditorAsync();
        var id = await CreateAsync(editor, new()
        {
            ["title"] = "公开文章",
            ["contentHtml"] = "<p onclick=\"x()\">第一段<script>alert(1)</script></p><p>第二段</p>",
            ["tags"] = new[] { "指引" },
        });

        var article = await factory.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/articles/{id}");

        Assert.Equal("公开文章", article.GetProperty("title").GetString());
        Assert.Equal("<p>第一段</p><p>第二段</p>", article.GetProperty("contentHtml").GetString());
        Assert.Equal("第一段 第二段", article.GetProperty("summary").GetString());
        Assert.EndsWith("+08:00", article.GetProperty("publishedAt").GetString());
        Assert.Contains(id, await ListIdsAsync(factory.CreateClient(), "?tag=指引"));
    }

    [Fact]
    public async Task Drafts_and_archived_articles_are_404_publicly()
    {
        var editor = await factory.EditorAsync();
        var draft = await CreateAsync(editor, new() { ["status"] = "draft" });
        var archived = await CreateAsync(editor, new());
        Assert.Equal(HttpStatusCode.OK, (await editor.DeleteAsync($"/api/v1/admin/articles/{archived}")).StatusCode);

        var client = factory.CreateClient();
        await ProblemAssert.IsProblemAsync(await client.GetAsync($"/api/v1/articles/{draft}"), HttpStatusCode.NotFound, "article.not_found");
        await ProblemAssert.IsProblemAsync(await client.GetAsync($"/api/v1/articles/{archived}"), HttpStatusCode.NotFound, "article.not_found");
        var ids = await ListIdsAsync(client, "?pageSize=50");
        Assert.DoesNotContain(draft, ids);
        Assert.DoesNotContain(archived, ids);
    }

    [Fact]
    public async Task A_scheduled_article_appears_at_its_time_without_any_job()
    {
        var editor = await factory.EditorAsync();
        var at = factory.Clock.GetUtcNow().AddHours(2);
        var id = await CreateAsync(editor, new() { ["status"] = "scheduled", ["publishAt"] = at });
        var admin = await editor.GetFromJsonAsync<JsonElement>($"/api/v1/admin/articles/{id}");
        Assert.Equal("scheduled", admin.GetProperty("status").GetString());
        var scheduled = await editor.GetFromJsonAsync<JsonElement>("/api/v1/admin/articles?status=scheduled&pageSize=50");
        Assert.Contains(id, scheduled.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetInt64()));

        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/articles/{id}")).StatusCode);
        factory.Clock.Advance(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/articles/{id}")).StatusCode);

        factory.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/articles/{id}")).StatusCode);
        Assert.Contains(id, await ListIdsAsync(client, "?pageSize=50"));
    }

    [Fact]
    public async Task Publishing_later_and_unpublishing_move_an_article_in_and_out_of_public_view()
    {
        var editor = await factory.EditorAsync();
        var id = await CreateAsync(editor, new() { ["status"] = "draft" });
        var client = factory.CreateClient();

        await editor.PostAsJsonAsync($"/api/v1/admin/articles/{id}/publish", new { at = factory.Clock.GetUtcNow().AddMinutes(30) });
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/articles/{id}")).StatusCode);
        await editor.PostAsJsonAsync($"/api/v1/admin/articles/{id}/publish", new { });
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/articles/{id}")).StatusCode);
        await editor.PostAsync($"/api/v1/admin/articles/{id}/unpublish", null);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/articles/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_matching_etag_gets_304_and_an_edit_changes_it()
    {
        var editor = await factory.EditorAsync();
        var id = await CreateAsync(editor, new() { ["title"] = "缓存" });
        var client = factory.CreateClient();
        var first = await client.GetAsync($"/api/v1/articles/{id}");
        var etag = first.Headers.ETag!;
        Assert.Contains("public", first.Headers.CacheControl!.ToString());

        var again = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/articles/{id}");
        again.Headers.IfNoneMatch.Add(etag);
        var notModified = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        var edited = await editor.PutAsJsonAsync($"/api/v1/admin/articles/{id}", new
        {
            columnId = await FirstColumnIdAsync(editor), title = "缓存（修订）", contentHtml = "<p>新正文</p>", status = "published",
        });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var afterEdit = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/articles/{id}");
        afterEdit.Headers.IfNoneMatch.Add(etag);
        var changed = await client.SendAsync(afterEdit);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
    }

    [Fact]
    public async Task The_list_shows_each_articles_current_tags_whatever_they_hold_through_every_edit()
    {
        // The public list reads a stored copy of the tags (articles.tags_json); the detail, the editor and the tag filter
        // read the tag rows. Every edit must keep the copy equal to the rows, in the rows' order (the column's
        // collation, where "a" sorts before "B"), including tags that would break a naive JSON or a split.
        var marker = $"标{Guid.NewGuid():N}"[..12];
        string[] awkward = [marker, "引号\"与\\斜杠", "逗号,和]括号", "表情😀", "  空格  ", "B", "a"];
        var editor = await factory.EditorAsync();
        var columnId = await FirstColumnIdAsync(editor);
        var id = await CreateAsync(editor, new() { ["title"] = "标签文章", ["tags"] = awkward, ["pinned"] = true });
        var client = factory.CreateClient();

        async Task<string[]> RowsAsync()
        {
            await using var connection = new MySqlConnection(factory.ConnectionString);
            return (await connection.QueryAsync<string>("SELECT tag FROM article_tags WHERE article_id = @id ORDER BY tag", new { id })).ToArray();
        }

        async Task<string[]> ListedAsync(string query)
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/articles{query}");
            var item = page.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetInt64() == id);
            return Strings(item.GetProperty("tags"));
        }

        async Task ExpectEverywhereAsync(string[] expected)
        {
            var rows = await RowsAsync();
            Assert.Equal(expected.Order(StringComparer.Ordinal), rows.Order(StringComparer.Ordinal));
            Assert.Equal(rows, await ListedAsync("?pageSize=50"));                                     // first page, off the index
            Assert.Equal(rows, await ListedAsync($"?tag={Uri.EscapeDataString(expected[0])}&page=1")); // sub-select path
            Assert.Equal(rows, Strings((await client.GetFromJsonAsync<JsonElement>($"/api/v1/articles/{id}")).GetProperty("tags")));
            Assert.Equal(rows, Strings((await editor.GetFromJsonAsync<JsonElement>($"/api/v1/admin/articles/{id}")).GetProperty("tags")));
        }

        await ExpectEverywhereAsync(awkward.Select(t => t.Trim()).ToArray());
        Assert.Equal(["a", "B"], (await RowsAsync()).Where(t => t.Length == 1));

        var second = marker + "二";
        var edited = await editor.PutAsJsonAsync($"/api/v1/admin/articles/{id}", new
        {
            columnId, title = "标签文章", contentHtml = "<p>正文</p>", status = "published", pinned = true, tags = new[] { second, "新标签" },
        });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        await ExpectEverywhereAsync([second, "新标签"]);
        Assert.DoesNotContain(id, await ListIdsAsync(client, $"?tag={Uri.EscapeDataString(marker)}"));

        // Publishing states do not touch the tags.
        Assert.Equal(HttpStatusCode.OK, (await editor.PostAsync($"/api/v1/admin/articles/{id}/unpublish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await editor.PostAsync($"/api/v1/admin/articles/{id}/publish", null)).StatusCode);
        await ExpectEverywhereAsync([second, "新标签"]);

        var untagged = await editor.PutAsJsonAsync($"/api/v1/admin/articles/{id}", new
        {
            columnId, title = $"无标签{marker}", contentHtml = "<p>正文</p>", status = "published", tags = Array.Empty<string>(),
        });
        Assert.Equal(HttpStatusCode.OK, untagged.StatusCode);
        var found = await client.GetFromJsonAsync<JsonElement>($"/api/v1/articles?q={Uri.EscapeDataString(marker)}");
        var only = Assert.Single(found.GetProperty("items").EnumerateArray());
        Assert.Equal(id, only.GetProperty("id").GetInt64());
        Assert.Equal(JsonValueKind.Array, only.GetProperty("tags").ValueKind);
        Assert.Empty(only.GetProperty("tags").EnumerateArray());
        Assert.Null(await factory.ScalarAsync<string>("SELECT tags_json FROM articles WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task Tags_the_database_holds_as_one_are_kept_once_instead_of_failing()
    {
        var editor = await factory.EditorAsync();
        var marker = $"同{Guid.NewGuid():N}"[..12];
        var id = await CreateAsync(editor, new() { ["tags"] = new[] { marker, "AI", "ai", "ÁI", "ＡＩ" } });

        var article = await editor.GetFromJsonAsync<JsonElement>($"/api/v1/admin/articles/{id}");

        Assert.Equal(new[] { "AI", marker }.Order(StringComparer.Ordinal), Strings(article.GetProperty("tags")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_migration_that_fills_the_tag_copy_gives_what_an_edit_writes()
    {
        // V17 filled tags_json for articles written before it; run it again over articles whose copy is gone and
        // compare with the copy ArticleStore wrote for the same tags (the list must not tell them apart).
        var editor = await factory.EditorAsync();
        var marker = $"迁{Guid.NewGuid():N}"[..12];
        var tagged = await CreateAsync(editor, new() { ["tags"] = new[] { marker, "引号\"", "B", "a", "表情😀" } });
        var untagged = await CreateAsync(editor, new() { ["title"] = marker });
        var written = await factory.ScalarAsync<string>("SELECT tags_json FROM articles WHERE id = @tagged", new { tagged });
        var before = await ListedTagsAsync(tagged, marker);

        await factory.ScalarAsync<object>("UPDATE articles SET tags_json = NULL WHERE id IN (@tagged, @untagged)", new { tagged, untagged });
        await using (var stream = typeof(Program).Assembly.GetManifestResourceStream(
                         "Shangmi.Api.Data.Migrations.V17__article_tags_json_backfill.sql")!)
        {
            await factory.ScalarAsync<object>(await new StreamReader(stream).ReadToEndAsync());
        }

        var filled = await factory.ScalarAsync<string>("SELECT tags_json FROM articles WHERE id = @tagged", new { tagged });
        Assert.Equal(JsonSerializer.Deserialize<string[]>(written!), JsonSerializer.Deserialize<string[]>(filled!));
        Assert.Null(await factory.ScalarAsync<string>("SELECT tags_json FROM articles WHERE id = @untagged", new { untagged }));
        await editor.PostAsync($"/api/v1/admin/articles/{tagged}/unpublish", null); // a write: the list is read afresh
        await editor.PostAsync($"/api/v1/admin/articles/{tagged}/publish", null);
        Assert.Equal(before, await ListedTagsAsync(tagged, marker));
    }

    private async Task<string[]> ListedTagsAsync(long id, string tag)
    {
        var page = await factory.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/articles?tag={Uri.EscapeDataString(tag)}");
        return Strings(page.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetInt64() == id).GetProperty("tags"));
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(t => t.GetString()!).ToArray();

    [Fact]
    public async Task Pages_read_one_after_another_give_exactly_the_order_of_one_long_page()
    {
        // The first page is read straight off the index and later pages are chosen on narrow rows first: both must
        // agree, also between articles published in the same instant (the clock stands still here).
        var editor = await factory.EditorAsync();
        var created = await editor.PostAsJsonAsync("/api/v1/admin/columns", new { name = $"分页{Guid.NewGuid():N}"[..10] });
        var column = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        for (var i = 0; i < 7; i++)
        {
            await CreateAsync(editor, new() { ["columnId"] = column, ["title"] = $"分页{i}", ["pinned"] = i % 3 == 0 });
        }

        var client = factory.CreateClient();
        var whole = await ListIdsAsync(client, $"?columnId={column}&pageSize=50");
        var paged = new List<long>();
        for (var page = 1; page <= 4; page++)
        {
            paged.AddRange(await ListIdsAsync(client, $"?columnId={column}&pageSize=2&page={page}"));
        }

        Assert.Equal(7, whole.Length);
        Assert.Equal(whole, paged);
        var wholeList = await ListIdsAsync(client, "?pageSize=50");
        var pagedList = (await ListIdsAsync(client, "?pageSize=25")).Concat(await ListIdsAsync(client, "?pageSize=25&page=2"));
        Assert.Equal(wholeList, pagedList.Take(wholeList.Length));
    }

    [Fact]
    public async Task A_column_filter_answers_for_empty_hidden_and_missing_columns_as_before()
    {
        // A page with articles proves its column visible; the others still look the column up.
        var editor = await factory.EditorAsync();
        var created = await editor.PostAsJsonAsync("/api/v1/admin/columns", new { name = $"空栏{Guid.NewGuid():N}"[..10] });
        var column = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var client = factory.CreateClient();

        var empty = await client.GetFromJsonAsync<JsonElement>($"/api/v1/articles?columnId={column}");
        Assert.Equal(0, empty.GetProperty("total").GetInt32());
        Assert.Empty(empty.GetProperty("items").EnumerateArray());

        var article = await CreateAsync(editor, new() { ["columnId"] = column });
        Assert.Equal([article], await ListIdsAsync(client, $"?columnId={column}"));
        Assert.Empty(await ListIdsAsync(client, $"?columnId={column}&page=9"));

        Assert.Equal(HttpStatusCode.OK,
            (await editor.PutAsJsonAsync($"/api/v1/admin/columns/{column}", new { name = "藏起", hidden = true })).StatusCode);
        foreach (var query in new[] { $"?columnId={column}", $"?columnId={column}&page=2", "?columnId=999999" })
        {
            var problem = await ProblemAssert.IsProblemAsync(await client.GetAsync($"/api/v1/articles{query}"),
                HttpStatusCode.BadRequest, "validation.failed");
            Assert.True(problem.GetProperty("errors").TryGetProperty("columnId", out _), query);
        }

        var both = await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/v1/articles?columnId=999999&pageSize=51"),
            HttpStatusCode.BadRequest, "validation.failed");
        Assert.True(both.GetProperty("errors").TryGetProperty("columnId", out _));
        Assert.True(both.GetProperty("errors").TryGetProperty("pageSize", out _));
    }

    [Fact]
    public async Task Bad_filters_and_bad_articles_are_field_errors()
    {
        var client = factory.CreateClient();
        async Task Expect(HttpResponseMessage response, string field)
        {
            var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation.failed");
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}");
        }

        await Expect(await client.GetAsync("/api/v1/articles?pageSize=51"), "pageSize");
        await Expect(await client.GetAsync("/api/v1/articles?page=0"), "page");
        await Expect(await client.GetAsync("/api/v1/articles?columnId=999999"), "columnId");
        await Expect(await client.GetAsync("/api/v1/articles?columnId=999999&q=x"), "columnId");
        await Expect(await client.GetAsync("/api/v1/articles?q=" + new string('搜', 500)), "q");
        await Expect(await client.GetAsync("/api/v1/articles?q=" + Uri.EscapeDataString("一 二 三 四 五 六")), "q");

        var editor = await factory.EditorAsync();
        var column = await FirstColumnIdAsync(editor);
        await Expect(await editor.PostAsJsonAsync("/api/v1/admin/articles", new { columnId = column, contentHtml = "<p>x</p>" }), "title");
        await Expect(await editor.PostAsJsonAsync("/api/v1/admin/articles",
            new { columnId = column, title = "标签", contentHtml = "<p>x</p>", tags = new[] { "换\n行" } }), "tags");
        await Expect(await editor.PostAsJsonAsync("/api/v1/admin/articles",
            new { columnId = column, title = "封面", contentHtml = "<p>x</p>", coverUrl = "https://elsewhere.example/cover.jpg" }), "coverUrl");
        await Expect(await editor.PostAsJsonAsync("/api/v1/admin/articles",
            new { columnId = 999999, title = "栏目", contentHtml = "<p>x</p>" }), "columnId");
        await Expect(await editor.PostAsJsonAsync("/api/v1/admin/articles",
            new { columnId = column, title = "定时", contentHtml = "<p>x</p>", status = "scheduled" }), "publishAt");
        await Expect(await editor.PostAsJsonAsync("/api/v1/admin/articles",
            new { columnId = column, title = "视频", videoUrl = "http://plain.example/v.mp4" }), "videoUrl");
    }

    [Fact]
    public async Task Views_are_buffered_and_written_at_the_flush_interval()
    {
        var editor = await factory.EditorAsync();
        var id = await CreateAsync(editor, new() { ["title"] = "阅读量" });
        var client = factory.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/articles/{id}")).StatusCode);
        }

        Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT view_count FROM articles WHERE id = @id", new { id }));

        Assert.Equal(3L, await FlushedViewCountAsync(factory, id, 3));
    }

    [Fact]
    public async Task Editors_manage_columns_and_a_hidden_column_hides_its_articles()
    {
        var editor = await factory.EditorAsync();
        var created = await editor.PostAsJsonAsync("/api/v1/admin/columns", new { name = "专题", description = "临时专题", sortOrder = 99 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var column = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var article = await CreateAsync(editor, new() { ["columnId"] = column });

        await ProblemAssert.IsProblemAsync(await editor.DeleteAsync($"/api/v1/admin/columns/{column}"), HttpStatusCode.Conflict,
            "column.not_empty");
        await ProblemAssert.IsProblemAsync(await editor.PostAsJsonAsync("/api/v1/admin/columns", new { name = "专题" }),
            HttpStatusCode.Conflict, "column.name_taken");

        var hidden = await editor.PutAsJsonAsync($"/api/v1/admin/columns/{column}", new { name = "专题", hidden = true });
        Assert.Equal(HttpStatusCode.OK, hidden.StatusCode);

        var client = factory.CreateClient();
        var names = (await client.GetFromJsonAsync<JsonElement>("/api/v1/columns")).EnumerateArray()
            .Select(c => c.GetProperty("name").GetString());
        Assert.DoesNotContain("专题", names);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/articles/{article}")).StatusCode);
    }
}
