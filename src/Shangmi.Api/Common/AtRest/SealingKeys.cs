using System.Security.Cryptography;
using System.Text;

namespace Shangmi.Api.Common.AtRest;

/// <summary>
/// A ring of AES-256-GCM keys for data at rest: the active key seals, every key in the ring opens what was sealed
/// under it (key rotation). A sealed value is a 12-byte random nonce, the ciphertext and a 16-byte tag; its associated
/// data binds it to where it belongs, so a value copied elsewhere fails to open. Tips seal under the configured keys;
/// other features seal under keys derived from them for their own purpose (<see cref="Derive"/>), so one secret to
/// keep and rotate serves all, and no feature's key can open another's values.
/// </summary>
public sealed class SealingKeys
{
    public const int NonceSize = 12;
    public const int TagSize = 16;

    private readonly Dictionary<string, byte[]> _keys = [];

    /// <summary>A ring of <paramref name="active"/> and <paramref name="previous"/> keys (32 bytes each).</summary>
    public SealingKeys(byte[] active, IEnumerable<byte[]> previous)
        : this(KeyId(active), new[] { active }.Concat(previous).Select(key => (KeyId(key), key)))
    {
    }

    private SealingKeys(string activeKeyId, IEnumerable<(string Id, byte[] Key)> keys)
    {
        ActiveKeyId = activeKeyId;
        foreach (var (id, key) in keys)
        {
            _keys.TryAdd(id, key);
        }
    }

    /// <summary>The id stored with new records: the first 8 hex digits of the key's SHA-256.</summary>
    public string ActiveKeyId { get; }

    /// <summary>
    /// The ring for one purpose (e.g. <c>enterprise</c>): each key replaced by an HKDF-SHA256 derivation of it under
    /// that name, with the same key ids, so rotating the configured key rotates the derived ones too.
    /// </summary>
    public SealingKeys Derive(string purpose) =>
        new(ActiveKeyId, _keys.Select(pair =>
            (pair.Key, HKDF.DeriveKey(HashAlgorithmName.SHA256, pair.Value, 32, info: Encoding.UTF8.GetBytes("shangmi/" + purpose)))));

    public byte[] KeyFor(string keyId) =>
        _keys.TryGetValue(keyId, out var key) ? key : throw new CryptographicException($"Unknown sealing key id {keyId}");

    /// <summary>Seals under the active key; store <see cref="ActiveKeyId"/> with the value.</summary>
    public byte[] Seal(byte[] plaintext, byte[] associatedData) => Seal(KeyFor(ActiveKeyId), plaintext, associatedData);

    public byte[] Open(string keyId, byte[] sealedValue, byte[] associatedData) => Open(KeyFor(keyId), sealedValue, associatedData);

    public static byte[] Seal(byte[] key, byte[] plaintext, byte[] associatedData)
    {
        var output = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceSize, plaintext.Length), output.AsSpan(NonceSize + plaintext.Length),
            associatedData);
        return output;
    }

    public static byte[] Open(byte[] key, byte[] sealedValue, byte[] associatedData)
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
