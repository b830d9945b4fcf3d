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

    /// <summary>Wrong receipt codes one address may send per <see cref="WrongCodeWindow"/> before 429.</summary>
    [Range(1, 10_000)]
    public int WrongCodesPerWindow { get; set; } = 20;

    public TimeSpan WrongCodeWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Closed tips and their evidence are deleted this long after closing.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(3 * 365);
}

/// <summary>Refuses to start without usable keys: tip content must never be stored unencrypted.</summary>
internal sealed class TipKeysValidator : IValidateOptions<TipOptions>
{
    public ValidateOptionsResult Validate(string? name, TipOptions options)
    {
        if (!TipCrypto.TryKey(options.EncryptionKey, out _) || options.PreviousEncryptionKeys.Any(k => !TipCrypto.TryKey(k, out _)))
        {
            return ValidateOptionsResult.Fail("Tips:EncryptionKey must be base64 of 32 random bytes (e.g. `openssl rand -base64 32`).");
        }

        return options.ReceiptKey.Length >= 32 && options.ReceiptKey.Distinct().Count() >= 10
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Tips:ReceiptKey must be at least 32 random characters.");
    }
}
