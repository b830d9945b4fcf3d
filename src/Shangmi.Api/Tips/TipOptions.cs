using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Shangmi.Api.Tips;

/// <summary>Configuration section <c>Tips</c>.</summary>
public sealed class TipOptions
{
    /// <summary>SECRET. Base64 of 32 random bytes: the AES-256-GCM key new tip content is encrypted under.</summary>
    public string EncryptionKey { get; set; } = "";

    /// <summary>Earlier encryption keys (base64), still used to read what was encrypted under them.</summary>
    public List<string> PreviousEncryptionKeys { get; set; } = [];

    /// <summary>SECRET. At least 32 random characters: the HMAC key receipt codes are hashed with.</summary>
    public string ReceiptKey { get; set; } = "";

    [Range(100, 20_000)]
    public int MaxDescriptionLength { get; set; } = 5000;

    /// <summary>Largest evidence file in bytes.</summary>
    [Range(1024, 1L << 31)]
    public long MaxAttachmentBytes { get; set; } = 50 * 1024 * 1024;

    [Range(1, 100)]
    public int MaxAttachmentsPerTip { get; set; } = 20;

    /// <summary>All evidence of one tip together, in bytes (uploads in flight count with the size they may reach).</summary>
    [Range(1024, 1L << 40)]
    public long MaxEvidenceBytesPerTip { get; set; } = 200 * 1024 * 1024;

    /// <summary>Evidence the whole service accepts per hour, in bytes; past it, uploads answer 503 tips.busy.</summary>
    [Range(1024, 1L << 50)]
    public long EvidenceBytesPerHour { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>
    /// Evidence one client address may reserve per hour, in bytes; past it, 429 with Retry-After. Keeps one address
    /// (with empty resumable uploads, say) from taking the whole service's budget.
    /// </summary>
    [Range(1024 * 1024, 1L << 50)]
    public long EvidenceBytesPerAddressPerHour { get; set; } = 512L * 1024 * 1024;

    /// <summary>How long a retry with the same Idempotency-Key returns the first receipt.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>An upload not finished this long after it began is dropped with its bytes; so are stray files.</summary>
    [Range(typeof(TimeSpan), "00:10:00", "30.00:00:00")]
    public TimeSpan AbandonedUploadAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How long a fully received evidence file waits for the database to record it (retrying with backoff) before the
    /// client is told 503; about as long as a phone waits for an answer.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan CompletionPatience { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Wrong receipt codes one address may send per <see cref="WrongCodeWindow"/> before 429.</summary>
    [Range(1, 10_000)]
    public int WrongCodesPerWindow { get; set; } = 20;

    public TimeSpan WrongCodeWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Tips in a final state (and tips never decided) are deleted with their evidence this long after it.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(3 * 365);

    /// <summary>How often each instance runs the clean-up round (<see cref="TipRetention"/>); bench/scale-out.sh shortens it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>Refuses to start without usable keys (tip content must never be stored unencrypted) or with quotas that contradict.</summary>
internal sealed class TipKeysValidator : IValidateOptions<TipOptions>
{
    public ValidateOptionsResult Validate(string? name, TipOptions options)
    {
        if (!TipCrypto.TryKey(options.EncryptionKey, out _) || options.PreviousEncryptionKeys.Any(k => !TipCrypto.TryKey(k, out _)))
        {
            return ValidateOptionsResult.Fail("Tips:EncryptionKey must be base64 of 32 random bytes (e.g. `openssl rand -base64 32`).");
        }

        if (options.MaxEvidenceBytesPerTip < options.MaxAttachmentBytes || options.EvidenceBytesPerHour < options.MaxAttachmentBytes
            || options.EvidenceBytesPerAddressPerHour < options.MaxAttachmentBytes)
        {
            return ValidateOptionsResult.Fail("Tips:MaxEvidenceBytesPerTip, Tips:EvidenceBytesPerHour and "
                                              + "Tips:EvidenceBytesPerAddressPerHour must each be at least Tips:MaxAttachmentBytes.");
        }

        return options.ReceiptKey.Length >= 32 && options.ReceiptKey.Distinct().Count() >= 10
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Tips:ReceiptKey must be at least 32 random characters.");
    }
}
