using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Common;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Enterprises;

public class ReferenceDataTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("/api/v1/districts", 16, "和平区")]
    [InlineData("/api/v1/industries", 20, "农、林、牧、渔业")]
    [InlineData("/api/v1/size-bands", 4, "大型")]
    [InlineData("/api/v1/enterprise-tags", 7, "知识密集型")]
    public async Task The_pickers_lists_are_seeded_and_public(string url, int count, string first)
    {
        var items = (await factory.CreateClient().GetFromJsonAsync<JsonElement>(url)).EnumerateArray().ToList();

        Assert.Equal(count, items.Count);
        Assert.Equal(first, items[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Industries_are_the_sections_a_to_t_of_gbt_4754_2017()
    {
        var industries = (await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/industries")).EnumerateArray().ToList();

        Assert.Equal("ABCDEFGHIJKLMNOPQRST", string.Concat(industries.Select(i => i.GetProperty("code").GetString())));
        Assert.Contains(industries, i => i.GetProperty("code").GetString() == "I" && i.GetProperty("name").GetString() == "信息传输、软件和信息技术服务业");
    }

    [Fact]
    public async Task Admins_add_and_rename_entries_and_a_taken_name_is_409()
    {
        var admin = factory.ClientWith(await factory.SignInStaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword));

        var created = await admin.PostAsJsonAsync("/api/v1/admin/enterprise-tags", new { name = "瞪羚企业", sortOrder = 80 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await ProblemAssert.IsProblemAsync(await admin.PostAsJsonAsync("/api/v1/admin/enterprise-tags", new { name = "老字号" }),
            HttpStatusCode.Conflict, "reference.name_taken");
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/admin/enterprise-tags/{id}", new { name = "独角兽企业", sortOrder = 90 })).StatusCode);
        await ProblemAssert.IsProblemAsync(await admin.PutAsJsonAsync("/api/v1/admin/enterprise-tags/999999", new { name = "无" }),
            HttpStatusCode.NotFound, "reference.not_found");
        await ProblemAssert.IsProblemAsync(await admin.PostAsJsonAsync("/api/v1/admin/industries", new { name = "新门类" }),
            HttpStatusCode.BadRequest, "validation.failed");

        var tags = (await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/enterprise-tags")).EnumerateArray();
        Assert.Contains(tags, t => t.GetProperty("name").GetString() == "独角兽企业");
    }

    [Theory]
    [InlineData("9144030071526726XG", true)]
    [InlineData("91110108551385082Q", true)]
    [InlineData("911200007186767478", true)]
    [InlineData(" 9144030071526726xg ", true)]
    [InlineData("911200007186767479", false)]
    [InlineData("91120000718676747", false)]
    [InlineData("9I1200007186767478", false)]
    public void Credit_codes_are_checked_by_their_check_character(string code, bool valid) =>
        Assert.Equal(valid, CreditCode.Normalise(code) is not null);
}
