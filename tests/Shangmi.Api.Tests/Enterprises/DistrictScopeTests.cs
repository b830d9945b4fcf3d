using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MiniExcelLibs;
using Shangmi.Api.Tests.Events;
using Shangmi.Api.Tests.Infrastructure;
using static Shangmi.Api.Tests.Enterprises.EnterpriseClient;

namespace Shangmi.Api.Tests.Enterprises;

/// <summary>A district bureau's staff see and act only within their district; outside it, everything is 404.</summary>
public class DistrictScopeTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Each_claim_of_a_new_code_goes_to_its_own_districts_staff_and_the_verified_one_sets_the_enterprises_district()
    {
        var code = NewCode();
        var first = await ClaimedAsync(factory, await EventClient.UserAsync(factory), ClaimForm(code, districtId: await DistrictAsync(factory, "南开区")));
        var second = await ClaimedAsync(factory, await EventClient.UserAsync(factory), ClaimForm(code, districtId: await DistrictAsync(factory, "河西区")));
        var enterpriseId = await EnterpriseOfClaimAsync(factory, second);
        var hexi = await ServiceAsync(factory, "河西区");
        var nankai = await ServiceAsync(factory, "南开区");

        Assert.Equal(HttpStatusCode.NotFound, (await hexi.GetAsync($"/api/v1/admin/enterprise-claims/{first}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await nankai.GetAsync($"/api/v1/admin/enterprise-claims/{second}")).StatusCode);
        var claim = await hexi.GetFromJsonAsync<JsonElement>($"/api/v1/admin/enterprise-claims/{second}");
        Assert.Equal("河西区", claim.GetProperty("districtName").GetString());
        Assert.Equal(HttpStatusCode.OK, (await hexi.PostAsync($"/api/v1/admin/enterprise-claims/{second}/verify", null)).StatusCode);

        var detail = await hexi.GetFromJsonAsync<JsonElement>($"/api/v1/admin/enterprises/{enterpriseId}");
        Assert.Equal("河西区", detail.GetProperty("profile").GetProperty("districtName").GetString());
        // The first claim is now a claim on a Hexi enterprise: Hexi's staff decide it, Nankai's no longer see it.
        Assert.Equal(HttpStatusCode.NotFound, (await nankai.GetAsync($"/api/v1/admin/enterprise-claims/{first}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await hexi.GetAsync($"/api/v1/admin/enterprise-claims/{first}")).StatusCode);
    }

    [Fact]
    public async Task A_claim_without_a_district_is_400_with_a_chinese_field_error()
    {
        var (user, userId) = await factory.SignInUserAsync($"nod{Guid.NewGuid():N}:1");

        var response = await ClaimAsync(factory, user, ClaimForm(NewCode(), districtId: null));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation.failed");
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", problem.GetProperty("errors").GetProperty("districtId")[0].GetString());
        Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT COUNT(*) FROM enterprise_claims WHERE user_id = @userId", new { userId }));
    }

    [Fact]
    public async Task A_hexi_service_account_cannot_list_read_or_act_on_a_nankai_enterprise_while_nankai_staff_can()
    {
        var nankaiId = await DistrictAsync(factory, "南开区");
        var code = NewCode();
        var user = await EventClient.UserAsync(factory);
        var claimId = await ClaimedAsync(factory, user, ClaimForm(code, "南开某某科技有限公司", districtId: nankaiId, proof: Pdf));
        var enterpriseId = await EnterpriseOfClaimAsync(factory, claimId);
        var hexi = await ServiceAsync(factory, "河西区");
        var nankai = await ServiceAsync(factory, "南开区");

        await AssertHiddenAsync(hexi, claimId, enterpriseId, code);
        await ProblemAssert.IsProblemAsync(await hexi.PostAsync($"/api/v1/admin/enterprise-claims/{claimId}/verify", null),
            HttpStatusCode.NotFound, "enterprise_claim.not_found");
        await ProblemAssert.IsProblemAsync(await hexi.PostAsJsonAsync($"/api/v1/admin/enterprise-claims/{claimId}/reject", new { reason = "不符" }),
            HttpStatusCode.NotFound, "enterprise_claim.not_found");
        Assert.Equal("pending", (await MineAsync(factory, user)).GetProperty("claim").GetProperty("status").GetString());

        // The district's own staff see it and verify it.
        var queue = await nankai.GetFromJsonAsync<JsonElement>("/api/v1/admin/enterprise-claims");
        Assert.Contains(queue.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetInt64() == claimId);
        Assert.Equal(HttpStatusCode.OK, (await nankai.PostAsync($"/api/v1/admin/enterprise-claims/{claimId}/verify", null)).StatusCode);

        // Verified, it stays out of Hexi's reach: read, designate, revoke, change decisions, export.
        await AssertHiddenAsync(hexi, claimId, enterpriseId, code);
        var actions = new[]
        {
            await hexi.PutAsJsonAsync($"/api/v1/admin/enterprises/{enterpriseId}/demonstration", new { year = 2026, text = "做法" }),
            await hexi.DeleteAsync($"/api/v1/admin/enterprises/{enterpriseId}/liaison-point"),
            await hexi.PostAsync($"/api/v1/admin/enterprises/{enterpriseId}/verify", null),
            await hexi.PostAsJsonAsync($"/api/v1/admin/enterprises/{enterpriseId}/reject", new { reason = "不符" }),
            await hexi.PostAsJsonAsync($"/api/v1/admin/enterprise-claims/{claimId}/revoke", new { reason = "不符" }),
        };
        Assert.All(actions, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Equal("verified", (await MineAsync(factory, user)).GetProperty("claim").GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, (await MineAsync(factory, user)).GetProperty("enterprise").GetProperty("demonstration").ValueKind);

        var export = await hexi.GetByteArrayAsync("/api/v1/admin/enterprises/export");
        Assert.DoesNotContain(new MemoryStream(export).Query(useHeaderRow: true).Cast<IDictionary<string, object?>>(),
            row => (string?)row["统一社会信用代码"] == code);

        var designated = await nankai.PutAsJsonAsync($"/api/v1/admin/enterprises/{enterpriseId}/demonstration", new { year = 2026, text = "制度健全" });
        Assert.Equal(HttpStatusCode.OK, designated.StatusCode);
        var detail = await nankai.GetFromJsonAsync<JsonElement>($"/api/v1/admin/enterprises/{enterpriseId}");
        Assert.Equal(2026, detail.GetProperty("profile").GetProperty("demonstration").GetProperty("year").GetInt32());
    }

    private async Task AssertHiddenAsync(HttpClient hexi, long claimId, long enterpriseId, string code)
    {
        var list = await hexi.GetFromJsonAsync<JsonElement>($"/api/v1/admin/enterprises?q={code}");
        Assert.Equal(0, list.GetProperty("total").GetInt32());
        var byDistrict = await hexi.GetFromJsonAsync<JsonElement>($"/api/v1/admin/enterprises?districtId={await DistrictAsync(factory, "南开区")}");
        Assert.Equal(0, byDistrict.GetProperty("total").GetInt32());
        foreach (var status in new[] { "pending", "verified" })
        {
            var claims = await hexi.GetFromJsonAsync<JsonElement>($"/api/v1/admin/enterprise-claims?status={status}");
            Assert.DoesNotContain(claims.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetInt64() == claimId);
        }

        await ProblemAssert.IsProblemAsync(await hexi.GetAsync($"/api/v1/admin/enterprises/{enterpriseId}"), HttpStatusCode.NotFound, "enterprise.not_found");
        await ProblemAssert.IsProblemAsync(await hexi.GetAsync($"/api/v1/admin/enterprise-claims/{claimId}"), HttpStatusCode.NotFound,
            "enterprise_claim.not_found");
        await ProblemAssert.IsProblemAsync(await hexi.GetAsync($"/api/v1/admin/enterprise-claims/{claimId}/contact"), HttpStatusCode.NotFound,
            "enterprise_claim.not_found");
        Assert.Equal(HttpStatusCode.NotFound, (await hexi.GetAsync($"/api/v1/admin/enterprise-claims/{claimId}/proof")).StatusCode);
    }

    [Fact]
    public async Task A_district_account_imports_only_its_own_districts_enterprises()
    {
        var hexi = await ServiceAsync(factory, "河西区");
        var known = NewCode();
        await ClaimedAsync(factory, await EventClient.UserAsync(factory), ClaimForm(known, districtId: await DistrictAsync(factory, "南开区")));
        var rows = new[]
        {
            RosterImportTests.Row("河西甲公司", NewCode(), "河西区"), RosterImportTests.Row("南开乙公司", NewCode(), "南开区"),
            RosterImportTests.Row("改名企图", known, "河西区"),
        };

        var response = await RosterImportTests.ImportAsync(hexi, RosterImportTests.Sheet(rows));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "import.rows_invalid");
        Assert.Equal([3, 4], problem.GetProperty("rowErrors").EnumerateArray().Select(e => e.GetProperty("row").GetInt32()).Distinct());
        Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT COUNT(*) FROM enterprises WHERE name IN ('河西甲公司', '南开乙公司')"));
    }
}
