using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Shangmi.Api.WeChat;

/// <summary>What code2Session tells us about the user. The session_key is deliberately not read at all.</summary>
public sealed record WeChatSession(string OpenId, string? UnionId);

/// <summary>Outcome of a subscribe message: a user who did not subscribe (43101) is normal, not a failure.</summary>
public enum SubscribeMessageResult { Sent, NotSubscribed }

/// <summary>
/// The WeChat server API over a typed <see cref="HttpClient"/>, per ../shared/design/WECHAT.md. Decides on
/// <c>errcode</c>, never on the HTTP status; retries once when WeChat is busy (-1); refreshes the access token once
/// when WeChat says it expired; turns timeouts, network failures and unreadable answers into
/// <see cref="WeChatUnavailableException"/> (503 to our client).
/// </summary>
public sealed partial class WeChatClient(
    HttpClient http, AccessTokenCache tokens, IOptions<WeChatOptions> options, TimeProvider time, ILogger<WeChatClient> logger)
{
    private readonly WeChatOptions _options = options.Value;

    public async Task<WeChatSession> Code2SessionAsync(string code, CancellationToken ct)
    {
        var query = $"/sns/jscode2session?appid={Uri.EscapeDataString(_options.AppId)}"
                    + $"&secret={Uri.EscapeDataString(_options.AppSecret)}&js_code={Uri.EscapeDataString(code)}"
                    + "&grant_type=authorization_code";
        var reply = await SendAsync<Code2SessionReply>("code2Session", () => new HttpRequestMessage(HttpMethod.Get, query), ct);
        return string.IsNullOrEmpty(reply.OpenId)
            ? throw new WeChatUnavailableException("code2Session")
            : new WeChatSession(reply.OpenId, string.IsNullOrEmpty(reply.UnionId) ? null : reply.UnionId);
    }

    public async Task<SubscribeMessageResult> SendSubscribeMessageAsync(
        string openId, string templateId, string page, IReadOnlyDictionary<string, string> data, CancellationToken ct)
    {
        var body = new
        {
            touser = openId,
            template_id = templateId,
            page,
            data = data.ToDictionary(pair => pair.Key, pair => new { value = pair.Value }),
            miniprogram_state = "formal",
            lang = "zh_CN",
        };
        try
        {
            await WithTokenAsync<WeChatReply>("subscribeMessage.send", token =>
                Post($"/cgi-bin/message/subscribe/send?access_token={Uri.EscapeDataString(token)}", body), ct);
            return SubscribeMessageResult.Sent;
        }
        catch (WeChatException e) when (e.ErrorCode == WeChatException.NotSubscribed)
        {
            return SubscribeMessageResult.NotSubscribed;
        }
    }

    /// <summary>A mini-program code image (JPEG) for <paramref name="page"/> with <paramref name="scene"/> (≤ 32 chars).</summary>
    public Task<byte[]> GetUnlimitedQrCodeAsync(string scene, string page, CancellationToken ct) =>
        WithTokenAsync("getwxacodeunlimit", async token =>
        {
            using var response = await SendRawAsync("getwxacodeunlimit", () => Post(
                $"/wxa/getwxacodeunlimit?access_token={Uri.EscapeDataString(token)}",
                new { scene, page, check_path = true, env_version = "release", width = 430 }), ct);
            // Success is the image itself; failure is a JSON error. The Content-Type tells which.
            if (response.Content.Headers.ContentType?.MediaType?.StartsWith("image/", StringComparison.Ordinal) == true)
            {
                return (Reply: (WeChatReply?)null, Value: await response.Content.ReadAsByteArrayAsync(ct));
            }

            return (Reply: await ReadJsonAsync<WeChatReply>("getwxacodeunlimit", response, ct), Value: Array.Empty<byte>());
        }, ct);

    /// <summary>The phone number behind a <c>getPhoneNumber</c> code, as 11 digits without country code.</summary>
    public async Task<string> GetUserPhoneNumberAsync(string code, CancellationToken ct)
    {
        var reply = await WithTokenAsync<PhoneNumberReply>("getuserphonenumber", token =>
            Post($"/wxa/business/getuserphonenumber?access_token={Uri.EscapeDataString(token)}", new { code }), ct);
        return reply.PhoneInfo?.PurePhoneNumber ?? throw new WeChatUnavailableException("getuserphonenumber");
    }

    private Task<T> WithTokenAsync<T>(string operation, Func<string, HttpRequestMessage> request, CancellationToken ct)
        where T : WeChatReply =>
        WithTokenAsync(operation, async token =>
        {
            var reply = await SendAsync<T>(operation, () => request(token), ct, throwOnError: false);
            return (Reply: (WeChatReply?)reply, Value: reply);
        }, ct);

    /// <summary>Runs a call that needs the access token; when WeChat says the token is bad, fetches a new one and tries once more.</summary>
    private async Task<T> WithTokenAsync<T>(
        string operation, Func<string, Task<(WeChatReply? Reply, T Value)>> call, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var token = await tokens.GetAsync(FetchStableTokenAsync, ct);
            var (reply, value) = await call(token);
            var error = reply?.ErrorCode ?? 0;
            if (error is WeChatException.InvalidToken or WeChatException.InvalidTokenAlt or WeChatException.TokenExpired
                && attempt == 1)
            {
                LogTokenRejected(logger, operation, error);
                tokens.Invalidate(token);
                continue;
            }

            return error == 0 ? value : throw Failure(operation, error);
        }
    }

    private async Task<AccessToken> FetchStableTokenAsync(CancellationToken ct)
    {
        var reply = await SendAsync<StableTokenReply>("stable_token", () => Post("/cgi-bin/stable_token", new
        {
            grant_type = "client_credential",
            appid = _options.AppId,
            secret = _options.AppSecret,
            force_refresh = false,
        }), ct);
        if (string.IsNullOrEmpty(reply.AccessToken) || reply.ExpiresIn <= 0)
        {
            throw new WeChatUnavailableException("stable_token");
        }

        var refreshAt = time.GetUtcNow() + TimeSpan.FromSeconds(reply.ExpiresIn) - _options.TokenRefreshMargin;
        return new AccessToken(reply.AccessToken, refreshAt);
    }

    /// <summary>Sends, retries once on -1 (busy), and returns the parsed reply; other errcodes throw unless told not to.</summary>
    private async Task<T> SendAsync<T>(
        string operation, Func<HttpRequestMessage> request, CancellationToken ct, bool throwOnError = true)
        where T : WeChatReply
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await SendRawAsync(operation, request, ct);
            var reply = await ReadJsonAsync<T>(operation, response, ct);
            if (reply.ErrorCode == WeChatException.Busy && attempt == 1)
            {
                LogBusy(logger, operation);
                continue;
            }

            if (reply.ErrorCode != 0 && (throwOnError || reply.ErrorCode == WeChatException.Busy))
            {
                throw Failure(operation, reply.ErrorCode);
            }

            return reply;
        }
    }

    private async Task<HttpResponseMessage> SendRawAsync(string operation, Func<HttpRequestMessage> request, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
        try
        {
            using var message = request();
            var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, timeout.Token);
            return response;
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            LogUnreachable(logger, operation, e.GetType().Name);
            throw new WeChatUnavailableException(operation, e);
        }
    }

    private async Task<T> ReadJsonAsync<T>(string operation, HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(ct) ?? throw new JsonException("empty reply");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            LogUnreadable(logger, operation, (int)response.StatusCode);
            throw new WeChatUnavailableException(operation, e);
        }
    }

    private Exception Failure(string operation, int errorCode)
    {
        LogError(logger, operation, errorCode);
        return errorCode == WeChatException.Busy
            ? new WeChatUnavailableException(operation, new WeChatException(errorCode, operation))
            : new WeChatException(errorCode, operation);
    }

    private static HttpRequestMessage Post<TBody>(string path, TBody body) =>
        new(HttpMethod.Post, path) { Content = JsonContent.Create(body) };

    [LoggerMessage(Level = LogLevel.Warning, Message = "WeChat {Operation} answered errcode {ErrorCode}")]
    private static partial void LogError(ILogger logger, string operation, int errorCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "WeChat {Operation} busy (-1), retrying once")]
    private static partial void LogBusy(ILogger logger, string operation);

    [LoggerMessage(Level = LogLevel.Information, Message = "WeChat rejected the access token during {Operation} ({ErrorCode}); fetching a new one")]
    private static partial void LogTokenRejected(ILogger logger, string operation, int errorCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WeChat {Operation} unreachable ({Failure})")]
    private static partial void LogUnreachable(ILogger logger, string operation, string failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WeChat {Operation} answered something unreadable (HTTP {Status})")]
    private static partial void LogUnreadable(ILogger logger, string operation, int status);

    public class WeChatReply
    {
        [JsonPropertyName("errcode")] public int ErrorCode { get; init; }
    }

    private sealed class Code2SessionReply : WeChatReply
    {
        [JsonPropertyName("openid")] public string? OpenId { get; init; }
        [JsonPropertyName("unionid")] public string? UnionId { get; init; }
    }

    private sealed class StableTokenReply : WeChatReply
    {
        [JsonPropertyName("access_token")] public string? AccessToken { get; init; }
        [JsonPropertyName("expires_in")] public int ExpiresIn { get; init; }
    }

    private sealed class PhoneNumberReply : WeChatReply
    {
        [JsonPropertyName("phone_info")] public PhoneInfo? PhoneInfo { get; init; }
    }

    private sealed class PhoneInfo
    {
        [JsonPropertyName("purePhoneNumber")] public string? PurePhoneNumber { get; init; }
    }
}
