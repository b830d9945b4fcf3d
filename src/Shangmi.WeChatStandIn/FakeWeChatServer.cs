using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Shangmi.WeChatStandIn;

/// <summary>One request the fake received, so tests can assert what the service sent.</summary>
public sealed record RecordedCall(string Method, string Path, IReadOnlyDictionary<string, string> Query, string Body);

/// <summary>
/// A WeChat server API on loopback, per ../shared/design/WECHAT.md: code2Session, stable_token, subscribe send,
/// and getwxacodeunlimit, with switches for the failure modes the service must survive.
/// Login codes are single-use; a code's text before the first ':' names the user, so "alice:1" and "alice:2"
/// sign in the same person (openid "o_alice"). A code starting with "invalid" is refused with 40029.
/// </summary>
public sealed class FakeWeChatServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, bool> _usedCodes = new();
    private readonly ConcurrentDictionary<string, bool> _validTokens = new();
    private readonly ConcurrentQueue<RecordedCall> _calls = new();
    private int _busyRepliesLeft;
    private int _tokensIssued;

    public string AppId { get; }
    public string AppSecret { get; }

    /// <summary>The next this-many calls answer <c>{"errcode":-1}</c> (system busy).</summary>
    public int BusyReplies { get => _busyRepliesLeft; set => Interlocked.Exchange(ref _busyRepliesLeft, value); }

    /// <summary>Every call waits this long before answering.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    /// <summary>When set, every call answers 502 with an HTML page, as a broken gateway would.</summary>
    public bool Down { get; set; }

    /// <summary>Users who have not accepted a subscription template: sending to them answers 43101.</summary>
    public ConcurrentDictionary<string, bool> UnsubscribedOpenIds { get; } = new();

    /// <summary>unionid to return for an openid (only users bound to an Open Platform account have one).</summary>
    public ConcurrentDictionary<string, string> UnionIds { get; } = new();

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(2);

    public IReadOnlyCollection<RecordedCall> Calls => _calls.ToArray();

    public Uri BaseAddress { get; private set; } = null!;

    private FakeWeChatServer(string appId, string appSecret, string url)
    {
        AppId = appId;
        AppSecret = appSecret;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        _app = builder.Build();
        _app.Use(async (http, next) =>
        {
            await RecordAsync(http);
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, http.RequestAborted);
            }

            if (Down)
            {
                http.Response.StatusCode = 502;
                http.Response.ContentType = "text/html";
                await http.Response.WriteAsync("<html><body>502 Bad Gateway</body></html>");
                return;
            }

            if (Interlocked.Decrement(ref _busyRepliesLeft) >= 0)
            {
                await http.Response.WriteAsJsonAsync(Error(-1, "system error"));
                return;
            }

            Interlocked.Exchange(ref _busyRepliesLeft, 0);
            await next(http);
        });
        _app.MapGet("/sns/jscode2session", Code2Session);
        _app.MapPost("/cgi-bin/stable_token", StableTokenAsync);
        _app.MapPost("/cgi-bin/message/subscribe/send", SubscribeSendAsync);
        _app.MapPost("/wxa/getwxacodeunlimit", QrCodeAsync);
        // Not WeChat's: lets a load test (bench/scale-out.sh) count what several API instances sent, e.g. that every
        // subscribe message went out once.
        _app.MapGet("/standin/subscribe-messages", () => Results.Json(Calls
            .Where(c => c.Path == "/cgi-bin/message/subscribe/send").Select(c => JsonNode.Parse(c.Body))));
    }

    /// <summary>Starts a fake on <paramref name="url"/> (port 0 picks a free one).</summary>
    public static async Task<FakeWeChatServer> StartAsync(
        string appId = "wx-test-app", string appSecret = "test-app-secret", string url = "http://127.0.0.1:0")
    {
        var server = new FakeWeChatServer(appId, appSecret, url);
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        server.BaseAddress = new Uri(address);
        return server;
    }

    public Task StopAsync() => _app.StopAsync();

    /// <summary>Completes when the process is asked to stop (Ctrl+C, SIGTERM).</summary>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    /// <summary>Makes every access token issued so far answer 42001 (expired), as after a real expiry.</summary>
    public void ExpireAllTokens() => _validTokens.Clear();

    public int TokensIssued => _tokensIssued;

    public static string OpenIdFor(string code) => "o_" + code.Split(':')[0];

    private IResult Code2Session(HttpRequest request)
    {
        var q = request.Query;
        if (q["appid"] != AppId || q["secret"] != AppSecret)
        {
            return Results.Json(Error(40125, "invalid appsecret"));
        }

        if (q["grant_type"] != "authorization_code")
        {
            return Results.Json(Error(40002, "invalid grant_type"));
        }

        var code = q["js_code"].ToString();
        if (code.Length == 0 || code.StartsWith("invalid", StringComparison.Ordinal))
        {
            return Results.Json(Error(40029, "invalid code"));
        }

        if (!_usedCodes.TryAdd(code, true))
        {
            return Results.Json(Error(40163, "code been used"));
        }

        var openId = OpenIdFor(code);
        var reply = new JsonObject
        {
            ["openid"] = openId,
            ["session_key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)),
        };
        if (UnionIds.TryGetValue(openId, out var unionId))
        {
            reply["unionid"] = unionId;
        }

        return Results.Json(reply);
    }

    private async Task<IResult> StableTokenAsync(HttpRequest request)
    {
        var body = await JsonNode.ParseAsync(request.Body);
        if (body?["grant_type"]?.GetValue<string>() != "client_credential"
            || body["appid"]?.GetValue<string>() != AppId || body["secret"]?.GetValue<string>() != AppSecret)
        {
            return Results.Json(Error(40013, "invalid appid"));
        }

        Interlocked.Increment(ref _tokensIssued);
        // Real tokens are long opaque strings; length matters to storage, so mimic it.
        var token = "fake_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(64));
        _validTokens[token] = true;
        return Results.Json(new { access_token = token, expires_in = (int)TokenLifetime.TotalSeconds });
    }

    private async Task<IResult> SubscribeSendAsync(HttpRequest request)
    {
        if (TokenError(request) is { } tokenError)
        {
            return tokenError;
        }

        var body = await JsonNode.ParseAsync(request.Body);
        var openId = body?["touser"]?.GetValue<string>() ?? "";
        if (!openId.StartsWith("o_", StringComparison.Ordinal))
        {
            return Results.Json(Error(40003, "invalid openid"));
        }

        if (UnsubscribedOpenIds.ContainsKey(openId))
        {
            return Results.Json(Error(43101, "user refuse to accept the msg"));
        }

        return Results.Json(new { errcode = 0, errmsg = "ok", msgid = Random.Shared.NextInt64(1, long.MaxValue) });
    }

    private async Task<IResult> QrCodeAsync(HttpRequest request)
    {
        if (TokenError(request) is { } tokenError)
        {
            return tokenError;
        }

        var body = await JsonNode.ParseAsync(request.Body);
        var scene = body?["scene"]?.GetValue<string>() ?? "";
        if (scene.Length is 0 or > 32)
        {
            return Results.Json(Error(40169, "invalid length for scene"));
        }

        var page = body?["page"]?.GetValue<string>() ?? "";
        if (page.StartsWith('/') || page.Contains('?'))
        {
            return Results.Json(Error(41030, "invalid page"));
        }

        // A minimal JPEG: start-of-image marker, the scene as a comment, end-of-image marker.
        var comment = Encoding.ASCII.GetBytes(scene);
        var jpeg = new byte[] { 0xFF, 0xD8, 0xFF, 0xFE, 0, (byte)(comment.Length + 2) }
            .Concat(comment).Concat(new byte[] { 0xFF, 0xD9 }).ToArray();
        return Results.Bytes(jpeg, "image/jpeg");
    }

    private IResult? TokenError(HttpRequest request)
    {
        var token = request.Query["access_token"].ToString();
        if (token.Length == 0)
        {
            return Results.Json(Error(41001, "access_token missing"));
        }

        return _validTokens.ContainsKey(token) ? null : Results.Json(Error(42001, "access_token expired"));
    }

    private async Task RecordAsync(HttpContext http)
    {
        http.Request.EnableBuffering();
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8, leaveOpen: true);
        var body = await reader.ReadToEndAsync();
        http.Request.Body.Position = 0;
        var query = http.Request.Query.ToDictionary(pair => pair.Key, pair => pair.Value.ToString());
        _calls.Enqueue(new RecordedCall(http.Request.Method, http.Request.Path, query, body));
    }

    private static JsonObject Error(int code, string message) =>
        new() { ["errcode"] = code, ["errmsg"] = $"{message} rid: {Guid.NewGuid().ToString("N")[..12]}" };

    /// <summary>Clears recorded calls, e.g. between the arrange and act steps of a test.</summary>
    public void ClearCalls() => _calls.Clear();
}
