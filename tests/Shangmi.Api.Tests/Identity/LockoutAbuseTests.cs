using System.Net;
using System.Net.Http.Json;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Identity;

/// <summary>
/// Wrong passwords slow down the address that sends them, not the account: an attacker cannot lock an admin or an
/// officer out, unknown names are answered as known ones are, and a stolen token cannot guess the password.
/// </summary>
public class LockoutAbuseTests(LockoutAbuseTests.Factory factory) : IClassFixture<LockoutAbuseTests.Factory>
{
    /// <summary>Behind a proxy on loopback, so each test request can come from an address of its choosing.</summary>
    public sealed class Factory : ApiFactory
    {
        public Factory() => Settings["Network:KnownProxies:0"] = "127.0.0.1";
    }

    private const string Attacker = "203.0.113.66";
    private const string Owner = "198.51.100.20";

    private Task<HttpResponseMessage> LoginFromAsync(string address, string username, string password)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/auth/login") { Content = JsonContent.Create(new { username, password }) };
        request.Headers.Add("X-Forwarded-For", address);
        return factory.CreateClient().SendAsync(request);
    }

    [Fact]
    public async Task Guessing_from_one_address_does_not_lock_the_owner_out_from_theirs()
    {
        for (var i = 0; i < 8; i++)
        {
            await LoginFromAsync(Attacker, ApiFactory.AdminUsername, $"guess-{i}-wrong");
        }

        await ProblemAssert.IsProblemAsync(await LoginFromAsync(Attacker, ApiFactory.AdminUsername, ApiFactory.AdminPassword),
            (HttpStatusCode)423, "auth.locked");
        Assert.Equal(HttpStatusCode.OK, (await LoginFromAsync(Owner, ApiFactory.AdminUsername, ApiFactory.AdminPassword)).StatusCode);
    }

    [Theory]
    [InlineData("ádmin")]
    [InlineData("ＡＤＭＩＮ")]
    [InlineData("admín")]
    public async Task A_look_alike_of_an_account_name_does_not_reach_the_account(string lookAlike)
    {
        // Each look-alike would have a lock-out counter of its own: with the right password it must not sign in.
        var response = await LoginFromAsync("192.0.2.90", lookAlike, ApiFactory.AdminPassword);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "auth.invalid_credentials");
    }

    [Fact]
    public async Task Unknown_names_are_answered_exactly_as_known_ones()
    {
        var (id, _) = await factory.CreateStaffAsync("officer");
        var known = await factory.ScalarAsync<string>("SELECT username FROM staff WHERE id = @id", new { id });

        async Task<IReadOnlyList<(int Status, string? RetryAfter)>> SixGuessesAsync(string username)
        {
            var answers = new List<(int, string?)>();
            for (var i = 0; i < 6; i++)
            {
                var response = await LoginFromAsync("192.0.2.77", username, $"wrong-guess-{i}");
                answers.Add(((int)response.StatusCode, response.Headers.RetryAfter?.ToString()));
            }

            return answers;
        }

        var forKnown = await SixGuessesAsync(known!);
        var forUnknown = await SixGuessesAsync("nobody-by-this-name");

        Assert.Equal(forKnown, forUnknown);
        Assert.Equal(423, forUnknown[^1].Status);
    }

    [Fact]
    public async Task Wrong_current_passwords_in_a_password_change_are_counted_like_wrong_sign_ins()
    {
        var (_, token) = await factory.CreateStaffAsync("editor");
        var client = factory.ClientWith(token);
        var statuses = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            var response = await client.PostAsJsonAsync("/api/v1/admin/auth/password",
                new { currentPassword = $"guessed-{i}-wrong", newPassword = "a-brand-new-pass-77" });
            statuses.Add((int)response.StatusCode);
        }

        Assert.Equal([400, 400, 400, 400, 400, 423], statuses);
        var right = await client.PostAsJsonAsync("/api/v1/admin/auth/password",
            new { currentPassword = "staff-password-123", newPassword = "a-brand-new-pass-77" });
        await ProblemAssert.IsProblemAsync(right, (HttpStatusCode)423, "auth.locked");
    }
}
