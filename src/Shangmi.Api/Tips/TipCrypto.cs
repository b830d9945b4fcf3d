using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Shangmi.Api.Common.AtRest;

namespace Shangmi.Api.Tips;

/// <summary>
/// Encryption of tip content at rest (AES-256-GCM, 12-byte random nonce, 16-byte tag) with a key id per record,
/// and keyed hashing of receipt codes. Each value is bound by its associated data to where it belongs (see
/// <see cref="TipSealContext"/>), so a blob copied into another column, another row or another tip fails to open.
/// </summary>
public sealed class TipCrypto
{
    /// <summary>Rows written before values were bound to their tip and row: associated data is the purpose alone.</summary>
    public const byte LegacyFormat = 1;

    /// <summary>Associated data binds purpose, tip id, row id and key id; evidence chunks add their index.</summary>
    public const byte CurrentFormat = 2;

    internal const int NonceSize = SealingKeys.NonceSize;
    internal const int TagSize = SealingKeys.TagSize;
    private readonly byte[] _receiptKey;

    public TipCrypto(IOptions<TipOptions> options)
    {
        var settings = options.Value;
        TryKey(settings.EncryptionKey, out var current);
        Keys = new SealingKeys(current, settings.PreviousEncryptionKeys.Select(previous =>
        {
            TryKey(previous, out var key);
            return key;
        }));
        _receiptKey = Encoding.UTF8.GetBytes(settings.ReceiptKey);
    }

    /// <summary>The configured key ring; other features seal under keys derived from it (<see cref="SealingKeys.Derive"/>).</summary>
    public SealingKeys Keys { get; }

    /// <summary>The id stored with new records: the first 8 hex digits of the key's SHA-256.</summary>
    public string ActiveKeyId => Keys.ActiveKeyId;

    public static bool TryKey(string base64, out byte[] key)
    {
        key = [];
        try
        {
            key = Convert.FromBase64String(base64 ?? "");
        }
        catch (FormatException)
        {
            return false;
        }

        return key.Length == 32;
    }

    /// <summary>Seals under the active key in the current format; store <see cref="ActiveKeyId"/> and the format with it.</summary>
    public byte[] Seal(string plaintext, TipSealContext context) =>
        Keys.Seal(Encoding.UTF8.GetBytes(plaintext), context.AssociatedData(CurrentFormat, ActiveKeyId));

    public string Open(byte format, string keyId, byte[] sealedValue, TipSealContext context) =>
        Encoding.UTF8.GetString(Keys.Open(keyId, sealedValue, context.AssociatedData(format, keyId)));

    /// <summary>How the chunks of one evidence file are sealed; new files use the active key and current format.</summary>
    public EvidenceSeal EvidenceSeal(byte format, string keyId, long tipId, long attachmentId) =>
        new(Keys.KeyFor(keyId), format, keyId, tipId, attachmentId);

    /// <summary>HMAC-SHA256 of a receipt code (digits only) under the server's receipt key.</summary>
    public byte[] HashReceipt(string digits) => HMACSHA256.HashData(_receiptKey, Encoding.UTF8.GetBytes("receipt:" + digits));

    public byte[] HashIdempotencyKey(string key) => HMACSHA256.HashData(_receiptKey, Encoding.UTF8.GetBytes("idempotency:" + key));

    /// <summary>What a retry must repeat: the submission, keyed by its Idempotency-Key so equal bodies of strangers differ.</summary>
    public byte[] HashSubmission(string idempotencyKey, string canonicalBody) =>
        HMACSHA256.HashData(_receiptKey, Encoding.UTF8.GetBytes("submission:" + idempotencyKey + "\n" + canonicalBody));

    /// <summary>The receipt, encrypted under a key only the client's Idempotency-Key can derive.</summary>
    public byte[] SealReceiptForRetry(string digits, string idempotencyKey) =>
        SealingKeys.Seal(RetryKey(idempotencyKey), Encoding.UTF8.GetBytes(digits), "receipt-retry"u8.ToArray());

    public string OpenReceiptForRetry(byte[] sealedValue, string idempotencyKey) =>
        Encoding.UTF8.GetString(SealingKeys.Open(RetryKey(idempotencyKey), sealedValue, "receipt-retry"u8.ToArray()));

    private byte[] RetryKey(string idempotencyKey) =>
        HMACSHA256.HashData(_receiptKey, Encoding.UTF8.GetBytes("retry-key:" + idempotencyKey));
}

/// <summary>
/// Where a sealed value belongs: its purpose (<c>tip.report</c>, <c>tip.identity</c>, <c>tip.message</c>,
/// <c>tip.note</c>, <c>tip.attachment-name</c>), its tip and its row (the tip itself for report and identity).
/// </summary>
public readonly record struct TipSealContext(string Purpose, long TipId, long RowId)
{
    public static TipSealContext Report(long tipId) => new("tip.report", tipId, tipId);
    public static TipSealContext Identity(long tipId) => new("tip.identity", tipId, tipId);
    public static TipSealContext Message(long tipId, long messageId) => new("tip.message", tipId, messageId);
    public static TipSealContext Note(long tipId, long eventId) => new("tip.note", tipId, eventId);
    public static TipSealContext AttachmentName(long tipId, long attachmentId) => new("tip.attachment-name", tipId, attachmentId);

    public byte[] AssociatedData(byte format, string keyId) => Encoding.UTF8.GetBytes(format == TipCrypto.LegacyFormat
        ? Purpose
        : $"v2|{Purpose}|tip={TipId}|row={RowId}|key={keyId}");
}

/// <summary>The key and binding of one evidence file's chunks.</summary>
public sealed class EvidenceSeal(byte[] key, byte format, string keyId, long tipId, long attachmentId)
{
    public byte[] Key { get; } = key;

    /// <summary>Associated data of chunk <paramref name="index"/>; the last chunk is marked, so a cut file fails.</summary>
    public byte[] ChunkData(uint index, bool last) => format == TipCrypto.LegacyFormat
        ? (last ? "last"u8 : "more"u8).ToArray()
        : Encoding.UTF8.GetBytes($"v2|tip.evidence|tip={tipId}|att={attachmentId}|key={keyId}|chunk={index}|{(last ? "last" : "more")}");
}
