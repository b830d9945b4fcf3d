using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Shangmi.Api.Common.AtRest;
using Shangmi.Api.Files;
using Shangmi.Api.Tips;

namespace Shangmi.Api.Enterprises;

/// <summary>
/// A claim's personal and enterprise data at rest: the contact (name, mobile, position) and the proof file are sealed
/// with AES-256-GCM under a key derived from the tip keys for this purpose alone, each bound to its claim and key id,
/// so a value copied to another claim fails to open.
/// </summary>
public sealed class ClaimSecrets(TipCrypto crypto)
{
    private readonly SealingKeys _keys = crypto.Keys.Derive("enterprise-claims");

    public string ActiveKeyId => _keys.ActiveKeyId;

    public byte[] SealContact(long claimId, ClaimContact contact) =>
        _keys.Seal(JsonSerializer.SerializeToUtf8Bytes(contact), Bound("contact", claimId, ActiveKeyId));

    public ClaimContact OpenContact(long claimId, string keyId, byte[] sealedValue) =>
        JsonSerializer.Deserialize<ClaimContact>(_keys.Open(keyId, sealedValue, Bound("contact", claimId, keyId)))!;

    public byte[] SealProof(long claimId, byte[] content) => _keys.Seal(content, Bound("proof", claimId, ActiveKeyId));

    public byte[] OpenProof(long claimId, string keyId, byte[] sealedValue) => _keys.Open(keyId, sealedValue, Bound("proof", claimId, keyId));

    private static byte[] Bound(string what, long claimId, string keyId) =>
        Encoding.UTF8.GetBytes($"v1|enterprise.claim-{what}|claim={claimId}|key={keyId}");
}

/// <summary>Sealed proof files, in the private folder <see cref="StorageOptions.ProofPath"/>; never served under /files.</summary>
public sealed class ClaimProofStore(IOptions<StorageOptions> options, IHostEnvironment environment)
    : PrivateFileStore(Path.GetFullPath(options.Value.ProofPath, environment.ContentRootPath));
