using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Foundation;

/// <summary>Login attempts "from" an address, as a client behind the test's loopback proxy would send them.</summary>
internal static class ForwardedLogin
{
    public const string Route = "/api/v1/admin/auth/login";

    public static Task<HttpResponseMessage> FromAsync(ApiFactory factory, string address)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Route) { Content = JsonContent.Create(new { username = "nobody", password = "wrong-guess" }) };
        request.Headers.Add("X-Forwarded-For", address);
        return factory.CreateClient().SendAsync(request);
    }
}

/// <summary>Nothing is a trusted proxy unless configured: not even a program on the same host.</summary>
public class UntrustedProxyTests(UntrustedProxyTests.Factory factory) : IClassFixture<UntrustedProxyTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        public Factory()
        {
            Settings["RateLimits:Login:PermitLimit"] = "3";
            Settings["RateLimits:Login:Window"] = "01:00:00";
        }
    }

    [Fact]
    public async Task A_local_client_cannot_buy_a_fresh_budget_with_X_Forwarded_For()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 5; i++)
        {
            statuses.Add((await ForwardedLogin.FromAsync(factory, $"203.0.113.{i}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[3]);
    }
}

/// <summary>Behind a configured proxy network (CIDR): IPv6 by /64, a ceiling per route, and the time left.</summary>
public class ProxiedRateLimitTests(ProxiedRateLimitTests.Factory factory) : IClassFixture<ProxiedRateLimitTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        public Factory()
        {
            Settings["Network:KnownProxies:0"] = "127.0.0.0/8";
            Settings["Network:KnownProxies:1"] = "::1";
            Settings["RateLimits:Login:PermitLimit"] = "3";
            Settings["RateLimits:Login:Window"] = "01:00:00";
            Settings["RateLimits:Login:GlobalPermitLimit"] = "1000";
            Settings["RateLimits:PublicRead:PermitLimit"] = "3";
            Settings["RateLimits:PublicRead:Window"] = "01:00:00";
            Settings["RateLimits:PublicRead:GlobalPermitLimit"] = "7";
        }
    }

    private Task<HttpResponseMessage> ReadColumnsFromAsync(string address)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/columns");
        request.Headers.Add("X-Forwarded-For", address);
        return factory.CreateClient().SendAsync(request);
    }

    [Fact]
    public async Task IPv6_clients_are_counted_per_64_network()
    {
        for (var i = 1; i <= 3; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await ForwardedLogin.FromAsync(factory, $"2001:db8:aa:1::{i:x}")).StatusCode);
        }

        // A fourth address in the same /64 is the same client.
        await ProblemAssert.IsProblemAsync(await ForwardedLogin.FromAsync(factory, "2001:db8:aa:1:ffff::99"),
            HttpStatusCode.TooManyRequests, "rate_limited");
        // The next /64 is someone else.
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await ForwardedLogin.FromAsync(factory, "2001:db8:aa:2::1")).StatusCode);
    }

    [Fact]
    public async Task Retry_after_is_the_time_left_of_the_window_in_header_and_body()
    {
        for (var i = 0; i < 3; i++)
        {
            await ForwardedLogin.FromAsync(factory, "198.51.100.7");
        }

        factory.Clock.Advance(TimeSpan.FromMinutes(20));
        var refused = await ForwardedLogin.FromAsync(factory, "198.51.100.7");

        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(TimeSpan.FromMinutes(40), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(2400, problem.GetProperty("retryAfter").GetInt32());
        Assert.Contains("2400", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_route_has_a_ceiling_for_all_addresses_that_one_address_alone_cannot_use_up()
    {
        // One address hammering: only its own 3 admitted requests count towards the route's ceiling of 7.
        for (var i = 0; i < 30; i++)
        {
            await ReadColumnsFromAsync("192.0.2.1");
        }

        Assert.Equal(HttpStatusCode.OK, (await ReadColumnsFromAsync("192.0.2.2")).StatusCode);

        // Many addresses together reach the ceiling.
        var statuses = new List<HttpStatusCode>();
        for (var i = 3; i < 10; i++)
        {
            statuses.Add((await ReadColumnsFromAsync($"192.0.2.{i}")).StatusCode);
        }

        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }
}
