using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Shangmi.Api.Files;

namespace Shangmi.Api.Tips;

/// <summary>Evidence kinds, recognised by their first bytes: photos, PDF, Office documents, audio and video.</summary>
public static class EvidenceKinds
{
    public const int SniffLength = 16;

    public static string? Detect(ReadOnlySpan<byte> head)
    {
        if (FileKinds.Detect(head) is { } kind)
        {
            return kind.ContentType; // JPEG, PNG, GIF, WebP, PDF
        }

        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = System.Text.Encoding.ASCII.GetString(head[8..12]);
            return brand switch
            {
                "heic" or "heix" or "mif1" or "msf1" => "image/heic",
                "M4A " => "audio/mp4",
                "qt  " => "video/quicktime",
                _ when brand.StartsWith("3g", StringComparison.Ordinal) => "video/3gpp",
                _ => "video/mp4",
            };
        }

        if (head.StartsWith("PK\u0003\u0004"u8))
        {
            return "application/vnd.openxmlformats-officedocument"; // docx, xlsx, pptx
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
        {
            return "application/msword"; // doc, xls, ppt
        }

        if (head.StartsWith("ID3"u8) || (head.Length >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0))
        {
            return "audio/mpeg";
        }

        if (head.StartsWith("#!AMR"u8))
        {
            return "audio/amr";
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WAVE"u8))
        {
            return "audio/wav";
        }

        return head.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]) ? "video/webm" : null;
    }
}

/// <summary>
/// Encrypted evidence files on disk, in a folder of their own (never under the public /files/ folder).
/// Files appear whole or not at all.
/// </summary>
public sealed partial class TipEvidenceStore(IOptions<StorageOptions> options, IHostEnvironment environment)
{
    private readonly string _root = Path.GetFullPath(options.Value.EvidencePath, environment.ContentRootPath);

    public static string NewKey() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>Writes through <paramref name="write"/> into a partial file that becomes <paramref name="key"/> only on success.</summary>
    public async Task<T> SaveAsync<T>(string key, Func<Stream, Task<T>> write)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = path + ".partial";
        try
        {
            T result;
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                result = await write(file);
            }

            File.Move(partial, path);
            return result;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    public FileStream? OpenRead(string key)
    {
        var path = PathOf(key);
        return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true) : null;
    }

    public void Delete(string key) => File.Delete(PathOf(key));

    private string PathOf(string key) =>
        KeyPattern().IsMatch(key) ? Path.Combine(_root, key[..2], key) : throw new ArgumentException("not an evidence key", nameof(key));

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex KeyPattern();
}
