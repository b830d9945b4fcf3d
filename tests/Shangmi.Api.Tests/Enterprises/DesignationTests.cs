using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Events;
using Shangmi.Api.Tests.Infrastructure;
using static Shangmi.Api.Tests.Enterprises.EnterpriseClient;

namespace Shangmi.Api.Tests.Enterprises;

public class DesignationTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private async Task<(long EnterpriseId, HttpClient Service, long ServiceId)> VerifiedAsync()
    {
        var user = await EventClient.UserAsync(factory);
        var claimId = await ClaimedAsync(factory, user, ClaimForm(NewCode(), "天津示范科技有限公司"));
        var (serviceId, token) = await factory.CreateStaffAsync("service");
        var service = factory.ClientWith(token);
        Assert.Equal(HttpStatusCode.OK, (await service.PostAsync($"/api/v1/admin/enterprise-claims/{claimId}/verify", null)).StatusCode);
        // The members agree to be shown publicly (the public lists show no enterprise without it).
        Assert.Equal(HttpStatusCode.OK, (await factory.ClientWith(user).PutAsJsonAsync("/api/v1/me/enterprise/public-listing", new { listed = true })).StatusCode);
        return (await EnterpriseOfClaimAsync(factory, claimId), service, serviceId);
    }

    [Fact]
    public async Task Staff_designate_a_liaison_point_with_its_officer_and_take_it_away_and_the_list_filters_by_it()
    {
        var (id, service, serviceId) = await VerifiedAsync();

        var response = await service.PutAsJsonAsync($"/api/v1/admin/enterprises/{id}/liaison-point", new { since = "2026-05-20", liaisonStaffId = serviceId });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var liaison = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("liaisonPoint");
        Assert.Equal("2026-05-20", liaison.GetProperty("since").GetString());
        Assert.Equal("测试员工", liaison.GetProperty("liaisonStaffName").GetString());
        var listed = await service.GetFromJsonAsync<JsonElement>("/api/v1/admin/enterprises?designation=liaisonPoint");
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), e => e.GetProperty("id").GetInt64() == id);

        Assert.Equal(HttpStatusCode.OK, (await service.DeleteAsync($"/api/v1/admin/enterprises/{id}/liaison-point")).StatusCode);
        listed = await service.GetFromJsonAsync<JsonElement>("/api/v1/admin/enterprises?designation=liaisonPoint");
        Assert.DoesNotContain(listed.GetProperty("items").EnumerateArray(), e => e.GetProperty("id").GetInt64() == id);
        var history = (await service.GetFromJsonAsync<JsonElement>($"/api/v1/admin/enterprises/{id}")).GetProperty("history").EnumerateArray()
            .Select(h => h.GetProperty("action").GetString()).ToList();
        Assert.Contains("designated", history);
        Assert.Contains("undesignated", history);
    }

    [Fact]
    public async Task Bad_designations_are_400_and_an_unknown_liaison_officer_is_a_field_error()
    {
        var (id, service, _) = await VerifiedAsync();

        var missing = await service.PutAsJsonAsync($"/api/v1/admin/enterprises/{id}/liaison-point", new { });
        var errors = (await ProblemAssert.IsProblemAsync(missing, HttpStatusCode.BadRequest, "validation.failed")).GetProperty("errors");
        Assert.True(errors.TryGetProperty("since", out _) && errors.TryGetProperty("liaisonStaffId", out _));
        var unknown = await service.PutAsJsonAsync($"/api/v1/admin/enterprises/{id}/liaison-point", new { since = "2026-05-20", liaisonStaffId = 999_999 });
        Assert.True((await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.BadRequest, "validation.failed")).GetProperty("errors")
            .TryGetProperty("liaisonStaffId", out _));
        var tooLong = await service.PutAsJsonAsync($"/api/v1/admin/enterprises/{id}/demonstration", new { year = 2026, text = new string('字', 501) });
        await ProblemAssert.IsProblemAsync(tooLong, HttpStatusCode.BadRequest, "validation.failed");
        await ProblemAssert.IsProblemAsync(await service.DeleteAsync("/api/v1/admin/enterprises/999999/demonstration"),
            HttpStatusCode.NotFound, "enterprise.not_found");
    }

    [Fact]
    public async Task Demonstration_enterprises_and_their_public_text_are_on_the_public_list()
    {
        var (id, service, _) = await VerifiedAsync();
        Assert.Equal(HttpStatusCode.OK, (await service.PutAsJsonAsync($"/api/v1/admin/enterprises/{id}/demonstration",
            new { year = 2025, text = "建立涉密人员分级管理和离职审查制度。" })).StatusCode);

        var list = (await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/demonstration-enterprises")).EnumerateArray().ToList();

        var shown = Assert.Single(list, e => e.GetProperty("id").GetInt64() == id);
        Assert.Equal("天津示范科技有限公司", shown.GetProperty("name").GetString());
        Assert.Equal(2025, shown.GetProperty("year").GetInt32());
        Assert.DoesNotContain("138", shown.GetRawText());
    }

    [Fact]
    public async Task The_liaison_officer_must_be_an_active_service_account_city_wide_or_of_the_enterprises_district()
    {
        var (id, service, _) = await VerifiedAsync(); // in 和平区, the claim's district
        var (editorId, _) = await factory.CreateStaffAsync("editor");
        var (nankaiId, nankaiToken) = await factory.CreateStaffAsync("service");
        var admin = factory.ClientWith(await factory.SignInStaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword));
        Assert.True((await admin.PutAsJsonAsync($"/api/v1/admin/staff/{nankaiId}/district",
            new { districtId = await DistrictAsync(factory, "南开区") })).IsSuccessStatusCode);

        foreach (var wrong in new[] { editorId, nankaiId })
        {
            var response = await service.PutAsJsonAsync($"/api/v1/admin/enterprises/{id}/liaison-point", new { since = "2026-05-20", liaisonStaffId = wrong });
            var errors = (await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation.failed")).GetProperty("errors");
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", errors.GetProperty("liaisonStaffId")[0].GetString());
        }

        var (localId, _) = await factory.CreateStaffAsync("service");
        Assert.True((await admin.PutAsJsonAsync($"/api/v1/admin/staff/{localId}/district", new { districtId = FirstDistrictId })).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.PutAsJsonAsync($"/api/v1/admin/enterprises/{id}/liaison-point",
            new { since = "2026-05-20", liaisonStaffId = localId })).StatusCode);
    }
}

