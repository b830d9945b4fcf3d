using System.Net;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Foundation;

/// <summary>Outside Development, Swagger UI and the document are off unless ApiDocument:Enabled says otherwise.</summary>
public class ApiDocumentOffTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("/swagger/v1/swagger.json")]
    [InlineData("/swagger/index.html")]
    public async Task The_document_and_the_ui_are_not_served_by_default(string url) =>
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient().GetAsync(url)).StatusCode);
}

public class ApiDocumentOnTests(ApiDocumentOnTests.Factory factory) : IClassFixture<ApiDocumentOnTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        public Factory() => Settings["ApiDocument:Enabled"] = "true";
    }

    [Fact]
    public async Task Swagger_ui_gets_a_policy_of_its_own_that_allows_only_this_origin()
    {
        var client = factory.CreateClient();
        var ui = await client.GetAsync("/swagger/index.html");
        var api = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        var policy = string.Join(";", ui.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.DoesNotContain("*", policy);
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", string.Join(";", api.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/swagger/v1/swagger.json")).StatusCode);
    }
}
