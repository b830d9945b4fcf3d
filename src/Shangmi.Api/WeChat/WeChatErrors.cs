namespace Shangmi.Api.WeChat;

/// <summary>WeChat answered with an <c>errcode</c> that the caller may want to handle (e.g. 40029 invalid code).</summary>
public sealed class WeChatException(int errorCode, string operation)
    : Exception($"WeChat {operation} failed with errcode {errorCode}")
{
    public int ErrorCode { get; } = errorCode;

    public const int Busy = -1;
    public const int InvalidCode = 40029;
    public const int CodeUsed = 40163;
    public const int HighRiskUser = 40226;
    public const int NotSubscribed = 43101;
    public const int InvalidToken = 40001;
    public const int InvalidTokenAlt = 40014;
    public const int TokenExpired = 42001;
}

/// <summary>WeChat could not be reached, was too slow, busy twice, or answered something unreadable: a 503 for our client.</summary>
public sealed class WeChatUnavailableException(string operation, Exception? inner = null)
    : Exception($"WeChat {operation} unavailable", inner);
