using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MySqlConnector;
using Shangmi.Api.Tests.Infrastructure;
using static Shangmi.Api.Tests.Articles.ArticleClient;

namespace Shangmi.Api.Tests.Articles;

/// <summary>Buffered view counts reach the database all together or not at all.</summary>
public class ViewFlushTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task One_flush_writes_every_buffered_count_in_one_transaction()
    {
        var editor = await factory.EditorAsync();
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await CreateAsync(editor, new() { ["title"] = $"阅读计数{i}" }));
        }

        var client = factory.CreateClient();
        foreach (var id in ids)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/articles/{id}")).StatusCode);
        }

        // Hold the last article's row, so that a flush has to wait for it part of the way through.
        var last = ids.Max();
        await using var holder = new MySqlConnection(factory.ConnectionString);
        await holder.OpenAsync();
        await using (var transaction = await holder.BeginTransactionAsync())
        {
            await holder.ExecuteAsync("SELECT id FROM articles WHERE id = @last FOR UPDATE", new { last }, transaction);
            factory.Clock.Advance(TimeSpan.FromSeconds(10));
            await Task.Delay(TimeSpan.FromSeconds(1));

            // While the flush waits, none of its counts is visible: nothing was committed article by article.
            Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT SUM(view_count) FROM articles WHERE id IN @ids", new { ids }));
            await transaction.RollbackAsync();
        }

        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (await factory.ScalarAsync<long>("SELECT SUM(view_count) FROM articles WHERE id IN @ids", new { ids }) == 5)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("the counts were not written once the row was free");
    }

    [Fact]
    public async Task Views_counted_until_the_service_stops_are_written_when_it_has_stopped()
    {
        await using var own = new ApiFactory();
        await own.InitializeAsync();
        var id = await CreateAsync(await own.EditorAsync(), new() { ["title"] = "停机前的阅读" });
        var client = own.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/articles/{id}")).StatusCode);
        }

        // Well before the next periodic flush: only the write at stop can save these counts.
        var lifetime = own.Services.GetRequiredService<IHostApplicationLifetime>();
        var stopped = new TaskCompletionSource();
        lifetime.ApplicationStopped.Register(() => stopped.SetResult());
        lifetime.StopApplication();
        await stopped.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(3L, await own.ScalarAsync<long>("SELECT view_count FROM articles WHERE id = @id", new { id }));
    }
}
