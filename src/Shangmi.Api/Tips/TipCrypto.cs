using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Shangmi.Api.Tips;

/// <summary>
/// Encryption of tip content at rest (AES-256-GCM, 12-byte random nonce, 16-byte tag) with a key id per record,
/// and keyed hashing of receipt codes. The purpose of each value is bound in as associated data, so a blob cannot be
/// moved into another column unnoticed.
/// </summary>
public sealed class TipCrypto
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
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

    public byte[] Seal(string plaintext, string purpose) => Seal(_keys[ActiveKeyId], Encoding.UTF8.GetBytes(plaintext), purpose);

    public string Open(string keyId, byte[] sealedValue, string purpose) =>
        Encoding.UTF8.GetString(Open(KeyFor(keyId), sealedValue, purpose));

    /// <summary>HMAC-SHA256 of a receipt code (digits only) under the server's receipt key.</summary>
    public byte[] HashReceipt(string digits) => HMACSHA256.HashData(_receiptKey, Encoding.UTF8.GetBytes("receipt:" + digits));

    public byte[] HashIdempotencyKey(string key) => HMACSHA256.HashData(_receiptKey, Encoding.UTF8.GetBytes("idempotency:" + key));

    /// <summary>The receipt, encrypted under a key only the client's Idempotency-Key can derive.</summary>
    public byte[] SealReceiptForRetry(string digits, string idempotencyKey) =>
        Seal(RetryKey(idempotencyKey), Encoding.UTF8.GetBytes(digits), "receipt-retry");

    public string OpenReceiptForRetry(byte[] sealedValue, string idempotencyKey) =>
        Encoding.UTF8.GetString(Open(RetryKey(idempotencyKey), sealedValue, "receipt-retry"));

    /// <summary>The key for streamed evidence.</summary>
    public byte[] KeyFor(string keyId) =>
        _keys.TryGetValue(keyId, out var key) ? key : throw new CryptographicException($"Unknown tip key id {keyId}");

    private byte[] RetryKey(string idempotencyKey) =>
        HMACSHA256.HashData(_receiptKey, Encoding.UTF8.GetBytes("retry-key:" + idempotencyKey));

    private static byte[] Seal(byte[] key, byte[] plaintext, string purpose)
    {
        var output = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceSize, plaintext.Length), output.AsSpan(NonceSize + plaintext.Length),
            Encoding.UTF8.GetBytes(purpose));
        return output;
    }

    private static byte[] Open(byte[] key, byte[] sealedValue, string purpose)
    {
        var plaintext = new byte[sealedValue.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedValue.AsSpan(0, NonceSize), sealedValue.AsSpan(NonceSize, plaintext.Length),
            sealedValue.AsSpan(sealedValue.Length - TagSize), plaintext, Encoding.UTF8.GetBytes(purpose));
        return plaintext;
    }

    private static string KeyId(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key))[..8];

    /// <summary>
    /// Streams evidence through AES-GCM in 64 KiB chunks, each with its own tag, so memory stays flat whatever the file
    /// size. The nonce of a chunk is a random 8-byte file prefix plus the chunk number; the last chunk is marked in its
    /// associated data, so truncating, reordering or altering any byte fails on reading.
    /// </summary>
    public static class Chunked
    {
        public const int ChunkSize = 64 * 1024;

        public static async Task<long> EncryptAsync(byte[] key, Stream plaintext, Stream output, CancellationToken ct)
        {
            var prefix = RandomNumberGenerator.GetBytes(8);
            await output.WriteAsync(prefix, ct);
            using var aes = new AesGcm(key, TagSize);
            var buffer = new byte[ChunkSize];
            var next = new byte[ChunkSize];
            var cipher = new byte[ChunkSize + TagSize];
            var length = await ReadFullAsync(plaintext, buffer, ct);
            long total = 0;
            for (uint index = 0; ; index++)
            {
                // Read ahead one chunk to know whether this one is the last.
                var nextLength = length == ChunkSize ? await ReadFullAsync(plaintext, next, ct) : 0;
                var last = nextLength == 0;
                aes.Encrypt(Nonce(prefix, index), buffer.AsSpan(0, length), cipher.AsSpan(0, length),
                    cipher.AsSpan(length, TagSize), last ? "last"u8 : "more"u8);
                await output.WriteAsync(cipher.AsMemory(0, length + TagSize), ct);
                total += length;
                if (last)
                {
                    return total;
                }

                (buffer, next) = (next, buffer);
                length = nextLength;
            }
        }

        /// <summary>Decrypts to <paramref name="plaintext"/> (or only verifies, when it is null); throws on any tampering.</summary>
        public static async Task DecryptAsync(byte[] key, Stream encrypted, Stream? plaintext, CancellationToken ct)
        {
            var prefix = new byte[8];
            if (await ReadFullAsync(encrypted, prefix, ct) != 8)
            {
                throw new CryptographicException("evidence file truncated");
            }

            using var aes = new AesGcm(key, TagSize);
            var chunk = new byte[ChunkSize + TagSize];
            var clear = new byte[ChunkSize];
            for (uint index = 0; ; index++)
            {
                var read = await ReadFullAsync(encrypted, chunk, ct);
                if (read < TagSize)
                {
                    throw new CryptographicException("evidence file truncated");
                }

                var last = read < chunk.Length || encrypted.Position == encrypted.Length;
                var length = read - TagSize;
                aes.Decrypt(Nonce(prefix, index), chunk.AsSpan(0, length), chunk.AsSpan(length, TagSize), clear.AsSpan(0, length),
                    last ? "last"u8 : "more"u8);
                if (plaintext is not null)
                {
                    await plaintext.WriteAsync(clear.AsMemory(0, length), ct);
                }

                if (last)
                {
                    return;
                }
            }
        }

        private static byte[] Nonce(byte[] prefix, uint index)
        {
            var nonce = new byte[NonceSize];
            prefix.CopyTo(nonce, 0);
            BinaryPrimitives.WriteUInt32BigEndian(nonce.AsSpan(8), index);
            return nonce;
        }

        private static async Task<int> ReadFullAsync(Stream stream, byte[] buffer, CancellationToken ct) =>
            await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
    }
}
