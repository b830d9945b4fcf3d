using System.Diagnostics;
using System.Net;
using Dapper;
using MySqlConnector;
using Shangmi.Api.Tests.Articles;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Foundation;

/// <summary>
/// The service reaches MariaDB through a relay the test can cut, as if the database server died. While it is
/// down, readiness and API routes answer 503 problems quickly; when it is back, both recover without a restart.
/// </summary>
public class DatabaseOutageTests(DatabaseOutageTests.Factory factory) : IClassFixture<DatabaseOutageTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        public TcpRelay Relay { get; } = new(TestMariaDb.ServerPort);

        protected override int DatabasePort => Relay.Port;

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            await Relay.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_dead_database_makes_ready_and_api_routes_503_and_both_recover_when_it_returns()
    {
        var (token, _) = await factory.SignInUserAsync("outage:1");
        var client = factory.ClientWith(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);

        factory.Relay.Cut();
        try
        {
            var watch = Stopwatch.StartNew();
            await ProblemAssert.IsProblemAsync(await client.GetAsync("/health/ready"), HttpStatusCode.ServiceUnavailable,
                "service.not_ready");
            await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/v1/me"), HttpStatusCode.ServiceUnavailable,
                "database.unavailable");
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"the 503s took {watch.Elapsed}");
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        }
        finally
        {
            factory.Relay.Restore();
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);
    }

    /// <summary>
    /// A database restarted, or a proxy that dropped idle connections, while no request ran: the pool still holds
    /// connections that are dead. The next requests must not be the ones to find out.
    /// </summary>
    [Fact]
    public async Task Connections_dropped_between_requests_cost_no_request()
    {
        var (token, _) = await factory.SignInUserAsync("outage:2");
        var client = factory.ClientWith(token);
        // Several requests at once leave several connections idle in the pool.
        foreach (var answer in await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetAsync("/api/v1/me"))))
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        factory.Relay.Cut();
        factory.Relay.Restore();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            statuses.Add((await client.GetAsync("/api/v1/me")).StatusCode);
            statuses.Add((await client.GetAsync("/health/ready")).StatusCode);
        }

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    /// <summary>
    /// The article reads run on a pool of their own whose connections are not reset (no round trip to find a dead
    /// one): they must still not be the ones to find out, and a database that is really away must still be a quick
    /// 503 rather than a read that tries connection after connection.
    /// </summary>
    [Fact]
    public async Task Article_reads_skip_connections_dropped_between_requests_and_503_while_the_database_is_away()
    {
        var client = factory.CreateClient();
        var article = await ArticleClient.CreateAsync(await factory.EditorAsync(), new());
        // Several reads at once leave several connections idle in the article reads' pool.
        foreach (var answer in await Task.WhenAll(Enumerable.Range(1, 8).Select(page => client.GetAsync($"/api/v1/articles?page={page}"))))
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        factory.Relay.Cut();
        factory.Relay.Restore();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            statuses.Add((await client.GetAsync($"/api/v1/articles?page={i + 1}&pageSize=5")).StatusCode);
            statuses.Add((await client.GetAsync($"/api/v1/articles/{article}")).StatusCode);
        }

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        var retried = await DroppedConnectionsAsync();
        Assert.True(retried > 0, "the reads should have met dropped connections and run again");

        // Idle connections again, then a database that is gone, not just dropped connections: each idle connection
        // is tried once at most, then the refused new one ends it.
        await Task.WhenAll(Enumerable.Range(1, 8).Select(page => client.GetAsync($"/api/v1/articles?page={page}&pageSize=3")));
        factory.Relay.Cut();
        try
        {
            var watch = Stopwatch.StartNew();
            await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/v1/articles?page=2&pageSize=7"),
                HttpStatusCode.ServiceUnavailable, "database.unavailable");
            await ProblemAssert.IsProblemAsync(await client.GetAsync($"/api/v1/articles/{article}"),
                HttpStatusCode.ServiceUnavailable, "database.unavailable");
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"the 503s took {watch.Elapsed}");
            Assert.InRange(await DroppedConnectionsAsync() - retried, 0, 8);
        }
        finally
        {
            factory.Relay.Restore();
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/articles?page=3&pageSize=7")).StatusCode);
    }

    /// <summary>
    /// A read whose statement times out (the network stalls) is not run again, though MySqlConnector closes its connection: the
    /// statement may still be running, and a copy of it on each connection of the pool would bury a struggling
    /// database.
    /// </summary>
    [Fact]
    public async Task An_article_read_that_times_out_is_a_503_and_is_not_run_again()
    {
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/articles?page=4&pageSize=4")).StatusCode);
        var before = await DroppedConnectionsAsync();

        factory.Relay.Stall();
        try
        {
            var watch = Stopwatch.StartNew();
            await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/v1/articles?page=5&pageSize=4"),
                HttpStatusCode.ServiceUnavailable, "database.unavailable");
            // The command timeout (15 s), MySqlConnector's 2 s to cancel, and nothing more.
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"the 503 took {watch.Elapsed}");
        }
        finally
        {
            factory.Relay.Unstall();
        }

        Assert.Equal(before, await DroppedConnectionsAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/articles?page=6&pageSize=4")).StatusCode);
    }

    private async Task<double> DroppedConnectionsAsync() =>
        MetricsScrape.Value(await MetricsScrape.ReadAsync(factory), "shangmi_db_dropped_connections_total");

    [Fact]
    public async Task A_connection_lost_in_the_middle_of_a_request_is_a_503_not_a_500()
    {
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/health/ready")).StatusCode);

        // Hold every row and gap of the sign-in throttle, bypassing the relay, so that a login waits inside its SQL
        // until the line is cut.
        await using var holder = new MySqlConnection(factory.ConnectionString);
        await holder.OpenAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("SELECT attempt_key FROM login_throttle FOR UPDATE", transaction: transaction);

        var login = factory.StaffLoginAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword);
        await Task.Delay(TimeSpan.FromMilliseconds(700));
        Assert.False(login.IsCompleted, "the login should be waiting for the row lock");
        factory.Relay.Cut();
        try
        {
            await ProblemAssert.IsProblemAsync(await login, HttpStatusCode.ServiceUnavailable, "database.unavailable");
        }
        finally
        {
            await transaction.RollbackAsync();
            factory.Relay.Restore();
        }

        Assert.Equal(HttpStatusCode.OK, (await factory.StaffLoginAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword)).StatusCode);
    }
}
