using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Identity;

/// <summary>
/// Tokens signed with the service's key but shaped unusually (as a leaked key, a future bug or another issuer
/// sharing the key could make them): a second kind is refused, roles in a token count for nothing.
/// </summary>
public class TokenClaimTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private string Forge(IDictionary<string, object> claims)
    {
        var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("test-signing-key-4f8a1c0e9b7d6a5f3e2d1c0b9a8f7e6d"));
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "shangmi", Audience = "shangmi", IssuedAt = now, NotBefore = now, Expires = now.AddHours(1),
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }

    [Fact]
    public async Task A_token_with_two_kinds_is_refused_everywhere()
    {
        var (_, userId) = await factory.SignInUserAsync("twokinds:1");
        var token = Forge(new Dictionary<string, object>
        {
            ["sub"] = userId.ToString(), ["kind"] = new[] { "user", "staff" }, ["role"] = "admin", ["jti"] = Guid.NewGuid().ToString("N"),
        });
        var client = factory.ClientWith(token);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/admin/staff")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task Roles_carried_in_a_user_token_are_ignored()
    {
        var (_, userId) = await factory.SignInUserAsync("userroles:1");
        var token = Forge(new Dictionary<string, object>
        {
            ["sub"] = userId.ToString(), ["kind"] = "user", ["role"] = new[] { "admin", "officer" }, ["jti"] = Guid.NewGuid().ToString("N"),
        });
        var client = factory.ClientWith(token);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/admin/staff")).StatusCode);
    }

    [Fact]
    public async Task Roles_carried_in_a_staff_token_are_ignored_in_favour_of_the_database()
    {
        var (id, _) = await factory.CreateStaffAsync("editor");
        var stamp = await factory.ScalarAsync<string>("SELECT security_stamp FROM staff WHERE id = @id", new { id });
        var token = Forge(new Dictionary<string, object>
        {
            ["sub"] = id.ToString(), ["kind"] = "staff", ["stamp"] = stamp!, ["role"] = new[] { "admin", "officer" },
            ["jti"] = Guid.NewGuid().ToString("N"),
        });
        var client = factory.ClientWith(token);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/admin/articles")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/admin/staff")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/admin/tips")).StatusCode);
    }
}
