using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Infrastructure;
using Shangmi.WeChatStandIn;

namespace Shangmi.Api.Tests.Identity;

public class WeChatLoginTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private Task<HttpResponseMessage> LoginAsync(string code) =>
        factory.CreateClient().PostAsJsonAsync("/api/v1/auth/wechat-login", new { code });

    [Fact]
    public async Task A_new_user_gets_a_token_that_opens_their_profile()
    {
        var response = await LoginAsync("newcomer:1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var token = body.GetProperty("token").GetString()!;
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00$", body.GetProperty("expiresAt").GetString());
        Assert.False(body.TryGetProperty("session_key", out _));
        Assert.False(body.TryGetProperty("sessionKey", out _));

        var me = await factory.ClientWith(token).GetFromJsonAsync<JsonElement>("/api/v1/me");
        Assert.Equal(body.GetProperty("user").GetProperty("id").GetInt64(), me.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task A_returning_user_is_the_same_user_and_a_different_person_is_not()
    {
        var (_, first) = await factory.SignInUserAsync("returning:1");
        var (_, again) = await factory.SignInUserAsync("returning:2");
        var (_, other) = await factory.SignInUserAsync("someone-else:1");

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task The_unionid_is_kept_when_WeChat_sends_one()
    {
        factory.WeChat.UnionIds[FakeWeChatServer.OpenIdFor("bound")] = "union-123";

        var (_, userId) = await factory.SignInUserAsync("bound:1");

        await using var connection = new MySqlConnector.MySqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        var command = new MySqlConnector.MySqlCommand("SELECT unionid FROM users WHERE id = @id", connection);
        command.Parameters.AddWithValue("@id", userId);
        Assert.Equal("union-123", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task An_invalid_code_is_refused()
    {
        var response = await LoginAsync("invalid-code");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "wechat.code_invalid");
    }

    [Fact]
    public async Task A_used_code_is_refused()
    {
        await factory.SignInUserAsync("used:1");

        var response = await LoginAsync("used:1");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized, "wechat.code_invalid");
    }

    [Fact]
    public async Task A_missing_code_is_a_field_error()
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/api/v1/auth/wechat-login", new { });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation.failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("code", out _));
    }

    [Fact]
    public async Task WeChat_busy_once_is_retried_and_the_login_succeeds()
    {
        factory.WeChat.ClearCalls();
        factory.WeChat.BusyReplies = 1;

        var response = await LoginAsync("busy-once:1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, factory.WeChat.Calls.Count(c => c.Path == "/sns/jscode2session"));
    }

    [Fact]
    public async Task WeChat_busy_twice_is_a_503()
    {
        factory.WeChat.BusyReplies = 2;

        var response = await LoginAsync("busy-twice:1");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, "wechat.unavailable");
    }

    [Fact]
    public async Task WeChat_down_is_a_503_not_a_500()
    {
        factory.WeChat.Down = true;
        try
        {
            var response = await LoginAsync("down:1");

            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, "wechat.unavailable");
        }
        finally
        {
            factory.WeChat.Down = false;
        }
    }

    [Fact]
    public async Task Slow_WeChat_times_out_into_a_503_without_waiting_for_it()
    {
        // The service allows WeChat 2 s (WeChat:TimeoutSeconds in the factory); the fake takes 20 s.
        factory.WeChat.Delay = TimeSpan.FromSeconds(20);
        try
        {
            var watch = Stopwatch.StartNew();
            var response = await LoginAsync("slow:1");

            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, "wechat.unavailable");
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"answered after {watch.Elapsed}");
        }
        finally
        {
            factory.WeChat.Delay = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task What_is_sent_to_WeChat_follows_the_wire_format()
    {
        factory.WeChat.ClearCalls();

        await factory.SignInUserAsync("wire:1");

        var call = Assert.Single(factory.WeChat.Calls);
        Assert.Equal("GET", call.Method);
        Assert.Equal(factory.WeChat.AppId, call.Query["appid"]);
        Assert.Equal(factory.WeChat.AppSecret, call.Query["secret"]);
        Assert.Equal("wire:1", call.Query["js_code"]);
        Assert.Equal("authorization_code", call.Query["grant_type"]);
    }
}
