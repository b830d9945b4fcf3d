using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Shangmi.Api.Common.AtRest;
using Shangmi.Api.Files;
using Shangmi.Api.Tips;

namespace Shangmi.Api.ServiceRequests;

/// <summary>Configuration section <c>ServiceRequests</c>.</summary>
public sealed class ServiceRequestOptions
{
    /// <summary>Working days to respond (受理) to a request, counted from the day after it was submitted.</summary>
    [Range(1, 60)]
    public int RespondWithin { get; set; } = 2;

    /// <summary>Working days to resolve a request, counted from the day after it was submitted.</summary>
    [Range(1, 250)]
    public int ResolveWithin { get; set; } = 15;

    /// <summary>How long after resolution the enterprise may give feedback; then the request closes without a rating.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "90.00:00:00")]
    public TimeSpan FeedbackWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// PIPL Art 19/47: a request's contact (name and phone) is erased this long after the request closed, was rejected
    /// or transferred; the request stays in the ledger without it.
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan ContactRetention { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Attachments per request.</summary>
    [Range(0, 20)]
    public int MaxAttachments { get; set; } = 5;
}

/// <summary>
/// A request's contact and its attachments (name and content) at rest: AES-256-GCM under a key derived from the tip
/// keys for this purpose alone, each value bound to its request, row and key id.
/// </summary>
public sealed class ServiceSecrets(TipCrypto crypto)
{
    private readonly SealingKeys _keys = crypto.Keys.Derive("service-requests");

    public string ActiveKeyId => _keys.ActiveKeyId;

    public byte[] SealContact(long requestId, ServiceContact contact) =>
        _keys.Seal(JsonSerializer.SerializeToUtf8Bytes(contact), Bound("contact", requestId, 0, ActiveKeyId));

    public ServiceContact OpenContact(long requestId, string keyId, byte[] sealedValue) =>
        JsonSerializer.Deserialize<ServiceContact>(_keys.Open(keyId, sealedValue, Bound("contact", requestId, 0, keyId)))!;

    public byte[] Seal(string what, long requestId, long attachmentId, byte[] content) =>
        _keys.Seal(content, Bound(what, requestId, attachmentId, ActiveKeyId));

    public byte[] Open(string what, long requestId, long attachmentId, string keyId, byte[] sealedValue) =>
        _keys.Open(keyId, sealedValue, Bound(what, requestId, attachmentId, keyId));

    private static byte[] Bound(string what, long requestId, long attachmentId, string keyId) =>
        Encoding.UTF8.GetBytes($"v1|service.{what}|request={requestId}|att={attachmentId}|key={keyId}");
}

/// <summary>
/// Sealed request attachments: the enterprise's private files, in the sub-folder <c>service-requests</c> of
/// <see cref="StorageOptions.ProofPath"/> (so the backup of enterprise files carries them), never under /files.
/// </summary>
public sealed class ServiceAttachmentFiles(IOptions<StorageOptions> options, IHostEnvironment environment)
    : PrivateFileStore(Path.Combine(Path.GetFullPath(options.Value.ProofPath, environment.ContentRootPath), "service-requests"));
