using System.Diagnostics;
using System.Net;
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
}
