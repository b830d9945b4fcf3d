using System.IO.Compression;
using System.Text;
using Shangmi.Api.Files;

namespace Shangmi.Api.Tips;

/// <summary>A kind of evidence: the type downloads are filed under and the extension the stored file gets.</summary>
public sealed record EvidenceKind(string ContentType, string Extension);

/// <summary>
/// Evidence kinds, recognised by content, never by the reporter's file name: photos, PDF, Office documents, audio and
/// video. The first bytes give a provisional kind (<see cref="Detect"/>); Office documents are then opened
/// (<see cref="InspectAsync"/>) to tell a real document from any ZIP or OLE file and to refuse macros.
/// </summary>
public static partial class EvidenceKinds
{
    public const int SniffLength = 16;

    /// <summary>The extensions of every kind accepted as evidence, as the app's file pickers should filter them.</summary>
    public static readonly IReadOnlyList<string> AcceptedExtensions =
        ["jpg", "png", "gif", "webp", "heic", "pdf", "doc", "docx", "xls", "xlsx", "pptx", "mp3", "m4a", "amr", "wav", "mp4", "mov", "3gp", "webm"];

    private const string ZipContainer = "application/zip";
    private const string OleContainer = "application/x-ole-storage";
    private const int MaxZipEntries = 10_000;
    private const int MaxContentTypesBytes = 1024 * 1024;

    public static EvidenceKind? Detect(ReadOnlySpan<byte> head)
    {
        if (FileKinds.Detect(head) is { } kind)
        {
            return new(kind.ContentType, kind.Extension); // JPEG, PNG, GIF, WebP, PDF
        }

        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = Encoding.ASCII.GetString(head[8..12]);
            return brand switch
            {
                "heic" or "heix" or "mif1" or "msf1" => new("image/heic", "heic"),
                "M4A " => new("audio/mp4", "m4a"),
                "qt  " => new("video/quicktime", "mov"),
                _ when brand.StartsWith("3g", StringComparison.Ordinal) => new("video/3gpp", "3gp"),
                _ => new("video/mp4", "mp4"),
            };
        }

