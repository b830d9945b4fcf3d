using System.Text.RegularExpressions;

namespace Shangmi.Api.Files;

/// <summary>A kind of file staff may upload, recognised by its first bytes, never by its name.</summary>
public sealed record FileKind(string Extension, string ContentType, bool IsImage);

public static partial class FileKinds
{
    public static readonly FileKind Jpeg = new("jpg", "image/jpeg", true);
    public static readonly FileKind Png = new("png", "image/png", true);
    public static readonly FileKind Gif = new("gif", "image/gif", true);
    public static readonly FileKind WebP = new("webp", "image/webp", true);
    public static readonly FileKind Pdf = new("pdf", "application/pdf", false);

    private static readonly FileKind[] All = [Jpeg, Png, Gif, WebP, Pdf];

    /// <summary>Bytes needed to recognise every kind.</summary>
    public const int SniffLength = 16;

    /// <summary>The kind whose signature <paramref name="head"/> starts with, or null.</summary>
    public static FileKind? Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Jpeg;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Png;
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return Gif;
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return WebP;
        }

        return head.StartsWith("%PDF-"u8) ? Pdf : null;
    }

    public static FileKind? ByExtension(string extension) => All.FirstOrDefault(kind => kind.Extension == extension);

    /// <summary>A stored file's key: 32 random hex digits and the extension of its detected kind.</summary>
    public static bool IsKey(string key) => Key().IsMatch(key);

    /// <summary>Whether <paramref name="url"/> is one of our own /files/ URLs, optionally an image.</summary>
    public static bool IsOwnFileUrl(string? url, bool imageOnly) =>
        url is not null && url.StartsWith("/files/", StringComparison.Ordinal) && IsKey(url["/files/".Length..])
        && (!imageOnly || ByExtension(url[(url.LastIndexOf('.') + 1)..])!.IsImage);

    [GeneratedRegex("^[0-9a-f]{32}\\.(jpg|png|gif|webp|pdf)$")]
    private static partial Regex Key();
}
