using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Infrastructure;
using static Shangmi.Api.Tests.Articles.ArticleClient;

namespace Shangmi.Api.Tests.Articles;

/// <summary>The public output cache: serves repeats from memory, yields to edits at once, still counts views.</summary>
public class PublicCacheTests(PublicCacheTests.Factory factory) : IClassFixture<PublicCacheTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        public Factory() => Settings["PublicCache:Duration"] = "00:05:00";
    }

    [Fact]
    public async Task Repeated_reads_come_from_the_cache_until_an_editor_changes_something()
    {
        var editor = await factory.EditorAsync();
        var id = await CreateAsync(editor, new() { ["title"] = "原标题" });
        var client = factory.CreateClient();
        Assert.Equal("原标题", (await client.GetFromJsonAsync<JsonElement>($"/api/v1/articles/{id}")).GetProperty("title").GetString());

        // Behind the API's back: a cached answer does not see it.
        await factory.ScalarAsync<int>("UPDATE articles SET title = '偷改' WHERE id = @id", new { id });
        Assert.Equal("原标题", (await client.GetFromJsonAsync<JsonElement>($"/api/v1/articles/{id}")).GetProperty("title").GetString());

        // Through the API: the cache is evicted at once.
        await editor.PostAsync($"/api/v1/admin/articles/{id}/unpublish", null);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/articles/{id}")).StatusCode);
    }

    [Fact]
    public async Task Views_served_from_the_cache_are_counted()
    {
        var editor = await factory.EditorAsync();
        var id = await CreateAsync(editor, new() { ["title"] = "缓存阅读" });
        var client = factory.CreateClient();
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/articles/{id}")).StatusCode);
        }

        Assert.Equal(4L, await FlushedViewCountAsync(factory, id, 4));
    }

    [Fact]
    public async Task A_signed_in_users_request_is_served_the_same_public_answer()
    {
        var (token, _) = await factory.SignInUserAsync("reader:1");
        var editor = await factory.EditorAsync();
        var id = await CreateAsync(editor, new() { ["title"] = "登录读者" });

        var response = await factory.ClientWith(token).GetAsync($"/api/v1/articles/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("public", response.Headers.CacheControl!.ToString());
    }
}
