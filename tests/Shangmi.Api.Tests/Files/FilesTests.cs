using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Files;

public class FilesTests(FilesTests.Factory factory) : IClassFixture<FilesTests.Factory>
{
    /// <summary>A small upload limit so the 413 needs only a small file.</summary>
    public sealed class Factory : ApiFactory
    {
        public Factory() => Settings["Storage:MaxUploadBytes"] = "65536";
    }

    private static readonly byte[] Png =
    [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    ];

    private static MultipartFormDataContent Form(byte[] bytes, string name, string contentType = "image/jpeg")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent { { file, "file", name } };
    }

    [Fact]
    public async Task An_image_is_stored_under_an_unguessable_key_and_served_with_long_caching()
    {
        var editor = await factory.EditorAsync();

        // Named .jpg, but the content is a PNG: the content decides.
        var response = await editor.PostAsync("/api/v1/admin/files", Form(Png, "photo.jpg"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var uploaded = await response.Content.ReadFromJsonAsync<JsonElement>();
        var url = uploaded.GetProperty("url").GetString()!;
        Assert.Matches("^/files/[0-9a-f]{32}\\.png$", url);
        Assert.Equal("image/png", uploaded.GetProperty("contentType").GetString());

        var served = await factory.CreateClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Png, await served.Content.ReadAsByteArrayAsync());
        Assert.Contains("max-age=31536000", served.Headers.CacheControl!.ToString());
        Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task A_pdf_brochure_is_accepted()
    {
        var editor = await factory.EditorAsync();
        var pdf = "%PDF-1.7\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"u8.ToArray();

        var response = await editor.PostAsync("/api/v1/admin/files", Form(pdf, "宣传册.pdf", "application/pdf"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.EndsWith(".pdf", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString());
    }

    [Theory]
    [InlineData(new byte[] { 0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00 }, "invoice.jpg")] // a Windows executable
    [InlineData(new byte[] { 0x3C, 0x73, 0x76, 0x67, 0x20, 0x6F, 0x6E, 0x6C, 0x6F, 0x61, 0x64 }, "logo.png")] // <svg onload
    [InlineData(new byte[] { 0x3C, 0x68, 0x74, 0x6D, 0x6C, 0x3E }, "page.pdf")] // <html>
    public async Task Files_are_refused_by_content_whatever_their_name(byte[] bytes, string name)
    {
        var editor = await factory.EditorAsync();

        var response = await editor.PostAsync("/api/v1/admin/files", Form(bytes, name));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation.failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("file", out _));
    }

    [Fact]
    public async Task A_file_over_the_limit_is_413()
    {
        var editor = await factory.EditorAsync();
        var big = new byte[70_000];
        Png.CopyTo(big, 0);

        var response = await editor.PostAsync("/api/v1/admin/files", Form(big, "big.png"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Unknown_or_malformed_keys_are_404()
    {
        var client = factory.CreateClient();

        await ProblemAssert.IsProblemAsync(await client.GetAsync("/files/0123456789abcdef0123456789abcdef.png"),
            HttpStatusCode.NotFound, "file.not_found");
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/files/..%2F..%2Fetc%2Fpasswd"), HttpStatusCode.NotFound,
            "file.not_found");
    }

    [Fact]
    public async Task An_upload_without_a_file_is_a_field_error()
    {
        var editor = await factory.EditorAsync();

        var response = await editor.PostAsync("/api/v1/admin/files", new MultipartFormDataContent { { new StringContent("x"), "other" } });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation.failed");
    }
}
