using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Shangmi.Api.Files;

/// <summary>Configuration section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    /// <summary>Folder for uploaded files (relative paths are under the content root). run.sh uses .data/files.</summary>
    [Required]
    public string Path { get; set; } = "data/files";

    /// <summary>Folder for encrypted tip evidence, apart from the public files. run.sh uses .data/tip-evidence.</summary>
    [Required]
    public string EvidencePath { get; set; } = "data/tip-evidence";

    /// <summary>Folder for enterprise claims' proof files (encrypted), apart from the public files. run.sh uses .data/claim-proofs.</summary>
    [Required]
    public string ProofPath { get; set; } = "data/claim-proofs";

    /// <summary>Largest file staff may upload, in bytes.</summary>
    [Range(1024, 1L << 30)]
    public long MaxUploadBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>
    /// The public address the mini-program reaches files at, e.g. <c>https://shangmi.example.gov.cn</c>: file URLs on
    /// the public routes are made absolute with it. Unset: the scheme and host of each request.
    /// </summary>
    [Url]
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// An S3-compatible bucket for the public files instead of <see cref="Path"/>, so that several instances share them
    /// without a shared folder. Unset (no <c>ServiceUrl</c>): the folder.
    /// </summary>
    public S3StorageOptions S3 { get; set; } = new();
}

/// <summary>Where file bytes live. The disk store serves one machine; an S3-compatible store can replace it.</summary>
public interface IFileStorage
{
    /// <summary>Stores <paramref name="content"/> under <paramref name="key"/>; the file appears whole or not at all.</summary>
    Task SaveAsync(string key, Stream content, CancellationToken ct);

    /// <summary>The stored bytes, or null when there is no such key.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken ct);
}

/// <summary>Files under <see cref="StorageOptions.Path"/>, spread over sub-folders by the first two key characters.</summary>
public sealed class DiskFileStorage(IOptions<StorageOptions> options, IHostEnvironment environment) : IFileStorage
{
    private readonly string _root = System.IO.Path.GetFullPath(options.Value.Path, environment.ContentRootPath);

    public async Task SaveAsync(string key, Stream content, CancellationToken ct)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var partial = path + ".partial";
        try
        {
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await content.CopyToAsync(file, ct);
            }

            File.Move(partial, path);
        }
        finally
        {
            // After a failed or cancelled copy the half-written file must not stay behind; after success it is gone.
            File.Delete(partial);
        }
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken ct)
    {
        var path = PathOf(key);
        return Task.FromResult<Stream?>(File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true)
            : null);
    }

    private string PathOf(string key) =>
        FileKinds.IsKey(key)
            ? System.IO.Path.Combine(_root, key[..2], key)
            : throw new ArgumentException("not a file key", nameof(key));
}
