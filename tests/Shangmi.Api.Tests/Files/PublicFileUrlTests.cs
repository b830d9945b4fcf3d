using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Articles;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Files;

/// <summary>The mini-program cannot resolve relative URLs: the public routes send our file URLs absolute.</summary>
public class PublicFileUrlTests(PublicFileUrlTests.Factory factory) : IClassFixture<PublicFileUrlTests.Factory>
{
    private const string Base = "https://shangmi.example.gov.cn";

    public sealed class Factory : ApiFactory
    {
        public Factory() => Settings["Storage:PublicBaseUrl"] = Base;
    }

    private async Task<string> UploadAsync(HttpClient editor, byte[] bytes, string name)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var response = await editor.PostAsync("/api/v1/admin/files", new MultipartFormDataContent { { file, "file", name } });
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
    }

    [Fact]
    public async Task Articles_and_experts_carry_absolute_file_urls_in_fields_and_in_content_while_staff_keep_relative_ones()
    {
        var editor = await factory.EditorAsync();
        var image = await UploadAsync(editor, Tips.TipClient.Jpeg(512), "cover.jpg");
        var pdf = await UploadAsync(editor, "%PDF-1.4\n%%EOF\n"u8.ToArray(), "宣传册.pdf");
        Assert.StartsWith("/files/", image);

        var id = await ArticleClient.CreateAsync(editor, new()
        {
            ["coverUrl"] = image,
            ["contentHtml"] = $"<p>见图</p><img src=\"{image}\">",
            ["attachments"] = new[] { new { name = "宣传册", url = pdf } },
        });
        var expert = await editor.PostAsJsonAsync("/api/v1/admin/experts", new
        {
            name = "有照片的专家", organization = "某单位", fields = Array.Empty<string>(), photoUrl = image, bio = "简介",
        });
        var expertId = (await expert.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var client = factory.CreateClient();

        var article = await client.GetFromJsonAsync<JsonElement>($"/api/v1/articles/{id}");
        Assert.Equal(Base + image, article.GetProperty("coverUrl").GetString());
        Assert.Equal(Base + pdf, article.GetProperty("attachments")[0].GetProperty("url").GetString());
        var html = article.GetProperty("contentHtml").GetString()!;
        Assert.Contains($"src=\"{Base}{image}\"", html);
        var listed = (await client.GetFromJsonAsync<JsonElement>("/api/v1/articles")).GetProperty("items")[0];
        Assert.Equal(Base + image, listed.GetProperty("coverUrl").GetString());
        Assert.Equal(Base + image, (await client.GetFromJsonAsync<JsonElement>($"/api/v1/experts/{expertId}")).GetProperty("photoUrl").GetString());

        var admin = await editor.GetFromJsonAsync<JsonElement>($"/api/v1/admin/articles/{id}");
        Assert.Equal(image, admin.GetProperty("coverUrl").GetString());
    }
}
