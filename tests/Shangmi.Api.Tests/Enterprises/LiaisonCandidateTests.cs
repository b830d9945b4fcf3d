using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Events;
using Shangmi.Api.Tests.Infrastructure;
using static Shangmi.Api.Tests.Enterprises.EnterpriseClient;

namespace Shangmi.Api.Tests.Enterprises;

/// <summary>Staff pick a liaison officer from the accounts the designation accepts, not by typing an id.</summary>
public class LiaisonCandidateTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task The_candidates_are_the_active_service_accounts_of_the_city_and_the_district_and_each_is_accepted()
    {
        var claimId = await ClaimedAsync(factory, await EventClient.UserAsync(factory),
            ClaimForm(NewCode(), "河西联络点候选有限公司", districtId: await DistrictAsync(factory, "河西区")));
        var hexi = await ServiceAsync(factory, "河西区");
        (await hexi.PostAsync($"/api/v1/admin/enterprise-claims/{claimId}/verify", null)).EnsureSuccessStatusCode();
        var enterpriseId = await EnterpriseOfClaimAsync(factory, claimId);
        var admin = factory.ClientWith(await factory.SignInStaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword));
        var (disabledId, _) = await factory.CreateStaffAsync("service");
        (await admin.PostAsync($"/api/v1/admin/staff/{disabledId}/disable", null)).EnsureSuccessStatusCode();
        var (editorId, _) = await factory.CreateStaffAsync("editor");
        var nankai = await ServiceAsync(factory, "南开区");
        await ServiceAsync(factory); // city-wide

        var candidates = (await hexi.GetFromJsonAsync<JsonElement>($"/api/v1/admin/enterprises/{enterpriseId}/liaison-candidates"))
            .EnumerateArray().ToList();
        var ids = candidates.Select(c => c.GetProperty("id").GetInt64()).ToList();
        Assert.DoesNotContain(disabledId, ids);
        Assert.DoesNotContain(editorId, ids);
        Assert.Contains(candidates, c => c.GetProperty("districtName").GetString() == "河西区");
        Assert.DoesNotContain(candidates, c => c.GetProperty("districtName").GetString() == "南开区");
        Assert.Contains(candidates, c => c.GetProperty("districtName").ValueKind == JsonValueKind.Null);
        foreach (var id in ids)
        {
            var set = await hexi.PutAsJsonAsync($"/api/v1/admin/enterprises/{enterpriseId}/liaison-point", new { since = "2026-06-01", liaisonStaffId = id });
            Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync());
        }

        await ProblemAssert.IsProblemAsync(await nankai.GetAsync($"/api/v1/admin/enterprises/{enterpriseId}/liaison-candidates"),
            HttpStatusCode.NotFound, "enterprise.not_found");
        Assert.Equal(HttpStatusCode.Forbidden,
            (await factory.ClientWith((await factory.CreateStaffAsync("editor")).Token).GetAsync($"/api/v1/admin/enterprises/{enterpriseId}/liaison-candidates")).StatusCode);
    }
}
