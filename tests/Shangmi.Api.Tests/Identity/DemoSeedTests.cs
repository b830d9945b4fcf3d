using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Identity;

public class DemoSeedTests(DemoSeedTests.Factory factory) : IClassFixture<DemoSeedTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        public const string DemoPassword = "demo-password-2026";

        public Factory()
        {
            Settings["Seed:Demo"] = "true";
            Settings["Seed:DemoPassword"] = DemoPassword;
        }
    }

    [Theory]
    [InlineData("demo-editor", "editor")]
    [InlineData("demo-officer", "officer")]
    [InlineData("demo-service", "service")]
    public async Task Demo_staff_accounts_are_seeded_with_their_roles(string username, string role)
    {
        var response = await factory.StaffLoginAsync(username, Factory.DemoPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([role], body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Demo_articles_and_experts_are_public()
    {
        var articles = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/articles");
        var experts = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/experts");

        Assert.True(articles.GetProperty("total").GetInt32() >= 5);
        Assert.True(experts.GetProperty("total").GetInt32() >= 3);
    }
}
