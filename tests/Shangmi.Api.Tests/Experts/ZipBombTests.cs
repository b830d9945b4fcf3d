using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Experts;

/// <summary>An .xlsx is a zip: the import checks what it would unpack to before any reader inflates it.</summary>
public class ZipBombTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    /// <summary>A zip with the parts of an .xlsx, one of them <paramref name="sheetBytes"/> of spaces, plus padding parts.</summary>
    private static byte[] Zip(long sheetBytes, int extraEntries = 0)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var types = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open()))
            {
                types.Write("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            }

            using (var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open())
            {
                var chunk = new byte[1024 * 1024];
                Array.Fill(chunk, (byte)' ');
                for (long written = 0; written < sheetBytes; written += chunk.Length)
                {
                    sheet.Write(chunk, 0, (int)Math.Min(chunk.Length, sheetBytes - written));
                }
            }

            for (var i = 0; i < extraEntries; i++)
            {
                zip.CreateEntry($"xl/media/pad{i}.bin");
            }
        }

        return stream.ToArray();
    }

    private async Task<HttpResponseMessage> ImportAsync(byte[] bytes)
    {
        var editor = await factory.EditorAsync();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return await editor.PostAsync("/api/v1/admin/experts/import", new MultipartFormDataContent { { file, "file", "专家.xlsx" } });
    }

    [Fact]
    public async Task A_part_that_inflates_a_thousandfold_is_refused_unread()
    {
        var bomb = Zip(16L * 1024 * 1024);
        Assert.True(bomb.Length < 100 * 1024);

        await ProblemAssert.IsProblemAsync(await ImportAsync(bomb), HttpStatusCode.BadRequest, "import.too_large");
    }

    [Fact]
    public async Task More_than_a_sheets_worth_of_parts_is_refused()
    {
        await ProblemAssert.IsProblemAsync(await ImportAsync(Zip(10, extraEntries: 500)), HttpStatusCode.BadRequest,
            "import.too_large");
    }

    [Fact]
    public async Task Many_small_parts_that_unpack_to_too_much_together_are_refused()
    {
        // 150 parts of 900 KB each: below the part count and too small for the ratio check, 130 MB together.
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            var chunk = new byte[900 * 1024];
            Array.Fill(chunk, (byte)' ');
            for (var i = 0; i < 150; i++)
            {
                using var part = zip.CreateEntry($"xl/worksheets/sheet{i}.xml", CompressionLevel.SmallestSize).Open();
                part.Write(chunk);
            }
        }

        await ProblemAssert.IsProblemAsync(await ImportAsync(stream.ToArray()), HttpStatusCode.BadRequest, "import.too_large");
    }
}
