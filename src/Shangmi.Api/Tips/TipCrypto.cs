using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

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

    internal const int NonceSize = 12;
    internal const int TagSize = 16;
    private readonly Dictionary<string, byte[]> _keys = [];
    private readonly byte[] _receiptKey;

    public TipCrypto(IOptions<TipOptions> options)
    {
        var settings = options.Value;
        TryKey(settings.EncryptionKey, out var current);
        ActiveKeyId = KeyId(current);
        _keys[ActiveKeyId] = current;
        foreach (var previous in settings.PreviousEncryptionKeys)
        {
            TryKey(previous, out var key);
            _keys.TryAdd(KeyId(key), key);
        }

        _receiptKey = Encoding.UTF8.GetBytes(settings.ReceiptKey);
    }

    /// <summary>The id stored with new records: the first 8 hex digits of the key's SHA-256.</summary>
    public string ActiveKeyId { get; }

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
        Seal(_keys[ActiveKeyId], Encoding.UTF8.GetBytes(plaintext), context.AssociatedData(CurrentFormat, ActiveKeyId));

    public string Open(byte format, string keyId, byte[] sealedValue, TipSealContext context) =>
        Encoding.UTF8.GetString(Open(KeyFor(keyId), sealedValue, context.AssociatedData(format, keyId)));

    /// <summary>How the chunks of one evidence file are sealed; new files use the active key and current format.</summary>
    public EvidenceSeal EvidenceSeal(byte format, string keyId, long tipId, long attachmentId) =>
        new(KeyFor(keyId), format, keyId, tipId, attachmentId);

    /// <summary>HMAC-SHA256 of a receipt code (digits only) under the server's receipt key.</summary>
    public byte[] HashReceipt(string digits) => HMACSHA256.HashData(_receiptKey, Encoding.UTF8.GetBytes("receipt:" + digits));

    public byte[] HashIdempotencyKey(string key) => HMACSHA256.HashData(_receiptKey, Encoding.UTF8.GetBytes("idempotency:" + key));

    /// <summary>What a retry must repeat: the submission, keyed by its Idempotency-Key so equal bodies of strangers differ.</summary>
    public byte[] HashSubmission(string idempotencyKey, string canonicalBody) =>
        HMACSHA256.HashData(_receiptKey, Encoding.UTF8.GetBytes("submission:" + idempotencyKey + "\n" + canonicalBody));

    /// <summary>The receipt, encrypted under a key only the client's Idempotency-Key can derive.</summary>
    public byte[] SealReceiptForRetry(string digits, string idempotencyKey) =>
        Seal(RetryKey(idempotencyKey), Encoding.UTF8.GetBytes(digits), "receipt-retry"u8.ToArray());

    public string OpenReceiptForRetry(byte[] sealedValue, string idempotencyKey) =>
        Encoding.UTF8.GetString(Open(RetryKey(idempotencyKey), sealedValue, "receipt-retry"u8.ToArray()));

    private byte[] KeyFor(string keyId) =>
        _keys.TryGetValue(keyId, out var key) ? key : throw new CryptographicException($"Unknown tip key id {keyId}");

    private byte[] RetryKey(string idempotencyKey) =>
        HMACSHA256.HashData(_receiptKey, Encoding.UTF8.GetBytes("retry-key:" + idempotencyKey));

    private static byte[] Seal(byte[] key, byte[] plaintext, byte[] associatedData)
    {
        var output = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceSize, plaintext.Length), output.AsSpan(NonceSize + plaintext.Length),
            associatedData);
        return output;
    }

    private static byte[] Open(byte[] key, byte[] sealedValue, byte[] associatedData)
    {
        if (sealedValue.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("sealed value truncated");
        }

        var plaintext = new byte[sealedValue.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedValue.AsSpan(0, NonceSize), sealedValue.AsSpan(NonceSize, plaintext.Length),
            sealedValue.AsSpan(sealedValue.Length - TagSize), plaintext, associatedData);
        return plaintext;
    }

    private static string KeyId(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key))[..8];
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
