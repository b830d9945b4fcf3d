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
        // The list reads a stored copy of the tags (articles.tags_json), the detail and the tag filter read the tag
        // rows: every edit must keep them equal, including tags that would break a naive JSON or a split.
        var marker = $"标{Guid.NewGuid():N}"[..12];
        string[] awkward = [marker, "引号\"与\\斜杠", "逗号,和]括号", "表情😀", "  空格  "];
        var editor = await factory.EditorAsync();
        var columnId = await FirstColumnIdAsync(editor);
        var id = await CreateAsync(editor, new() { ["title"] = "标签文章", ["tags"] = awkward });
        var client = factory.CreateClient();

        async Task<(string[] Listed, string[] Detail)> TagsAsync(string filter)
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/articles?tag={Uri.EscapeDataString(filter)}&pageSize=50");
            var item = page.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetInt64() == id);
            var detail = await client.GetFromJsonAsync<JsonElement>($"/api/v1/articles/{id}");
            return (Strings(item.GetProperty("tags")), Strings(detail.GetProperty("tags")));
        }

        var (listed, detail) = await TagsAsync(marker);
        Assert.Equal(awkward.Select(t => t.Trim()).Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.Equal(detail, listed);

        var second = marker + "二";
        var edited = await editor.PutAsJsonAsync($"/api/v1/admin/articles/{id}", new
        {
            columnId, title = "标签文章", contentHtml = "<p>正文</p>", status = "published", tags = new[] { second, "新标签" },
        });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        (listed, detail) = await TagsAsync(second);
        Assert.Equal(new[] { second, "新标签" }.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.Equal(detail, listed);
        Assert.DoesNotContain(id, await ListIdsAsync(client, $"?tag={Uri.EscapeDataString(marker)}"));

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
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(t => t.GetString()!).ToArray();

    [Fact]
    public async Task Pinned_articles_come_first_then_the_newest()
    {
        var editor = await factory.EditorAsync();
        var column = (await (await editor.PostAsJsonAsync("/api/v1/admin/columns", new { name = "排序测试" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var old = await CreateAsync(editor, new() { ["columnId"] = column, ["title"] = "旧" });
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var pinnedOld = await CreateAsync(editor, new() { ["columnId"] = column, ["title"] = "置顶", ["pinned"] = true });
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var newest = await CreateAsync(editor, new() { ["columnId"] = column, ["title"] = "新" });

        Assert.Equal([pinnedOld, newest, old], await ListIdsAsync(factory.CreateClient(), $"?columnId={column}"));
    }

    [Fact]
    public async Task Search_finds_chinese_substrings_and_ranks_title_matches_first()
    {
        var editor = await factory.EditorAsync();
        var inBody = await CreateAsync(editor, new() { ["title"] = "一篇普通文章", ["contentHtml"] = "<p>谈谈竞业限制协议的签订</p>" });
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var other = await CreateAsync(editor, new() { ["title"] = "无关", ["contentHtml"] = "<p>竞业，限制</p>" });
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var newerInBody = await CreateAsync(editor, new() { ["title"] = "另一篇", ["contentHtml"] = "<p>关于<b>竞业</b>限制的新规定</p>" });
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var inTitle = await CreateAsync(editor, new() { ["title"] = "竞业限制十问", ["contentHtml"] = "<p>问答</p>" });
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        await CreateAsync(editor, new() { ["title"] = "最新但无关", ["contentHtml"] = "<p>其他内容</p>" });

        var found = await ListIdsAsync(factory.CreateClient(), "?q=" + Uri.EscapeDataString("竞业限制"));

        Assert.Equal([inTitle, newerInBody, inBody], found);
        Assert.DoesNotContain(other, found);
        Assert.Equal([inBody], await ListIdsAsync(factory.CreateClient(), "?q=" + Uri.EscapeDataString("竞业限制 签订")));
        Assert.Equal([inBody], await ListIdsAsync(factory.CreateClient(), "?q=" + Uri.EscapeDataString("签订")));
        var page = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/articles?pageSize=1&q=" + Uri.EscapeDataString("竞业限制"));
        Assert.Equal(3, page.GetProperty("total").GetInt32());
    }

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
        await Expect(await client.GetAsync("/api/v1/articles?q=" + new string('搜', 500)), "q");
        await Expect(await client.GetAsync("/api/v1/articles?q=" + Uri.EscapeDataString("一 二 三 四 五 六")), "q");

        var editor = await factory.EditorAsync();
        var column = await FirstColumnIdAsync(editor);
        await Expect(await editor.PostAsJsonAsync("/api/v1/admin/articles", new { columnId = column, contentHtml = "<p>x</p>" }), "title");
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
