using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Shangmi.Api.Experts;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Experts;

public class ExpertsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly string[] PrivateKeys = ["phone", "email", "notes"];

    private static object Expert(string name, string organization, string[] fields, string region = "和平区",
        bool isPublic = true, string bio = "简介") => new
    {
        name, organization, fields, region, isPublic, bio, title = "教授", position = "主任",
        phone = "+86 138-1234-5678", email = $"{Guid.NewGuid():N}@example.com", notes = "内部备注：仅限工作人员",
    };

    private static async Task<long> CreateAsync(HttpClient editor, object expert)
    {
        var response = await editor.PostAsJsonAsync("/api/v1/admin/experts", expert);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64();
    }

    private static IEnumerable<string> AllKeys(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => AllKeys(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(AllKeys),
        _ => [],
    };

    private async Task<long> FieldIdAsync(string name) =>
        (await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/expert-fields")).EnumerateArray()
        .Single(f => f.GetProperty("name").GetString() == name).GetProperty("id").GetInt64();

    [Fact]
    public async Task Public_json_never_carries_private_contacts_while_editors_see_them_normalised()
    {
        var editor = await factory.EditorAsync();
        var id = await CreateAsync(editor, Expert("隐私专家", "隐私大学", ["学术研究"]));
        var client = factory.CreateClient();

        foreach (var url in new[] { "/api/v1/experts?pageSize=50", $"/api/v1/experts/{id}", "/api/v1/expert-fields" })
        {
            var keys = AllKeys(JsonDocument.Parse(await client.GetStringAsync(url)).RootElement).ToList();
            Assert.NotEmpty(keys);
            Assert.Empty(keys.Intersect(PrivateKeys, StringComparer.OrdinalIgnoreCase));
        }

        var admin = await editor.GetFromJsonAsync<JsonElement>($"/api/v1/admin/experts/{id}");
        Assert.Equal("13812345678", admin.GetProperty("phone").GetString());
        Assert.Equal("内部备注：仅限工作人员", admin.GetProperty("notes").GetString());
    }

    [Fact]
    public async Task Field_counts_ignore_hidden_experts_and_hidden_experts_are_404()
    {
        var editor = await factory.EditorAsync();
        var before = await CountAsync("司法审判");
        await CreateAsync(editor, Expert("公开法官", "计数法院", ["司法审判"]));
        var hidden = await CreateAsync(editor, Expert("隐藏法官", "计数法院", ["司法审判"], isPublic: false));

        Assert.Equal(before + 1, await CountAsync("司法审判"));
        await ProblemAssert.IsProblemAsync(await factory.CreateClient().GetAsync($"/api/v1/experts/{hidden}"),
            HttpStatusCode.NotFound, "expert.not_found");

        async Task<int> CountAsync(string field) =>
            (await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/expert-fields")).EnumerateArray()
            .Single(f => f.GetProperty("name").GetString() == field).GetProperty("expertCount").GetInt32();
    }

    [Fact]
    public async Task Field_region_and_keyword_filters_combine()
    {
        var editor = await factory.EditorAsync();
        var match = await CreateAsync(editor, Expert("组合甲", "滨海研究院", ["信息安全技术"], "滨海新区", bio: "研究数据防泄漏"));
        await CreateAsync(editor, Expert("组合乙", "滨海研究院", ["信息安全技术"], "南开区", bio: "研究数据防泄漏"));
        await CreateAsync(editor, Expert("组合丙", "滨海研究院", ["法律实务"], "滨海新区", bio: "研究数据防泄漏"));
        await CreateAsync(editor, Expert("组合丁", "滨海研究院", ["信息安全技术"], "滨海新区", bio: "研究合同纠纷"));
        var field = await FieldIdAsync("信息安全技术");

        var page = await factory.CreateClient().GetFromJsonAsync<JsonElement>(
            $"/api/v1/experts?fieldId={field}&region={Uri.EscapeDataString("滨海新区")}&q={Uri.EscapeDataString("防泄漏")}");

        Assert.Equal([match], page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
        Assert.Equal(1, page.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Bad_filters_and_bad_experts_are_field_errors()
    {
        var client = factory.CreateClient();
        var problem = await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/v1/experts?fieldId=999999&pageSize=80"),
            HttpStatusCode.BadRequest, "validation.failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("fieldId", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("pageSize", out _));

        var editor = await factory.EditorAsync();
        var bad = await editor.PostAsJsonAsync("/api/v1/admin/experts",
            new { name = "", organization = "单位", fields = new[] { "炼金术" }, phone = "12345", email = "not-an-email", region = "火星区" });
        var errors = (await ProblemAssert.IsProblemAsync(bad, HttpStatusCode.BadRequest, "validation.failed")).GetProperty("errors");
        foreach (var field in new[] { "name", "fields", "phone", "email", "region" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }

        await CreateAsync(editor, Expert("重名专家", "同一单位", []));
        await ProblemAssert.IsProblemAsync(await editor.PostAsJsonAsync("/api/v1/admin/experts", Expert("重名专家", "同一单位", [])),
            HttpStatusCode.Conflict, "expert.duplicate");
    }

    [Fact]
    public async Task Speaker_summaries_come_in_the_requested_order_without_hidden_experts()
    {
        var editor = await factory.EditorAsync();
        var first = await CreateAsync(editor, Expert("讲者一", "讲者单位", ["知识产权"]));
        var hidden = await CreateAsync(editor, Expert("讲者二", "讲者单位", [], isPublic: false));
        var third = await CreateAsync(editor, Expert("讲者三", "讲者单位", []));

        var summaries = await factory.Services.GetRequiredService<ExpertStore>().SummariesAsync([third, hidden, first], default);

        Assert.Equal([third, first], summaries.Select(s => s.Id));
        Assert.Equal("知识产权", summaries[1].Fields.Single().Name);
    }

    [Fact]
    public async Task Editors_manage_fields_but_cannot_delete_one_in_use()
    {
        var editor = await factory.EditorAsync();
        var created = await editor.PostAsJsonAsync("/api/v1/admin/expert-fields", new { name = "数据合规", sortOrder = 80 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await CreateAsync(editor, Expert("领域使用者", "某单位", ["数据合规"]));

        await ProblemAssert.IsProblemAsync(await editor.DeleteAsync($"/api/v1/admin/expert-fields/{id}"), HttpStatusCode.Conflict,
            "expert_field.in_use");
        await ProblemAssert.IsProblemAsync(await editor.PostAsJsonAsync("/api/v1/admin/expert-fields", new { name = "a、b" }),
            HttpStatusCode.BadRequest, "validation.failed");
    }

    [Fact]
    public async Task Regions_are_the_district_list_with_public_expert_counts()
    {
        var editor = await factory.EditorAsync();
        await CreateAsync(editor, Expert("蓟州专家甲", "蓟州单位", [], region: "蓟州区"));
        await CreateAsync(editor, Expert("蓟州专家乙", "蓟州单位", [], region: "蓟州区", isPublic: false));

        var regions = (await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/expert-regions")).EnumerateArray().ToList();

        Assert.Equal(16, regions.Count);
        Assert.Equal("和平区", regions[0].GetProperty("name").GetString());
        Assert.Equal("滨海新区", regions[^1].GetProperty("name").GetString());
        Assert.Equal(1, regions.Single(r => r.GetProperty("name").GetString() == "蓟州区").GetProperty("expertCount").GetInt64());
    }
}
