using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Shangmi.Api.Tests.Infrastructure;
using Shangmi.Api.Tests.Tips;

namespace Shangmi.Api.Tests.Operations;

/// <summary>/metrics as Prometheus scrapes it: our gauges and counters move with what happens, and only the configured
/// networks may read it.</summary>
public class MetricsTests(MetricsTests.Factory factory) : IClassFixture<MetricsTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        public Factory()
        {
            Settings["PublicCache:Duration"] = "00:01:00";
            Settings["Metrics:SampleInterval"] = "00:00:05";
        }
    }

    private sealed class ClosedFactory : ApiFactory
    {
        public ClosedFactory() => Settings["Metrics:ScrapeNetworks:0"] = "10.0.0.0/8";
    }

    [Fact]
    public async Task The_scrape_shows_the_runtime_the_requests_and_both_database_pools()
    {
        await factory.CreateClient().GetAsync("/api/v1/columns");
        await factory.CreateClient().GetAsync("/api/v1/articles");

        var text = await MetricsScrape.ReadAsync(factory);

        Assert.Contains("http_server_request_duration_seconds", text);
        Assert.Matches(new Regex("db_client_connections_usage[^\\n]*pool_name=\"shangmi\""), text);
        Assert.Matches(new Regex("db_client_connections_usage[^\\n]*pool_name=\"shangmi-public-reads\""), text);
        Assert.Contains("dotnet_gc_collections_total", text);
    }

    [Fact]
    public async Task Overdue_tips_are_counted_once_their_deadline_has_passed()
    {
        await TipClient.SubmitAsync(factory);

        // Fifteen working days to decide; six weeks later the tip is overdue whatever the holidays.
        factory.Clock.Advance(TimeSpan.FromDays(42));

        Assert.Equal(1, await GaugeAfterSampleAsync("shangmi_tips_overdue", expected: 1));
    }

    [Fact]
    public async Task Cache_lookups_count_a_miss_then_hits()
    {
        var path = $"/api/v1/articles?q={Guid.NewGuid():N}";
        var before = await MetricsScrape.ReadAsync(factory);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync(path)).StatusCode);
        }

        var after = await MetricsScrape.ReadAsync(factory);
        Assert.Equal(2, MetricsScrape.Value(after, "shangmi_public_cache_lookups_total", "result=\"hit\"") - MetricsScrape.Value(before, "shangmi_public_cache_lookups_total", "result=\"hit\""));
        Assert.Equal(1, MetricsScrape.Value(after, "shangmi_public_cache_lookups_total", "result=\"miss\"") - MetricsScrape.Value(before, "shangmi_public_cache_lookups_total", "result=\"miss\""));
    }

    [Fact]
    public async Task WeChat_failures_are_counted_by_errcode()
    {
        // The stand-in refuses a code starting with "invalid" with 40029, as WeChat does a forged one.
        var before = MetricsScrape.Value(await MetricsScrape.ReadAsync(factory), "shangmi_wechat_failures_total", "errcode=\"40029\"");

        var refused = await factory.CreateClient().PostAsJsonAsync("/api/v1/auth/wechat-login", new { code = $"invalid{Guid.NewGuid():N}" });

        Assert.False(refused.IsSuccessStatusCode);
        Assert.Equal(before + 1, MetricsScrape.Value(await MetricsScrape.ReadAsync(factory), "shangmi_wechat_failures_total", "errcode=\"40029\""));
    }

    [Fact]
    public async Task Outside_the_scrape_networks_metrics_do_not_exist()
    {
        await using var closed = new ClosedFactory();
        await closed.InitializeAsync();

        var response = await closed.CreateClient().GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("shangmi_", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_scrape_through_an_untrusted_proxy_is_refused_even_from_loopback()
    {
        // nginx on the same machine, not listed in Network:KnownProxies, passing a visitor's request on.
        var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");

        var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>The gauge once the sampler has run on the moved clock; it runs in the background, so wait for it.</summary>
    private async Task<double> GaugeAfterSampleAsync(string name, double expected)
    {
        factory.Clock.Advance(TimeSpan.FromSeconds(6));
        var value = double.NaN;
        for (var attempt = 0; attempt < 100 && value != expected; attempt++)
        {
            await Task.Delay(50);
            value = MetricsScrape.Value(await MetricsScrape.ReadAsync(factory), name, "");
        }

        return value;
    }
}
