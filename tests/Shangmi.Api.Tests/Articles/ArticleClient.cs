using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Articles;

/// <summary>Shortcuts for article tests: an editor's client and the first column id.</summary>
public static class ArticleClient
{
    public static async Task<long> FirstColumnIdAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/columns"))[0].GetProperty("id").GetInt64();

    /// <summary>Creates an article through the admin route; <paramref name="fields"/> override the defaults.</summary>
    public static async Task<long> CreateAsync(HttpClient editor, Dictionary<string, object?> fields)
    {
        var body = new Dictionary<string, object?>
        {
            ["columnId"] = await FirstColumnIdAsync(editor),
            ["title"] = "测试文章",
            ["contentHtml"] = "<p>正文内容</p>",
            ["status"] = "published",
        };
        foreach (var (key, value) in fields)
        {
            body[key] = value;
        }

        var response = await editor.PostAsJsonAsync("/api/v1/admin/articles", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64();
    }

    public static async Task<long[]> ListIdsAsync(HttpClient client, string query = "")
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/articles{query}");
        return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToArray();
    }

    /// <summary>Moves the clock past the view-count flush interval and waits for the flusher to write.</summary>
    public static async Task<long> FlushedViewCountAsync(ApiFactory factory, long id, long expected)
    {
        factory.Clock.Advance(TimeSpan.FromSeconds(10));
        long count = 0;
        for (var attempt = 0; attempt < 50 && count < expected; attempt++)
        {
            await Task.Delay(100);
            count = await factory.ScalarAsync<long>("SELECT view_count FROM articles WHERE id = @id", new { id });
        }

        return count;
    }
}
