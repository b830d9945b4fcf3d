using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Shangmi.Api.Tests.Infrastructure;
using static Shangmi.Api.Tests.Tips.TipClient;

namespace Shangmi.Api.Tests.Tips;

/// <summary>Evidence must not carry active content to the officers who open it.</summary>
public class TipEvidenceTypeTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string WordMain = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
    private const string MacroWordMain = "application/vnd.ms-word.document.macroEnabled.main+xml";

    private static byte[] Zip(params (string Name, string Content)[] entries)
    {
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), Encoding.UTF8);
                writer.Write(content);
            }
        }

        return output.ToArray();
    }

    private static string ContentTypes(string mainType) =>
        $"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        + $"<Override PartName=\"/word/document.xml\" ContentType=\"{mainType}\"/></Types>";

    private async Task<(HttpClient Officer, long Id, string Receipt)> TipAsync()
    {
        var officer = await OfficerAsync(factory);
        var (receipt, id) = await SubmitWithIdAsync(factory, officer);
        return (officer, id, receipt);
    }

    [Fact]
    public async Task A_file_named_hta_downloads_as_an_opaque_stream_named_by_its_detected_type()
    {
        var (officer, id, receipt) = await TipAsync();
        var photo = Jpeg(5000);
        var uploaded = await UploadAsync(factory, receipt, photo, "invoice.hta");
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var attachment = await uploaded.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("invoice.hta", attachment.GetProperty("name").GetString()); // display text only
        Assert.Equal("image/jpeg", attachment.GetProperty("contentType").GetString());

        var download = await officer.GetAsync($"/api/v1/admin/tips/{id}/attachments/{attachment.GetProperty("id").GetInt64()}");

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/octet-stream", download.Content.Headers.ContentType?.MediaType);
        var disposition = download.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.EndsWith(".jpg", disposition.FileName!.Trim('"'));
        Assert.DoesNotContain("hta", download.Content.Headers.ContentDisposition!.ToString());
        Assert.Equal(photo, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_document_with_an_ordinary_hyperlink_is_still_accepted()
    {
        var (_, _, receipt) = await TipAsync();
        var docx = Zip(("[Content_Types].xml", ContentTypes(WordMain)), ("word/document.xml", "<w:document/>"),
            ("word/_rels/document.xml.rels", "<Relationships><Relationship Id=\"r1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" Target=\"https://www.samr.gov.cn/\" TargetMode=\"External\"/></Relationships>"));

        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(factory, receipt, docx, "a.docx")).StatusCode);
    }

    [Fact]
    public async Task A_word_document_is_accepted_as_docx_whatever_its_name()
    {
        var (officer, id, receipt) = await TipAsync();
        var docx = Zip(("[Content_Types].xml", ContentTypes(WordMain)), ("word/document.xml", "<w:document/>"));

        var uploaded = await UploadAsync(factory, receipt, docx, "合同.zip");

        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var attachment = await uploaded.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", attachment.GetProperty("contentType").GetString());
        var download = await officer.GetAsync($"/api/v1/admin/tips/{id}/attachments/{attachment.GetProperty("id").GetInt64()}");
        Assert.EndsWith(".docx", download.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
    }

    public static TheoryData<string, byte[]> Refused => new()
    {
        { "a ZIP that is no Office document", Zip(("run.hta", "<script>alert(1)</script>")) },
        { "a macro-enabled content type", Zip(("[Content_Types].xml", ContentTypes(MacroWordMain)), ("word/document.xml", "<w:document/>")) },
        { "a VBA project inside", Zip(("[Content_Types].xml", ContentTypes(WordMain)), ("word/vbaProject.bin", "Attribute VB_Name")) },
        { "a remote template", Zip(("[Content_Types].xml", ContentTypes(WordMain)), ("word/document.xml", "<w:document/>"),
            ("word/_rels/settings.xml.rels", "<Relationships><Relationship Id=\"r1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate\" Target=\"http://evil.example/t.dotm\" TargetMode=\"External\"/></Relationships>")) },
        { "an ActiveX control", Zip(("[Content_Types].xml", ContentTypes(WordMain)), ("word/activeX/activeX1.xml", "<ax/>")) },
        { "a legacy PowerPoint file", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[500], .. Encoding.Unicode.GetBytes("PowerPoint Document")] },
        { "an OLE file with a VBA project", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[500],
            .. Encoding.Unicode.GetBytes("WordDocument"), .. new byte[100], .. Encoding.Unicode.GetBytes("_VBA_PROJECT_CUR")] },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Containers_that_are_not_plain_office_documents_are_refused_and_nothing_stays(string what, byte[] file)
    {
        var (_, _, receipt) = await TipAsync();

        var response = await UploadAsync(factory, receipt, file, "报告.docx");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation.failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("file", out _), what);
        var mine = await WithReceipt(factory, receipt).GetFromJsonAsync<JsonElement>("/api/v1/tips/mine");
        Assert.Equal(0, mine.GetProperty("attachments").GetArrayLength());
        Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT COUNT(*) FROM tip_attachments WHERE state <> 'ready'"));
    }
}
