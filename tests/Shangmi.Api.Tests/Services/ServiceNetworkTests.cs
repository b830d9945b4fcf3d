using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Shangmi.Api.ServiceNetwork;
using Shangmi.Api.Tests.Infrastructure;
using static Shangmi.Api.Tests.Enterprises.EnterpriseClient;
using static Shangmi.Api.Tests.Services.ServiceClient;

namespace Shangmi.Api.Tests.Services;

/// <summary>The public service network: nearest bases, liaison officers, consenting enterprises, the guidance library.</summary>
public class ServiceNetworkTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private async Task<long> BaseAsync(HttpClient staff, string name, string district, double lat, double lng)
    {
        var response = await staff.PostAsJsonAsync("/api/v1/admin/bases", new
        {
            name, zone = "测试园区", districtId = await DistrictAsync(factory, district), address = "测试路 1 号", lat, lng, phone = "022-2345 6789",
            services = "商业秘密保护咨询、培训", hours = "工作日 9:00-17:00",
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created,
            await response.Content.ReadAsStringAsync() + string.Join('\n', factory.Logs.Lines.Where(l => l.Contains("Exception")).TakeLast(3)));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task Bases_come_nearest_first_with_their_distance_in_metres()
    {
        var staff = await ServiceAsync(factory);
        // GCJ-02 points in Tianjin: the Binhai base is ~40 km east of the city centre, Xiqing ~12 km west, Heping in the centre.
        var binhai = await BaseAsync(staff, "滨海新区保护基地", "滨海新区", 39.0250, 117.7100);
        var xiqing = await BaseAsync(staff, "西青开发区保护基地", "西青区", 39.1400, 117.0100);
        var heping = await BaseAsync(staff, "和平区保护工作站", "和平区", 39.1180, 117.1960);

        // Standing at Tianjin West Railway Station (117.1640, 39.1590).
        var bases = (await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/bases?lat=39.1590&lng=117.1640")).EnumerateArray().ToList();

        Assert.Equal([heping, xiqing, binhai], bases.Select(b => b.GetProperty("id").GetInt64()));
        var metres = bases.Select(b => b.GetProperty("distanceMetres").GetInt64()).ToList();
        Assert.InRange(metres[0], 5_000, 5_500);     // hand-computed haversine: 5.26 km
        Assert.InRange(metres[1], 13_400, 14_000);   // 13.7 km
        Assert.InRange(metres[2], 48_000, 49_500);   // 48.8 km
        Assert.Equal(0, NetworkRules.DistanceMetres(39.1, 117.2, 39.1, 117.2));
        Assert.InRange(NetworkRules.DistanceMetres(0, 0, 0, 1), 111_190, 111_200); // one degree of the equator

        // Without a position: every base, no distance.
        var plain = (await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/bases")).EnumerateArray().ToList();
        Assert.Equal(3, plain.Count);
        Assert.All(plain, b => Assert.Equal(JsonValueKind.Null, b.GetProperty("distanceMetres").ValueKind));
    }

    [Theory]
    [InlineData("lat=91&lng=117", "lat")]
    [InlineData("lat=-90.5&lng=117", "lat")]
    [InlineData("lat=39&lng=181", "lng")]
    [InlineData("lat=39", "lng")]
    [InlineData("lng=117", "lat")]
    public async Task A_position_out_of_range_or_half_given_is_400_with_a_field_error(string query, string field)
    {
        var response = await factory.CreateClient().GetAsync("/api/v1/bases?" + query);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation.failed");
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", problem.GetProperty("errors").GetProperty(field)[0].GetString());
    }

    [Fact]
    public async Task Liaison_officers_show_an_office_phone_and_a_mobile_is_refused()
    {
        var staff = await ServiceAsync(factory);
        var district = await DistrictAsync(factory, "北辰区");

        var mobile = await staff.PostAsJsonAsync("/api/v1/admin/liaison-officers", new { districtId = district, name = "赵敏", officePhone = "13912345678" });
        await ProblemAssert.IsProblemAsync(mobile, HttpStatusCode.BadRequest, "validation.failed");
        var created = await staff.PostAsJsonAsync("/api/v1/admin/liaison-officers", new { districtId = district, name = "赵敏", officePhone = "022-2639 1234" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var officers = (await factory.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/liaison-officers?districtId={district}")).EnumerateArray().ToList();
        var officer = Assert.Single(officers);
        Assert.Equal("022-26391234", officer.GetProperty("officePhone").GetString());
        Assert.Equal("北辰区", officer.GetProperty("districtName").GetString());

        // A district account keeps only its own district's network.
        var hexi = await ServiceAsync(factory, "河西区");
        var id = officer.GetProperty("id").GetInt64();
        await ProblemAssert.IsProblemAsync(await hexi.DeleteAsync($"/api/v1/admin/liaison-officers/{id}"), HttpStatusCode.NotFound, "liaison_officer.not_found");
        await ProblemAssert.IsProblemAsync(await hexi.PostAsJsonAsync("/api/v1/admin/liaison-officers",
            new { districtId = district, name = "钱坤", officePhone = "022-26391235" }), HttpStatusCode.BadRequest, "validation.failed");
        Assert.Equal(HttpStatusCode.NoContent, (await staff.DeleteAsync($"/api/v1/admin/liaison-officers/{id}")).StatusCode);
    }

    [Fact]
    public async Task Only_liaison_points_and_demonstration_enterprises_that_consented_appear_publicly()
    {
        var staff = await ServiceAsync(factory);
        var consenting = await MemberAsync(factory, "武清区", "天津同意公开科技有限公司");
        var silent = await MemberAsync(factory, "武清区", "天津不愿公开科技有限公司");
        var plain = await MemberAsync(factory, "武清区", "天津普通企业有限公司");
        foreach (var member in new[] { consenting, silent })
        {
            Assert.Equal(HttpStatusCode.OK, (await staff.PutAsJsonAsync($"/api/v1/admin/enterprises/{member.EnterpriseId}/demonstration",
                new { year = 2026, text = "建立了涉密载体台账和离职审查制度。" })).StatusCode);
        }

        foreach (var member in new[] { consenting, plain })
        {
            var consent = await factory.ClientWith(member.Token).PutAsJsonAsync("/api/v1/me/enterprise/public-listing", new { listed = true });
            Assert.Equal(HttpStatusCode.OK, consent.StatusCode);
        }

        var wuqing = await DistrictAsync(factory, "武清区");
        async Task<List<string>> ListedAsync() =>
            (await factory.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/service-network/enterprises?districtId={wuqing}"))
            .EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToList();

        Assert.Equal(["天津同意公开科技有限公司"], await ListedAsync());
        Assert.Equal(["天津同意公开科技有限公司"], (await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/demonstration-enterprises"))
            .EnumerateArray().Select(e => e.GetProperty("name").GetString()!).Where(n => n.Contains("公开", StringComparison.Ordinal)));
        Assert.True((await MineAsync(factory, consenting.Token)).GetProperty("enterprise").GetProperty("publicListing").GetBoolean());

        // Withdrawing consent takes it off at once; only a verified member gives it.
        await factory.ClientWith(consenting.Token).PutAsJsonAsync("/api/v1/me/enterprise/public-listing", new { listed = false });
        Assert.Empty(await ListedAsync());
        await ProblemAssert.IsProblemAsync(await factory.ClientWith(await Events.EventClient.UserAsync(factory))
            .PutAsJsonAsync("/api/v1/me/enterprise/public-listing", new { listed = true }), HttpStatusCode.NotFound, "enterprise.not_member");
        await ProblemAssert.IsProblemAsync(await factory.ClientWith(consenting.Token).PutAsJsonAsync("/api/v1/me/enterprise/public-listing", new { }),
            HttpStatusCode.BadRequest, "validation.failed");
    }

    [Fact]
    public async Task The_three_guidance_documents_are_seeded_with_valid_pdfs_and_each_download_is_counted()
    {
        var anonymous = factory.CreateClient();
        var documents = (await anonymous.GetFromJsonAsync<JsonElement>("/api/v1/guidance-documents")).EnumerateArray().ToList();
        Assert.Subset(documents.Select(d => d.GetProperty("title").GetString()).ToHashSet(),
            new HashSet<string?> { "商业秘密保护工作制度汇编", "商业秘密保护工作指引", "商业秘密保护管理与服务规范" });
        var guide = documents.Single(d => d.GetProperty("kind").GetString() == "guide");

        var download = await anonymous.GetAsync(guide.GetProperty("downloadUrl").GetString());
        await anonymous.GetAsync(guide.GetProperty("downloadUrl").GetString());

        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        var pdf = await download.Content.ReadAsByteArrayAsync();
        var text = Encoding.ASCII.GetString(pdf);
        Assert.StartsWith("%PDF-1.4", text);
        Assert.EndsWith("%%EOF\n", text);
        // The xref offsets point at the objects they name (what a PDF reader checks first).
        var startxref = int.Parse(text[(text.LastIndexOf("startxref\n", StringComparison.Ordinal) + 10)..].Split('\n')[0]);
        Assert.StartsWith("xref", text[startxref..]);
        var firstObject = int.Parse(text[startxref..].Split('\n')[3][..10]);
        Assert.StartsWith("1 0 obj", text[firstObject..]);
        var after = (await anonymous.GetFromJsonAsync<JsonElement>("/api/v1/guidance-documents?kind=guide")).EnumerateArray().Single();
        Assert.Equal(2, after.GetProperty("downloads").GetInt64());
        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync("/api/v1/guidance-documents/999999/download"), HttpStatusCode.NotFound,
            "guidance_document.not_found");
        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync("/api/v1/guidance-documents?kind=poster"), HttpStatusCode.BadRequest, "validation.failed");
    }

    [Fact]
    public async Task Editors_add_a_document_from_an_uploaded_pdf_and_a_requested_one_cannot_be_deleted()
    {
        var editor = await factory.EditorAsync();
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(GuidanceSeeder.PlaceholderPdf("Version 2"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "v2.pdf");
        var key = (await (await editor.PostAsync("/api/v1/admin/files", form)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString();

        var created = await editor.PostAsJsonAsync("/api/v1/admin/guidance-documents",
            new { title = "企业保密协议示范文本", kind = "other", summary = "供企业参考的协议文本", versionDate = "2026-05-20", fileKey = key });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await ProblemAssert.IsProblemAsync(await editor.PostAsJsonAsync("/api/v1/admin/guidance-documents",
            new { title = "企业保密协议示范文本", kind = "other", versionDate = "2026-05-20", fileKey = key }), HttpStatusCode.Conflict,
            "guidance_document.title_taken");
        await ProblemAssert.IsProblemAsync(await editor.PostAsJsonAsync("/api/v1/admin/guidance-documents",
            new { title = "没有文件", kind = "other", versionDate = "2026-05-20", fileKey = "0123456789abcdef0123456789abcdef.pdf" }),
            HttpStatusCode.BadRequest, "validation.failed");
        await ProblemAssert.IsProblemAsync(await editor.PostAsJsonAsync("/api/v1/admin/guidance-documents",
            new { title = "新资料没有文件", kind = "other", versionDate = "2026-05-20" }), HttpStatusCode.BadRequest, "validation.failed");

        // A rewrite without a new PDF keeps the document's file: only the words change, the download is the same PDF.
        var renamed = await editor.PutAsJsonAsync($"/api/v1/admin/guidance-documents/{id}",
            new { title = "企业保密协议示范文本（修订）", kind = "other", summary = "修订说明", versionDate = "2026-05-28" });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var document = await renamed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("企业保密协议示范文本（修订）", document.GetProperty("title").GetString());
        Assert.Equal(GuidanceSeeder.PlaceholderPdf("Version 2").Length, document.GetProperty("fileSize").GetInt64());
        Assert.Equal(GuidanceSeeder.PlaceholderPdf("Version 2"),
            await factory.CreateClient().GetByteArrayAsync($"/api/v1/guidance-documents/{id}/download"));
        // A key must be an uploaded PDF or the document's own file: a seeded document's file (in no upload record) or an
        // uploaded picture cannot be taken over by another document.
        var seededKey = await factory.ScalarAsync<string>("SELECT file_key FROM guidance_documents WHERE id <> @id ORDER BY id LIMIT 1", new { id });
        using var picture = new MultipartFormDataContent();
        var png = new ByteArrayContent(Console.ConsolePage.Png);
        png.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        picture.Add(png, "file", "cover.png");
        var pictureKey = (await (await editor.PostAsync("/api/v1/admin/files", picture)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString();
        foreach (var stolen in new[] { seededKey, pictureKey })
        {
            var taken = await editor.PutAsJsonAsync($"/api/v1/admin/guidance-documents/{id}",
                new { title = "企业保密协议示范文本（修订）", kind = "other", versionDate = "2026-05-28", fileKey = stolen });
            var problem = await ProblemAssert.IsProblemAsync(taken, HttpStatusCode.BadRequest, "validation.failed");
            Assert.True(problem.GetProperty("errors").TryGetProperty("fileKey", out _), problem.ToString());
        }

        Assert.Equal(GuidanceSeeder.PlaceholderPdf("Version 2"),
            await factory.CreateClient().GetByteArrayAsync($"/api/v1/guidance-documents/{id}/download"));
        await ProblemAssert.IsProblemAsync(await editor.PutAsJsonAsync("/api/v1/admin/guidance-documents/999999",
            new { title = "不存在", kind = "other", versionDate = "2026-05-20" }), HttpStatusCode.NotFound, "guidance_document.not_found");

        var member = await MemberAsync(factory);
        await SubmitAsync(factory, member, new { kind = "documents", subject = "申领资料", description = "请寄送纸质版。", documentIds = new[] { id } });
        await ProblemAssert.IsProblemAsync(await editor.DeleteAsync($"/api/v1/admin/guidance-documents/{id}"), HttpStatusCode.Conflict,
            "guidance_document.in_use");
    }
}
