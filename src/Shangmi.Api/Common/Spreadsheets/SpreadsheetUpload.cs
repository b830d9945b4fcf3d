using System.IO.Compression;

namespace Shangmi.Api.Common.Spreadsheets;

/// <summary>
/// Checks an uploaded .xlsx before any spreadsheet reader unpacks it. An .xlsx is a zip, and a few kilobytes can
/// claim gigabytes once inflated (a zip bomb); a reader would fill memory trying. The zip's central directory states
/// every part's sizes and these checks run on them. A part that lies about its size cannot get past them either:
/// <see cref="ZipArchive"/>, which the spreadsheet reader uses, inflates no more than the stated size.
/// </summary>
public static class SpreadsheetUpload
{
    /// <summary>Most parts inside the zip; a real sheet has a dozen or two.</summary>
    public const int MaxEntries = 200;

    /// <summary>Most bytes all parts may unpack to together.</summary>
    public const long MaxUnpackedBytes = 100L * 1024 * 1024;

    /// <summary>Largest unpacked-to-packed ratio of a part over 1 MB; sheet XML packs well, but not a hundredfold.</summary>
    public const int MaxCompressionRatio = 100;

    /// <summary>Null when the zip is within the limits, otherwise why not (Chinese, for the problem detail).</summary>
    public static string? Refusal(Stream content)
    {
        var start = content.Position;
        try
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > MaxEntries)
            {
                return $"文件内部部件超过 {MaxEntries} 个，不是正常的 Excel 表格。";
            }

            long total = 0;
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
                if (entry.Length < 0 || total > MaxUnpackedBytes)
                {
                    return $"文件解压后超过 {MaxUnpackedBytes / 1024 / 1024} MB，请拆分后再导入。";
                }

                if (entry.Length > 1024 * 1024 && entry.Length / Math.Max(1, entry.CompressedLength) > MaxCompressionRatio)
                {
                    return "文件的压缩比异常，不是正常的 Excel 表格。";
                }
            }

            return null;
        }
        catch (InvalidDataException)
        {
            // Not a readable zip: the reader says so in its own words.
            return null;
        }
        finally
        {
            content.Position = start;
        }
    }
}
