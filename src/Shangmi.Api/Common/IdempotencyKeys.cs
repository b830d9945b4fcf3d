using System.Text.RegularExpressions;

namespace Shangmi.Api.Common;

/// <summary>The <c>Idempotency-Key</c> header a phone sends with a create it may retry.</summary>
public static partial class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";

    /// <summary>
    /// A random (version 4) UUID, normalised, or null. Other versions are refused: the nil UUID, or time- and
    /// name-based ones, are guessable or shared, and a key is what ties a retry to its first answer.
    /// </summary>
    public static string? RandomUuid(string? value) =>
        Guid.TryParse(value, out var guid) && RandomPattern().IsMatch(guid.ToString("D")) ? guid.ToString("D") : null;

    /// <summary>
    /// The optional key of a request: (null, null) when none was sent, the normalised key, or the Chinese message for
    /// a key that is not a random UUID (a field error on <see cref="Header"/>).
    /// </summary>
    public static (string? Key, string? Error) Read(HttpContext http)
    {
        var raw = http.Request.Headers[Header].ToString();
        var key = RandomUuid(raw);
        return raw.Length == 0 || key is not null ? (key, null) : (null, "Idempotency-Key 须为随机生成的 UUID（第 4 版）");
    }

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    private static partial Regex RandomPattern();
}
