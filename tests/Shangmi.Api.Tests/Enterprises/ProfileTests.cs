using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using MySqlConnector;
using Shangmi.Api.Tests.Events;
using Shangmi.Api.Tests.Infrastructure;
using static Shangmi.Api.Tests.Enterprises.EnterpriseClient;

namespace Shangmi.Api.Tests.Enterprises;

public class ProfileTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private async Task<(string User, long UserId, long EnterpriseId, string Code, HttpClient Service)> MemberAsync()
    {
        var (user, userId) = await factory.SignInUserAsync($"m{Guid.NewGuid():N}:1");
        var code = NewCode();
        var claimId = await ClaimedAsync(factory, user, ClaimForm(code, "天津原名有限公司", districtId: await DistrictAsync(factory, "河西区")));
        var service = await ServiceAsync(factory);
        Assert.Equal(HttpStatusCode.OK, (await service.PostAsync($"/api/v1/admin/enterprise-claims/{claimId}/verify", null)).StatusCode);
        return (user, userId, await EnterpriseOfClaimAsync(factory, claimId), code, service);
    }

    private async Task<long> IdOfAsync(string table, string name) =>
        await factory.ScalarAsync<long>($"SELECT id FROM {table} WHERE name = @name", new { name });

    /// <summary>The whole form, as the mini-program sends it, in 河西区 unless told.</summary>
    private async Task<Dictionary<string, object?>> FormAsync(string name, string code, string district = "河西区") => new()
    {
        ["name"] = name, ["creditCode"] = code, ["districtId"] = await DistrictAsync(factory, district),
        ["industryId"] = await IdOfAsync("industries", "制造业"), ["sizeBandId"] = await IdOfAsync("size_bands", "小型"),
        ["tagIds"] = Array.Empty<long>(), ["address"] = "", ["employees"] = 10,
    };

    [Fact]
    public async Task Profile_changes_apply_at_once_and_are_recorded_with_who_when_old_and_new()
    {
        var (user, userId, enterpriseId, code, service) = await MemberAsync();
        var body = new
        {
            name = "天津原名有限公司", creditCode = code, districtId = await DistrictAsync(factory, "河西区"),
            industryId = await IdOfAsync("industries", "制造业"), sizeBandId = await IdOfAsync("size_bands", "小型"),
            tagIds = new[] { await IdOfAsync("enterprise_tags", "老字号") }, address = "大沽南路 8 号", employees = 85,
        };

        var response = await factory.ClientWith(user).PutAsJsonAsync("/api/v1/me/enterprise", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var enterprise = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("enterprise");
        Assert.Equal("verified", enterprise.GetProperty("status").GetString());
        Assert.Equal("制造业", enterprise.GetProperty("industryName").GetString());
        Assert.Equal(85, enterprise.GetProperty("employees").GetInt32());
        var history = (await service.GetFromJsonAsync<JsonElement>($"/api/v1/admin/enterprises/{enterpriseId}")).GetProperty("history")
            .EnumerateArray().Where(h => h.GetProperty("action").GetString() == "changed").ToList();
        var address = history.Single(h => h.GetProperty("field").GetString() == "address");
        Assert.Equal("", address.GetProperty("oldValue").GetString());
        Assert.Equal("大沽南路 8 号", address.GetProperty("newValue").GetString());
        Assert.Equal(userId, address.GetProperty("userId").GetInt64());
        Assert.Equal(factory.Clock.GetUtcNow(), address.GetProperty("at").GetDateTimeOffset());
        Assert.Equal(["address", "employees", "industry", "sizeBand", "tags"], history.Select(h => h.GetProperty("field").GetString()).Order());
    }

    [Fact]
    public async Task A_name_change_returns_to_verification_while_registrations_keep_the_verified_name_until_staff_accept_it()
    {
        var (user, _, enterpriseId, code, service) = await MemberAsync();
        var change = await FormAsync("天津新名有限公司", code);

        var mine = await (await factory.ClientWith(user).PutAsJsonAsync("/api/v1/me/enterprise", change)).Content.ReadFromJsonAsync<JsonElement>();

        var enterprise = mine.GetProperty("enterprise");
        Assert.Equal("reverify", enterprise.GetProperty("status").GetString());
        Assert.Equal("天津原名有限公司", enterprise.GetProperty("name").GetString());
        Assert.Equal("天津新名有限公司", enterprise.GetProperty("pendingName").GetString());
        var waiting = await service.GetFromJsonAsync<JsonElement>("/api/v1/admin/enterprises?status=reverify");
        Assert.Contains(waiting.GetProperty("items").EnumerateArray(), e => e.GetProperty("id").GetInt64() == enterpriseId);
        var eventId = await EventClient.CreateAsync(factory, await factory.EditorAsync(), capacity: 10);
        var registration = await EventClient.RegisteredAsync(factory, user, eventId, new { contactName = "王芳", phone = "13812345678" });
        var row = await factory.ClientWith(user).GetFromJsonAsync<JsonElement>($"/api/v1/me/registrations/{registration.GetProperty("id").GetInt64()}");
        Assert.Equal("天津原名有限公司", row.GetProperty("companyName").GetString());

        Assert.Equal(HttpStatusCode.OK, (await service.PostAsync($"/api/v1/admin/enterprises/{enterpriseId}/verify", null)).StatusCode);
        var after = (await MineAsync(factory, user)).GetProperty("enterprise");
        Assert.Equal("verified", after.GetProperty("status").GetString());
        Assert.Equal("天津新名有限公司", after.GetProperty("name").GetString());
        await ProblemAssert.IsProblemAsync(await service.PostAsync($"/api/v1/admin/enterprises/{enterpriseId}/verify", null),
            HttpStatusCode.Conflict, "enterprise.no_change_pending");
    }

    [Fact]
    public async Task A_refused_change_keeps_the_verified_name_and_tells_the_members_why()
    {
        var (user, _, enterpriseId, code, service) = await MemberAsync();
        var other = NewCode();
        await factory.ClientWith(user).PutAsJsonAsync("/api/v1/me/enterprise", await FormAsync("天津原名有限公司", other));

        Assert.Equal(HttpStatusCode.OK, (await service.PostAsJsonAsync($"/api/v1/admin/enterprises/{enterpriseId}/reject",
            new { reason = "新代码与营业执照不符" })).StatusCode);

        var enterprise = (await MineAsync(factory, user)).GetProperty("enterprise");
        Assert.Equal("verified", enterprise.GetProperty("status").GetString());
        Assert.Equal(code, enterprise.GetProperty("creditCode").GetString());
        Assert.Equal("新代码与营业执照不符", enterprise.GetProperty("changeReason").GetString());
    }

    [Fact]
    public async Task Unknown_reference_entries_and_a_bad_code_are_400_and_only_members_may_edit()
    {
        var (user, _, _, code, _) = await MemberAsync();

        var response = await factory.ClientWith(user).PutAsJsonAsync("/api/v1/me/enterprise", new
        {
            name = "天津原名有限公司", creditCode = "12345", districtId = 999_999, industryId = 999_999, sizeBandId = 999_999,
            tagIds = new[] { 999_999 }, employees = -1,
        });

        var errors = (await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation.failed")).GetProperty("errors");
        foreach (var field in new[] { "creditCode", "districtId", "industryId", "sizeBandId", "tagIds", "employees" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }

        var stranger = await EventClient.UserAsync(factory);
        await ProblemAssert.IsProblemAsync(await factory.ClientWith(stranger).PutAsJsonAsync("/api/v1/me/enterprise", await FormAsync("冒名", code)),
            HttpStatusCode.NotFound, "enterprise.not_member");
    }

    [Fact]
    public async Task A_member_cannot_move_the_enterprise_to_another_district_nothing_changes_and_the_answer_says_to_ask_staff()
    {
        var (user, _, enterpriseId, code, service) = await MemberAsync();
        var form = await FormAsync("天津原名有限公司", code, "南开区");
        form["address"] = "新地址";

        var response = await factory.ClientWith(user).PutAsJsonAsync("/api/v1/me/enterprise", form);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict, "enterprise.district_locked");
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", problem.GetProperty("title").GetString());
        var detail = await service.GetFromJsonAsync<JsonElement>($"/api/v1/admin/enterprises/{enterpriseId}");
        Assert.Equal("河西区", detail.GetProperty("profile").GetProperty("districtName").GetString());
        Assert.Equal("", detail.GetProperty("profile").GetProperty("address").GetString());
        Assert.Equal(HttpStatusCode.OK, (await factory.ClientWith(user).PutAsJsonAsync("/api/v1/me/enterprise",
            await FormAsync("天津原名有限公司", code))).StatusCode);
    }

    [Fact]
    public async Task A_partial_profile_is_400_with_an_error_per_missing_field_and_erases_nothing()
    {
        var (user, _, enterpriseId, code, service) = await MemberAsync();
        Assert.Equal(HttpStatusCode.OK, (await factory.ClientWith(user).PutAsJsonAsync("/api/v1/me/enterprise",
            await FormAsync("天津原名有限公司", code))).StatusCode);

        var response = await factory.ClientWith(user).PutAsJsonAsync("/api/v1/me/enterprise", new { name = "天津原名有限公司", creditCode = code });

        var errors = (await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation.failed")).GetProperty("errors");
        foreach (var field in new[] { "districtId", "industryId", "sizeBandId", "tagIds", "address", "employees" })
        {
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", errors.GetProperty(field)[0].GetString());
        }

        var profile = (await service.GetFromJsonAsync<JsonElement>($"/api/v1/admin/enterprises/{enterpriseId}")).GetProperty("profile");
        Assert.Equal("河西区", profile.GetProperty("districtName").GetString());
        Assert.Equal("制造业", profile.GetProperty("industryName").GetString());
        Assert.Equal(10, profile.GetProperty("employees").GetInt32());
    }

    [Fact]
    public async Task A_name_change_lapses_when_the_member_who_asked_for_it_leaves_or_is_revoked()
    {
        var (user, _, enterpriseId, code, service) = await MemberAsync();
        var other = await EventClient.UserAsync(factory);
        var memberClaim = await ClaimedAsync(factory, other, ClaimForm(code, districtId: await DistrictAsync(factory, "河西区")));
        Assert.Equal(HttpStatusCode.OK, (await service.PostAsync($"/api/v1/admin/enterprise-claims/{memberClaim}/verify", null)).StatusCode);
        async Task<JsonElement> ProfileAsync() =>
            (await service.GetFromJsonAsync<JsonElement>($"/api/v1/admin/enterprises/{enterpriseId}")).GetProperty("profile");

        Assert.Equal(HttpStatusCode.OK, (await factory.ClientWith(user).PutAsJsonAsync("/api/v1/me/enterprise",
            await FormAsync("天津冒改有限公司", code))).StatusCode);
        Assert.Equal("reverify", (await ProfileAsync()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await factory.ClientWith(user).PostAsync("/api/v1/me/enterprise/leave", null)).StatusCode);

        var afterLeave = await ProfileAsync();
        Assert.Equal("verified", afterLeave.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, afterLeave.GetProperty("pendingName").ValueKind);

        Assert.Equal(HttpStatusCode.OK, (await factory.ClientWith(other).PutAsJsonAsync("/api/v1/me/enterprise",
            await FormAsync("天津又改有限公司", code))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.PostAsJsonAsync($"/api/v1/admin/enterprise-claims/{memberClaim}/revoke",
            new { reason = "已离职" })).StatusCode);

        var afterRevoke = await ProfileAsync();
        Assert.Equal("verified", afterRevoke.GetProperty("status").GetString());
        Assert.Equal("天津原名有限公司", afterRevoke.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, afterRevoke.GetProperty("pendingName").ValueKind);
    }

    [Fact]
    public async Task Accepting_a_code_change_that_a_concurrent_claim_takes_first_is_a_409_not_a_500()
    {
        var (user, _, enterpriseId, _, service) = await MemberAsync();
        var wanted = NewCode();
        Assert.Equal(HttpStatusCode.OK, (await factory.ClientWith(user).PutAsJsonAsync("/api/v1/me/enterprise",
            await FormAsync("天津原名有限公司", wanted))).StatusCode);
        // A first claim of the wanted code, not yet committed: the acceptance's check cannot see it, its write waits for it.
        await using var other = new MySqlConnection(factory.ConnectionString);
        await other.OpenAsync();
        await using var transaction = await other.BeginTransactionAsync();
        await other.ExecuteAsync("""
            INSERT INTO enterprises (credit_code, name, status, created_at, updated_at)
            VALUES (@wanted, '天津抢先有限公司', 'unverified', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))
            """, new { wanted }, transaction);

        var verify = service.PostAsync($"/api/v1/admin/enterprises/{enterpriseId}/verify", null);
        await factory.UntilBlockedAsync(verify);

        await transaction.CommitAsync();

        await ProblemAssert.IsProblemAsync(await verify, HttpStatusCode.Conflict, "enterprise.code_taken");
        Assert.Equal("reverify", (await MineAsync(factory, user)).GetProperty("enterprise").GetProperty("status").GetString());
    }
}
