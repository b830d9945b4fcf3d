using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;

namespace Shangmi.Api.Files;

/// <summary>Configuration section <c>Storage:S3</c>: an S3-compatible bucket (MinIO, Ceph, a cloud's object storage).</summary>
public sealed class S3StorageOptions
{
    /// <summary>The store's address, e.g. <c>https://oss.example.gov.cn</c>. Empty: files stay in the folder.</summary>
    public string? ServiceUrl { get; set; }

    public string? Bucket { get; set; }

    public string? AccessKey { get; set; }

    /// <summary>Secret: from the environment or a secret store, never in a committed file.</summary>
    public string? SecretKey { get; set; }

    /// <summary>Signing region; most self-hosted stores accept the default.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Bucket in the path (<c>host/bucket/key</c>) rather than the host name; what self-hosted stores expect.</summary>
    public bool ForcePathStyle { get; set; } = true;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ServiceUrl);

    /// <summary>A half-filled S3 section must stop the start, not fail the first upload.</summary>
    public sealed class Validator : IValidateOptions<StorageOptions>
    {
        public ValidateOptionsResult Validate(string? name, StorageOptions options)
        {
            var s3 = options.S3;
            if (!s3.IsConfigured)
            {
                return ValidateOptionsResult.Success;
            }

            var missing = new[] { ("Bucket", s3.Bucket), ("AccessKey", s3.AccessKey), ("SecretKey", s3.SecretKey) }
                .Where(setting => string.IsNullOrWhiteSpace(setting.Item2)).Select(setting => $"Storage:S3:{setting.Item1}: required with Storage:S3:ServiceUrl")
                .ToList();
            if (!Uri.TryCreate(s3.ServiceUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                missing.Add("Storage:S3:ServiceUrl: must be an http(s) address");
            }

            return missing.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(missing);
        }
    }
}

/// <summary>
/// The public files in an S3-compatible bucket, one object per key, so that every instance reads what any instance
/// stored. A PUT is atomic: the object appears whole or not at all, as <see cref="IFileStorage"/> promises. Only the
/// public files go here; tip evidence and claim proofs stay in their private folders (see bench/README.md).
/// </summary>
/// <summary>The file store did not answer or refused the service: a 503, and the operator's log says why.</summary>
public sealed class FileStorageUnavailableException(Exception inner)
    : Exception("the file storage is unavailable", inner);

public sealed class S3FileStorage : IFileStorage, IDisposable
{
    private readonly AmazonS3Client _client;
    private readonly string _bucket;

    public S3FileStorage(IOptions<StorageOptions> options)
    {
        var s3 = options.Value.S3;
        _bucket = s3.Bucket!;
        _client = new AmazonS3Client(new BasicAWSCredentials(s3.AccessKey, s3.SecretKey), new AmazonS3Config
        {
            ServiceURL = s3.ServiceUrl,
            AuthenticationRegion = s3.Region,
            ForcePathStyle = s3.ForcePathStyle,
            // SDK 4 adds CRC checksums in chunked trailers by default; many S3-compatible stores reject those.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            // A phone waits for the upload's answer: fail within seconds, not the SDK's default 100 s.
            Timeout = TimeSpan.FromSeconds(15),
            MaxErrorRetry = 2,
        });
    }

    public async Task SaveAsync(string key, Stream content, CancellationToken ct)
    {
        CheckKey(key);
        try
        {
            await _client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = _bucket, Key = key, InputStream = content, AutoCloseStream = false, UseChunkEncoding = false,
                ContentType = FileKinds.ByExtension(key[(key.LastIndexOf('.') + 1)..])?.ContentType,
            }, ct);
        }
        catch (Exception e) when (IsStoreFailure(e, ct))
        {
            throw new FileStorageUnavailableException(e);
        }
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken ct)
    {
        CheckKey(key);
        try
        {
            var response = await _client.GetObjectAsync(_bucket, key, ct);
            return response.ResponseStream;
        }
        catch (AmazonS3Exception missing) when (missing.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception e) when (IsStoreFailure(e, ct))
        {
            throw new FileStorageUnavailableException(e);
        }
    }

    /// <summary>The store refused (credentials, bucket) or did not answer; not the caller cancelling.</summary>
    private static bool IsStoreFailure(Exception e, CancellationToken ct) =>
        e is AmazonServiceException or HttpRequestException or IOException
        || (e is OperationCanceledException && !ct.IsCancellationRequested);

    public void Dispose() => _client.Dispose();

    private static void CheckKey(string key)
    {
        if (!FileKinds.IsKey(key))
        {
            throw new ArgumentException("not a file key", nameof(key));
        }
    }
}
