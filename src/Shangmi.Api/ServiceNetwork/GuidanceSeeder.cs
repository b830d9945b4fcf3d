using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Shangmi.Api.Data;
using Shangmi.Api.Files;

namespace Shangmi.Api.ServiceNetwork;

/// <summary>
/// Seeds, into an empty library, the three guidance documents the bureau hands out (DOMAIN.md), each with a one-page
/// placeholder PDF written here: the real texts are the bureau's to upload over them.
/// </summary>
internal sealed partial class GuidanceSeeder(GuidanceStore documents, IFileStorage storage, TimeProvider time, ILogger<GuidanceSeeder> logger)
    : IAfterMigration
{
    private static readonly (string Title, GuidanceKind Kind, string Summary)[] Seeds =
    [
        ("商业秘密保护管理与服务规范", GuidanceKind.Standard, "企业建立商业秘密保护管理体系、市场监管部门提供保护服务的规范。正式文本由市场监管部门上传。"),
        ("商业秘密保护工作制度汇编", GuidanceKind.Compilation, "企业可参照建立的保密制度汇编，涵盖机构、人员、场所、制度和保护措施。正式文本由市场监管部门上传。"),
        ("商业秘密保护工作指引", GuidanceKind.Guide, "帮助企业识别商业秘密、落实人防技防物防的操作指引。正式文本由市场监管部门上传。"),
    ];

    public async Task RunAsync(CancellationToken ct)
    {
        if (await documents.AnyAsync(ct))
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        foreach (var (index, (title, kind, summary)) in Seeds.Index())
        {
            var pdf = PlaceholderPdf($"Guidance document {index + 1} of 3: placeholder. The official text will be uploaded by the bureau.");
            var key = $"{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}.pdf";
            await storage.SaveAsync(key, new MemoryStream(pdf), ct);
            await documents.SaveAsync(null, new GuidanceWrite(title, kind, summary, DateOnly.FromDateTime(now), key), pdf.Length, now, ct);
        }

        LogSeeded(logger);
    }

    /// <summary>A valid one-page PDF 1.4 showing <paramref name="line"/> (ASCII) in Helvetica, with a correct xref table.</summary>
    public static byte[] PlaceholderPdf(string line)
    {
        var text = line.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal);
        var stream = $"BT /F1 12 Tf 56 780 Td ({text}) Tj ET";
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            $"<< /Length {Encoding.ASCII.GetByteCount(stream)} >>\nstream\n{stream}\nendstream",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        foreach (var (i, body) in objects.Index())
        {
            offsets.Add(Encoding.ASCII.GetByteCount(pdf.ToString()));
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{body}\nendobj\n");
        }

        var xref = Encoding.ASCII.GetByteCount(pdf.ToString());
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the three guidance documents with placeholder PDFs")]
    private static partial void LogSeeded(ILogger logger);
}
