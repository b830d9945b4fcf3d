using System.Net;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Console;

/// <summary>How the API serves the console: its page for client routes, its own CSP, and the JSON routes' strict one.</summary>
public class ConsoleServingTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("/console/")]
    [InlineData("/console/events/3/registrations")]
    public async Task Client_routes_get_the_console_page_whose_scripts_come_only_from_the_service(string path)
    {
        var response = await api.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<div id=\"app\"></div>", await response.Content.ReadAsStringAsync());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
    }

    [Fact]
    public async Task The_console_bundle_is_served_and_carries_no_secret()
    {
        var client = api.CreateClient();
        var page = await client.GetStringAsync("/console/");
        var scripts = System.Text.RegularExpressions.Regex.Matches(page, "src=\"(/console/assets/[^\"]+\\.js)\"");
        Assert.NotEmpty(scripts);
        foreach (System.Text.RegularExpressions.Match script in scripts)
        {
            var response = await client.GetAsync(script.Groups[1].Value);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("immutable", response.Headers.CacheControl?.ToString());
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("SigningKey", body);
            Assert.DoesNotContain("AppSecret", body);
            Assert.DoesNotContain("localStorage.setItem", body);
        }
    }

    [Fact]
    public async Task The_json_routes_keep_their_strict_policy()
    {
        var response = await api.CreateClient().GetAsync("/api/v1/columns");

        Assert.Equal("default-src 'none'; frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("camera=(), microphone=(), geolocation=()", response.Headers.GetValues("Permissions-Policy").Single());
    }

    [Fact]
    public async Task The_page_names_its_icon_and_the_icon_is_served_so_browsers_ask_for_no_missing_favicon()
    {
        var page = await api.CreateClient().GetStringAsync("/console/");
        Assert.Contains("href=\"/console/favicon.svg\"", page);

        var icon = await api.CreateClient().GetAsync("/console/favicon.svg");

        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_missing_console_file_is_404_not_the_page()
    {
        var response = await api.CreateClient().GetAsync("/console/assets/no-such-file.js");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public void The_whole_console_is_under_one_and_a_half_megabytes_of_gzipped_javascript_and_css()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "console", "assets");
        var files = Directory.GetFiles(folder).Where(f => f.EndsWith(".js") || f.EndsWith(".css")).ToList();
        Assert.NotEmpty(files);

        var gzipped = files.Sum(file =>
        {
            using var sink = new MemoryStream();
            using (var gzip = new System.IO.Compression.GZipStream(sink, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
            {
                gzip.Write(File.ReadAllBytes(file));
            }

            return sink.Length;
        });

        Assert.True(gzipped < 1_500_000, $"{gzipped:N0} bytes gzipped in {files.Count} files");
    }
}
