using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Shangmi.Api.Observability;

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
    HttpClient http, AccessTokenCache tokens, IOptions<WeChatOptions> options, TimeProvider time, ShangmiMetrics metrics,
    ILogger<WeChatClient> logger)
{
    private readonly WeChatOptions _options = options.Value;

    public async Task<WeChatSession> Code2SessionAsync(string code, CancellationToken ct)
    {
        var query = $"/sns/jscode2session?appid={Uri.EscapeDataString(_options.AppId)}"
                    + $"&secret={Uri.EscapeDataString(_options.AppSecret)}&js_code={Uri.EscapeDataString(code)}"
                    + "&grant_type=authorization_code";
        var reply = await CallAsync("code2Session", () => new HttpRequestMessage(HttpMethod.Get, query),
            ReadJsonAsync<Code2SessionReply>, ct);
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
            await CallWithTokenAsync("subscribeMessage.send",
                token => Post($"/cgi-bin/message/subscribe/send?access_token={Uri.EscapeDataString(token)}", body),
                ReadJsonAsync<WeChatReply>, ct);
            return SubscribeMessageResult.Sent;
        }
        catch (WeChatException e) when (e.ErrorCode == WeChatException.NotSubscribed)
        {
            return SubscribeMessageResult.NotSubscribed;
        }
    }

    /// <summary>A mini-program code image (JPEG) for <paramref name="page"/> with <paramref name="scene"/> (≤ 32 chars).</summary>
    public Task<byte[]> GetUnlimitedQrCodeAsync(string scene, string page, CancellationToken ct) =>
        CallWithTokenAsync("getwxacodeunlimit",
            token => Post($"/wxa/getwxacodeunlimit?access_token={Uri.EscapeDataString(token)}",
                new { scene, page, check_path = true, env_version = "release", width = 430 }),
            ReadImageAsync, ct);

    /// <summary>Reads what a WeChat call answered: its errcode (0 on success) and the value the caller wants.</summary>
    private delegate Task<(int ErrorCode, T Value)> ReplyReader<T>(string operation, HttpResponseMessage response, CancellationToken ct);

    /// <summary>A call that needs the access token: when WeChat says the token is bad, fetch a new one and try once more.</summary>
    private async Task<T> CallWithTokenAsync<T>(
        string operation, Func<string, HttpRequestMessage> request, ReplyReader<T> read, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var token = await tokens.GetAsync(FetchStableTokenAsync, ct);
            var (error, value) = await SendAsync(operation, () => request(token), read, ct);
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

    /// <summary>A call whose every errcode other than 0 is a failure.</summary>
    private async Task<T> CallAsync<T>(string operation, Func<HttpRequestMessage> request, ReplyReader<T> read, CancellationToken ct)
    {
        var (error, value) = await SendAsync(operation, request, read, ct);
        return error == 0 ? value : throw Failure(operation, error);
    }

    private async Task<AccessToken> FetchStableTokenAsync(CancellationToken ct)
    {
        var reply = await CallAsync("stable_token", () => Post("/cgi-bin/stable_token", new
        {
            grant_type = "client_credential",
            appid = _options.AppId,
            secret = _options.AppSecret,
            force_refresh = false,
        }), ReadJsonAsync<StableTokenReply>, ct);
        if (string.IsNullOrEmpty(reply.AccessToken) || reply.ExpiresIn <= 0)
        {
            throw new WeChatUnavailableException("stable_token");
        }

        var refreshAt = time.GetUtcNow() + TimeSpan.FromSeconds(reply.ExpiresIn) - _options.TokenRefreshMargin;
        return new AccessToken(reply.AccessToken, refreshAt);
    }

    /// <summary>Sends within the configured timeout and reads the answer, once more when WeChat is busy (-1).</summary>
    private async Task<(int ErrorCode, T Value)> SendAsync<T>(
        string operation, Func<HttpRequestMessage> request, ReplyReader<T> read, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
            (int ErrorCode, T Value) reply;
            try
            {
                using var message = request();
                using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, timeout.Token);
                reply = await read(operation, response, timeout.Token);
            }
            catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
            {
                LogUnreachable(logger, operation, e.GetType().Name);
                metrics.WeChatFailure(operation, "unreachable");
                throw new WeChatUnavailableException(operation, e);
            }

            if (reply.ErrorCode == WeChatException.Busy && attempt == 1)
            {
                LogBusy(logger, operation);
                continue;
            }

            return reply;
        }
    }

    private async Task<(int ErrorCode, T Value)> ReadJsonAsync<T>(string operation, HttpResponseMessage response, CancellationToken ct)
        where T : WeChatReply
    {
        try
        {
            var reply = await response.Content.ReadFromJsonAsync<T>(ct) ?? throw new JsonException("empty reply");
            return (reply.ErrorCode, reply);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            LogUnreadable(logger, operation, (int)response.StatusCode);
            metrics.WeChatFailure(operation, "unreadable");
            throw new WeChatUnavailableException(operation, e);
        }
    }

    /// <summary>Success is the image itself; failure a JSON error. The Content-Type tells which, not the status.</summary>
    private async Task<(int ErrorCode, byte[] Value)> ReadImageAsync(string operation, HttpResponseMessage response, CancellationToken ct)
    {
        if (response.Content.Headers.ContentType?.MediaType?.StartsWith("image/", StringComparison.Ordinal) == true)
        {
            return (0, await response.Content.ReadAsByteArrayAsync(ct));
        }

        var (error, _) = await ReadJsonAsync<WeChatReply>(operation, response, ct);
        return (error, []);
    }

    private Exception Failure(string operation, int errorCode)
    {
        LogError(logger, operation, errorCode);
        metrics.WeChatFailure(operation, errorCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
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
}
