using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Infrastructure;
using static Shangmi.Api.Tests.Articles.ArticleClient;

namespace Shangmi.Api.Tests.Articles;

/// <summary>
/// The public list's total is counted once per filter and reused (the output cache is off, as on every cache miss):
/// it must belong to its own filter, and a scheduled article going public must show in it at its time.
/// </summary>
public class ArticleTotalsTests(ArticleTotalsTests.Factory factory) : IClassFixture<ArticleTotalsTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        // Longer than any wait below: an entry that ends, ends because of a write or a scheduled time.
        public Factory() => Settings["Articles:TotalCacheDuration"] = "01:00:00";
    }

    [Fact]
    public async Task Every_filter_keeps_its_own_total_and_a_scheduled_article_counts_from_its_time()
    {
        var editor = await factory.EditorAsync();
        var columnA = await CreateColumnAsync(editor, "合计甲栏");
        var columnB = await CreateColumnAsync(editor, "合计乙栏");
        await CreateAsync(editor, new() { ["columnId"] = columnA, ["title"] = "甲一", ["tags"] = new[] { "合计红", "合计蓝" } });
        await CreateAsync(editor, new() { ["columnId"] = columnA, ["title"] = "甲二 独角兽", ["tags"] = new[] { "合计红", "合计蓝" } });
        await CreateAsync(editor, new() { ["columnId"] = columnA, ["title"] = "甲三", ["tags"] = new[] { "合计蓝" } });
        var b1 = await CreateAsync(editor, new() { ["columnId"] = columnB, ["title"] = "乙一", ["tags"] = new[] { "合计蓝" } });
        await CreateAsync(editor, new() { ["columnId"] = columnB, ["title"] = "乙二 独角兽 凤凰", ["tags"] = new[] { "合计蓝" } });

        var expected = new Dictionary<string, long>
        {
            [$"?columnId={columnA}"] = 3,
            [$"?columnId={columnB}"] = 2,
            ["?tag=" + Uri.EscapeDataString("合计红")] = 2,
            ["?tag=" + Uri.EscapeDataString("合计蓝")] = 5,
            [$"?columnId={columnA}&tag=" + Uri.EscapeDataString("合计红")] = 2,
            [$"?columnId={columnB}&tag=" + Uri.EscapeDataString("合计红")] = 0,
            ["?q=" + Uri.EscapeDataString("独角兽")] = 2,
            ["?q=" + Uri.EscapeDataString("独角兽 凤凰")] = 1,
            [$"?columnId={columnA}&q=" + Uri.EscapeDataString("独角兽")] = 1,
            [$"?columnId={columnA}&pageSize=1&page=3"] = 3,
        };
        // Twice: the second round is answered from the totals the first one counted.
        for (var round = 0; round < 2; round++)
        {
            foreach (var (query, total) in expected)
            {
                Assert.True(total == await TotalAsync(query), $"{query} in round {round}");
            }
        }

        var at = factory.Clock.GetUtcNow().AddMinutes(10);
        await CreateAsync(editor, new()
        {
            ["columnId"] = columnA, ["title"] = "甲四", ["tags"] = new[] { "合计红" }, ["status"] = "scheduled", ["publishAt"] = at,
        });
        Assert.Equal(3, await TotalAsync($"?columnId={columnA}"));
        Assert.Equal(2, await TotalAsync("?tag=" + Uri.EscapeDataString("合计红")));
        Assert.Equal(2, await TotalAsync($"?columnId={columnB}"));

        // Behind the API's back, so that nothing clears the totals: they are reused until the scheduled time...
        await factory.ScalarAsync<int>("UPDATE articles SET state = 'draft' WHERE id = @b1", new { b1 });
        Assert.Equal(2, await TotalAsync($"?columnId={columnB}"));
        factory.Clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        Assert.Equal(3, await TotalAsync($"?columnId={columnA}"));

        // ...and counted again when it comes, with the article just gone public.
        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(4, await TotalAsync($"?columnId={columnA}"));
        Assert.Equal(3, await TotalAsync("?tag=" + Uri.EscapeDataString("合计红")));
        Assert.Equal(1, await TotalAsync($"?columnId={columnB}"));
        Assert.Equal(4, await TotalAsync("?tag=" + Uri.EscapeDataString("合计蓝")));
    }

    [Fact]
    public async Task An_edit_or_a_hidden_column_shows_in_the_total_at_once()
    {
        var editor = await factory.EditorAsync();
        var column = await CreateColumnAsync(editor, "合计丙栏");
        var tag = "?tag=" + Uri.EscapeDataString("合计绿");
        var id = await CreateAsync(editor, new() { ["columnId"] = column, ["title"] = "丙一", ["tags"] = new[] { "合计绿" } });
        await CreateAsync(editor, new() { ["columnId"] = column, ["title"] = "丙二", ["tags"] = new[] { "合计绿" } });
        Assert.Equal(2, await TotalAsync(tag));

        await editor.PostAsync($"/api/v1/admin/articles/{id}/unpublish", null);
        Assert.Equal(1, await TotalAsync(tag));

        var hide = await editor.PutAsJsonAsync($"/api/v1/admin/columns/{column}", new { name = "合计丙栏", hidden = true });
        Assert.True(hide.IsSuccessStatusCode, await hide.Content.ReadAsStringAsync());
        Assert.Equal(0, await TotalAsync(tag));
    }

    private async Task<long> TotalAsync(string query) =>
        (await factory.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/articles{query}")).GetProperty("total").GetInt64();

    private static async Task<long> CreateColumnAsync(HttpClient editor, string name)
    {
        var response = await editor.PostAsJsonAsync("/api/v1/admin/columns", new { name, description = "", sortOrder = 90 });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64();
    }
}
