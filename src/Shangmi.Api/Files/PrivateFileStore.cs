using System.Text.RegularExpressions;

namespace Shangmi.Api.Files;

/// <summary>
/// Private files on disk (encrypted tip evidence, enterprise claim proofs), each kind in a folder of its own, never
/// under the public /files/ folder, readable by the service's user only (folders 0700, files 0600). A file is written
/// as <c>key.partial</c> and becomes <c>key</c> only when it is whole, so a reader never sees half a file.
/// </summary>
public partial class PrivateFileStore(string root)
{
    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const string PartialSuffix = ".partial";

    private readonly string _root = root;

    public static string NewKey() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// The partial file of <paramref name="key"/>, new (<paramref name="create"/>) or one that must exist (the next piece
    /// of a resumable upload; <see cref="FileNotFoundException"/> otherwise), opened exclusively: a second writer of
    /// the same upload (a phone's retry racing its first attempt) gets an <see cref="IOException"/> instead of
    /// interleaving.
    /// </summary>
    public FileStream OpenPartial(string key, bool create)
    {
        var path = PathOf(key) + PartialSuffix;
        CreateFolder(Path.GetDirectoryName(path)!);
        var options = new FileStreamOptions
        {
            Mode = create ? FileMode.CreateNew : FileMode.Open, Access = FileAccess.ReadWrite, Share = FileShare.None, Options = FileOptions.Asynchronous,
            BufferSize = 0, // writes are whole 64 KiB chunks already
        };
        if (create && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode0600;
        }

        return new FileStream(path, options);
    }

    /// <summary>The length of the partial file of <paramref name="key"/>, or null when there is none.</summary>
    public long? PartialLength(string key) => new FileInfo(PathOf(key) + PartialSuffix) is { Exists: true } file ? file.Length : null;

    /// <summary>
    /// Makes the partial file of <paramref name="key"/> the finished file; true also when that was done before (a
    /// retried completion), false when neither exists (the evidence was deleted meanwhile). Never overwrites.
    /// </summary>
    public bool Publish(string key)
    {
        try
        {
            File.Move(PathOf(key) + PartialSuffix, PathOf(key), overwrite: false);
            return true;
        }
        catch (FileNotFoundException)
        {
            return Exists(key);
        }
    }

    public bool Exists(string key) => File.Exists(PathOf(key));

    public FileStream? OpenRead(string key)
    {
        var path = PathOf(key);
        return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, useAsync: true) : null;
    }

    /// <summary>Writes a small file (an already sealed value) whole under a new <paramref name="key"/>.</summary>
    public async Task WriteAsync(string key, byte[] sealedContent, CancellationToken ct)
    {
        await using (var file = OpenPartial(key, create: true))
        {
            await file.WriteAsync(sealedContent, ct);
        }

        Publish(key);
    }

    /// <summary>The whole of a small file, or null when it is gone.</summary>
    public async Task<byte[]?> ReadAsync(string key, CancellationToken ct)
    {
        await using var file = OpenRead(key);
        if (file is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    /// <summary>Deletes the file and any partial of it; deleting what is already gone is fine.</summary>
    public void Delete(string key)
    {
        File.Delete(PathOf(key));
        File.Delete(PathOf(key) + PartialSuffix);
    }

    /// <summary>Keys of the files (finished or partial) last written before <paramref name="cutoff"/>.</summary>
    public IEnumerable<string> KeysWrittenBefore(DateTime cutoff) =>
        !Directory.Exists(_root)
            ? []
            : Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories)
                .Where(path => File.GetLastWriteTimeUtc(path) < cutoff)
                .Select(path => Path.GetFileName(path).Replace(PartialSuffix, "", StringComparison.Ordinal))
                .Where(key => KeyPattern().IsMatch(key))
                .Distinct();

    private void CreateFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }

        Directory.CreateDirectory(_root, FolderMode);
        File.SetUnixFileMode(_root, FolderMode); // also a root made before folders were private
        Directory.CreateDirectory(folder, FolderMode);
    }

    private string PathOf(string key) =>
        KeyPattern().IsMatch(key) ? Path.Combine(_root, key[..2], key) : throw new ArgumentException("not a private file key", nameof(key));

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex KeyPattern();
}