/// <summary>The public list is cached (as in production); staff changes to it evict the cache.</summary>
public class DemonstrationListCacheTests(DemonstrationListCacheTests.Factory factory) : IClassFixture<DemonstrationListCacheTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        public Factory() => Settings["PublicCache:Duration"] = "00:05:00";
    }

    [Fact]
    public async Task Designating_and_undesignating_a_demonstration_enterprise_shows_on_the_public_list_at_once()
    {
        var user = await EventClient.UserAsync(factory);
        var claimId = await ClaimedAsync(factory, user, ClaimForm(NewCode(), "天津示范科技有限公司"));
        var service = await ServiceAsync(factory);
        Assert.Equal(HttpStatusCode.OK, (await service.PostAsync($"/api/v1/admin/enterprise-claims/{claimId}/verify", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.ClientWith(user).PutAsJsonAsync("/api/v1/me/enterprise/public-listing", new { listed = true })).StatusCode);
        var id = await EnterpriseOfClaimAsync(factory, claimId);
        var anonymous = factory.CreateClient();
        async Task<bool> ListedAsync() =>
            (await anonymous.GetFromJsonAsync<JsonElement>("/api/v1/demonstration-enterprises")).EnumerateArray()
            .Any(e => e.GetProperty("id").GetInt64() == id);
        Assert.False(await ListedAsync()); // now cached without it

        Assert.Equal(HttpStatusCode.OK, (await service.PutAsJsonAsync($"/api/v1/admin/enterprises/{id}/demonstration",
            new { year = 2026, text = "制度健全" })).StatusCode);
        Assert.True(await ListedAsync());

        Assert.Equal(HttpStatusCode.OK, (await service.DeleteAsync($"/api/v1/admin/enterprises/{id}/demonstration")).StatusCode);
        Assert.False(await ListedAsync());
    }
}