        if (head.StartsWith("PK\u0003\u0004"u8))
        {
            return new(ZipContainer, "zip"); // an Office document only if InspectAsync says so
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
        {
            return new(OleContainer, "ole");
        }

        if (head.StartsWith("ID3"u8) || (head.Length >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0))
        {
            return new("audio/mpeg", "mp3");
        }

        if (head.StartsWith("#!AMR"u8))
        {
            return new("audio/amr", "amr");
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WAVE"u8))
        {
            return new("audio/wav", "wav");
        }

        return head.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]) ? new("video/webm", "webm") : null;
    }

    /// <summary>Whether the provisional kind must be confirmed by reading the whole file.</summary>
    public static bool NeedsInspection(EvidenceKind kind) => kind.ContentType is ZipContainer or OleContainer;

    /// <summary>
    /// The final kind of a container file, read from its decrypted plaintext, or null to refuse it: a ZIP must be an
    /// OOXML document (a <c>[Content_Types].xml</c> part naming a Word, Excel or PowerPoint main part) without active
    /// parts (no VBA project, no macro-enabled or ActiveX content type, no template, OLE object or frame fetched from
    /// elsewhere); an OLE file must be a Word or Excel file without a VBA project. Legacy PowerPoint files are refused:
    /// they keep macros compressed inside the presentation, out of reach of a check this simple.
    /// </summary>
    public static async Task<EvidenceKind?> InspectAsync(EvidenceKind provisional, Stream plaintext, CancellationToken ct) =>
        provisional.ContentType switch
        {
            ZipContainer => InspectOoxml(plaintext),
            OleContainer => await InspectOleAsync(plaintext, ct),
            _ => provisional,
        };

    /// <summary>The kind of a whole decrypted file: from its first bytes and, for ZIP and OLE containers, from opening it.</summary>
    public static async Task<EvidenceKind?> ConfirmAsync(Stream plaintext, CancellationToken ct)
    {
        var head = new byte[SniffLength];
        var read = await plaintext.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        if (Detect(head.AsSpan(0, read)) is not { } kind)
        {
            return null;
        }

        if (!NeedsInspection(kind))
        {
            return kind;
        }

        plaintext.Position = 0;
        return await InspectAsync(kind, plaintext, ct);
    }

    private static EvidenceKind? InspectOoxml(Stream plaintext)
    {
        try
        {
            using var zip = new ZipArchive(plaintext, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > MaxZipEntries
                || zip.Entries.Any(e => e.FullName.Contains("vbaProject", StringComparison.OrdinalIgnoreCase)
                                        || e.FullName.Contains("activeX", StringComparison.OrdinalIgnoreCase))
                || zip.GetEntry("[Content_Types].xml") is not { Length: > 0 and <= MaxContentTypesBytes } part)
            {
                return null;
            }

            var types = Text(part);
            if (ActiveContentTypes.Any(active => types.Contains(active, StringComparison.OrdinalIgnoreCase))
                || zip.Entries.Where(e => e.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase))
                    .Any(rels => rels.Length > MaxContentTypesBytes || FetchesActiveContent(Text(rels))))
            {
                return null;
            }

            return types switch
            {
                _ when types.Contains("wordprocessingml.document.main", StringComparison.Ordinal) =>
                    new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
                _ when types.Contains("spreadsheetml.sheet.main", StringComparison.Ordinal) =>
                    new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
                _ when types.Contains("presentationml.presentation.main", StringComparison.Ordinal) =>
                    new("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
                _ => null,
            };
        }
        catch (InvalidDataException)
        {
            return null; // not a readable ZIP
        }
    }

    private static readonly string[] ActiveContentTypes = ["macroEnabled", "vbaProject", "activeX", "vbaData"];

    private static string Text(ZipArchiveEntry entry)
    {
        using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>A relationship that makes Office fetch something from elsewhere and run or show it: remote template
    /// injection, linked OLE objects, frames.</summary>
    private static bool FetchesActiveContent(string relationships) =>
        ExternalRelationship().Matches(relationships).Any(r =>
            r.Value.Contains("attachedTemplate", StringComparison.Ordinal) || r.Value.Contains("oleObject", StringComparison.Ordinal)
            || r.Value.Contains("/frame\"", StringComparison.Ordinal) || r.Value.Contains("subDocument", StringComparison.Ordinal));

    [System.Text.RegularExpressions.GeneratedRegex("<Relationship\\b[^>]*TargetMode=\"External\"[^>]*>")]
    private static partial System.Text.RegularExpressions.Regex ExternalRelationship();

    /// <summary>
    /// OLE directory entries hold UTF-16 stream names. Rather than parse the compound file, scan the plaintext for the
    /// names that tell the application and betray a VBA project (<c>_VBA_PROJECT</c>, as Word and Excel store macros).
    /// </summary>
    private static async Task<EvidenceKind?> InspectOleAsync(Stream plaintext, CancellationToken ct)
    {
        byte[] vba = Encoding.Unicode.GetBytes("_VBA_PROJECT"), word = Encoding.Unicode.GetBytes("WordDocument"),
            excel = Encoding.Unicode.GetBytes("Workbook"), excel95 = Encoding.Unicode.GetBytes("Book"),
            powerPoint = Encoding.Unicode.GetBytes("PowerPoint Document");
        var overlap = powerPoint.Length;
        var buffer = new byte[64 * 1024 + overlap];
        bool isWord = false, isExcel = false, isPowerPoint = false;
        var kept = 0;
        int read;
        while ((read = await plaintext.ReadAsync(buffer.AsMemory(kept, buffer.Length - kept), ct)) > 0)
        {
            var window = buffer.AsSpan(0, kept + read);
            if (window.IndexOf(vba) >= 0)
            {
                return null;
            }

            isWord |= window.IndexOf(word) >= 0;
            isExcel |= window.IndexOf(excel) >= 0 || window.IndexOf(excel95) >= 0;
            isPowerPoint |= window.IndexOf(powerPoint) >= 0;
            kept = Math.Min(overlap, window.Length);
            window[^kept..].CopyTo(buffer);
        }

        return isPowerPoint ? null
            : isWord ? new("application/msword", "doc")
            : isExcel ? new("application/vnd.ms-excel", "xls")
            : null;
    }
}
