using System.Net;
using System.Net.Http.Json;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Foundation;

public class RateLimitTests(RateLimitTests.Factory factory) : IClassFixture<RateLimitTests.Factory>
{
    /// <summary>A small login rate limit so that the 429 is reachable in a test.</summary>
    public sealed class Factory : ApiFactory
    {
        public Factory()
        {
            Settings["RateLimits:Login:PermitLimit"] = "3";
            Settings["RateLimits:Login:Window"] = "01:00:00";
        }
    }

    private const string LoginRoute = "/api/v1/admin/auth/login";

    [Fact]
    public async Task Too_many_sign_ins_from_one_address_is_a_429_with_retry_after()
    {
        HttpResponseMessage response;
        var attempts = 0;
        do
        {
            response = await factory.CreateClient().PostAsJsonAsync(LoginRoute, new { username = "x", password = "y" });
            attempts++;
        }
        while (response.StatusCode != HttpStatusCode.TooManyRequests && attempts < 10);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.True(attempts <= 4, $"limit 3 per window, refused only at attempt {attempts}");
    }

    [Fact]
    public async Task Routes_without_a_policy_are_not_limited()
    {
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/health/live")).StatusCode);
        }
    }
}
