using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Events;
using Shangmi.Api.Tests.Infrastructure;
using static Shangmi.Api.Tests.Enterprises.EnterpriseClient;

namespace Shangmi.Api.Tests.Enterprises;

public class ClaimTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Claim_then_verify_and_the_members_next_registration_carries_the_enterprise()
    {
        var user = await EventClient.UserAsync(factory);
        var code = NewCode();
        var claimId = await ClaimedAsync(factory, user, ClaimForm(code, "天津和顺精密制造有限公司", proof: Pdf));
        var pending = await MineAsync(factory, user);
        Assert.Equal("pending", pending.GetProperty("claim").GetProperty("status").GetString());
        Assert.Equal("enterprise", pending.GetProperty("claim").GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, pending.GetProperty("enterprise").ValueKind);

        var service = await ServiceAsync(factory);
        var verified = await service.PostAsync($"/api/v1/admin/enterprise-claims/{claimId}/verify", null);
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);

        var mine = await MineAsync(factory, user);
        Assert.Equal("verified", mine.GetProperty("claim").GetProperty("status").GetString());
        var enterprise = mine.GetProperty("enterprise");
        Assert.Equal(code, enterprise.GetProperty("creditCode").GetString());
        Assert.Equal("verified", enterprise.GetProperty("status").GetString());

        var eventId = await EventClient.CreateAsync(factory, await factory.EditorAsync(), capacity: 10);
        // Nothing about the company typed in (or something else typed): the registration carries the profile's.
        var registered = await EventClient.RegisteredAsync(factory, user, eventId, new
        {
            companyName = "随便填的公司", contactName = "王芳", phone = "13812345678", attendees = 1,
        });
        var mineRegistration = await factory.ClientWith(user)
            .GetFromJsonAsync<JsonElement>($"/api/v1/me/registrations/{registered.GetProperty("id").GetInt64()}");
        Assert.Equal("天津和顺精密制造有限公司", mineRegistration.GetProperty("companyName").GetString());
        Assert.Equal(code, mineRegistration.GetProperty("creditCode").GetString());
        Assert.Equal(enterprise.GetProperty("id").GetInt64(), mineRegistration.GetProperty("enterpriseId").GetInt64());
    }

    [Fact]
    public async Task Without_a_verified_enterprise_a_registration_still_types_the_company_in()
    {
        var user = await EventClient.UserAsync(factory);
        await ClaimedAsync(factory, user, ClaimForm(NewCode())); // pending only
        var eventId = await EventClient.CreateAsync(factory, await factory.EditorAsync(), capacity: 10);

        var missing = await EventClient.RegisterAsync(factory, user, eventId, new { contactName = "王芳", phone = "13812345678" });
        var problem = await ProblemAssert.IsProblemAsync(missing, HttpStatusCode.BadRequest, "validation.failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("companyName", out _));

        var typed = await EventClient.RegisteredAsync(factory, user, eventId);
        var row = await factory.ClientWith(user).GetFromJsonAsync<JsonElement>($"/api/v1/me/registrations/{typed.GetProperty("id").GetInt64()}");
        Assert.Equal("天和精密制造有限公司", row.GetProperty("companyName").GetString());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("enterpriseId").ValueKind);
    }

    [Fact]
    public async Task A_second_users_claim_on_a_verified_code_becomes_a_member_claim_of_the_same_enterprise()
    {
        var service = await ServiceAsync(factory);
        var code = NewCode();
        var first = await ClaimedAsync(factory, await EventClient.UserAsync(factory), ClaimForm(code));
        Assert.Equal(HttpStatusCode.OK, (await service.PostAsync($"/api/v1/admin/enterprise-claims/{first}/verify", null)).StatusCode);

        var second = await EventClient.UserAsync(factory);
        var claimId = await ClaimedAsync(factory, second, ClaimForm(code, "别的名字有限公司"));
        var claim = (await MineAsync(factory, second)).GetProperty("claim");
        Assert.Equal("member", claim.GetProperty("kind").GetString());
        Assert.Equal(1L, await factory.ScalarAsync<long>("SELECT COUNT(*) FROM enterprises WHERE credit_code = @code", new { code }));
        Assert.Equal(await EnterpriseOfClaimAsync(factory, first), await EnterpriseOfClaimAsync(factory, claimId));

        Assert.Equal(HttpStatusCode.OK, (await service.PostAsync($"/api/v1/admin/enterprise-claims/{claimId}/verify", null)).StatusCode);
        var detail = await service.GetFromJsonAsync<JsonElement>($"/api/v1/admin/enterprises/{await EnterpriseOfClaimAsync(factory, first)}");
        Assert.Equal("天津和顺精密制造有限公司", detail.GetProperty("profile").GetProperty("name").GetString()); // a member does not rename it
        var members = detail.GetProperty("claims").EnumerateArray().Where(c => c.GetProperty("status").GetString() == "verified").ToList();
        Assert.Equal(2, members.Count);
        Assert.All(members, m => Assert.Equal("138****5678", m.GetProperty("mobileMasked").GetString()));
        Assert.DoesNotContain("13812345678", detail.GetRawText());
    }

    [Fact]
    public async Task A_second_claim_while_one_is_pending_or_verified_is_409()
    {
        var user = await EventClient.UserAsync(factory);
        var claimId = await ClaimedAsync(factory, user, ClaimForm(NewCode()));

        await ProblemAssert.IsProblemAsync(await ClaimAsync(factory, user, ClaimForm(NewCode())), HttpStatusCode.Conflict, "enterprise_claim.pending");
        var service = await ServiceAsync(factory);
        await service.PostAsync($"/api/v1/admin/enterprise-claims/{claimId}/verify", null);
        await ProblemAssert.IsProblemAsync(await ClaimAsync(factory, user, ClaimForm(NewCode())), HttpStatusCode.Conflict, "enterprise_claim.member");
    }

    [Fact]
    public async Task Bad_input_answers_400_with_a_chinese_error_per_field()
    {
        var (user, userId) = await factory.SignInUserAsync($"bad{Guid.NewGuid():N}:1");
        var response = await ClaimAsync(factory, user, ClaimForm("911200007186767479", new string('企', 101), mobile: "12345", districtId: 999_999));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation.failed");
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "creditCode", "name", "mobile", "districtId" })
        {
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", errors.GetProperty(field)[0].GetString());
        }

        Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT COUNT(*) FROM enterprise_claims WHERE user_id = @userId", new { userId }));
    }

    [Fact]
    public async Task A_proof_that_is_not_an_image_or_pdf_by_content_is_400_whatever_its_name()
    {
        var user = await EventClient.UserAsync(factory);
        var html = "<html><script>alert(1)</script></html>"u8.ToArray();

        var response = await ClaimAsync(factory, user, ClaimForm(NewCode(), proof: html, proofName: "licence.pdf"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation.failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("proof", out _));
        Assert.Equal(HttpStatusCode.Created, (await ClaimAsync(factory, user, ClaimForm(NewCode(), proof: Png(), proofName: "x.txt"))).StatusCode);
    }

    [Fact]
    public async Task A_rejected_claim_shows_its_reason_drops_the_unverified_enterprise_and_frees_the_user_to_claim_again()
    {
        var user = await EventClient.UserAsync(factory);
        var code = NewCode();
        var claimId = await ClaimedAsync(factory, user, ClaimForm(code));
        var service = await ServiceAsync(factory);

        await ProblemAssert.IsProblemAsync(await service.PostAsJsonAsync($"/api/v1/admin/enterprise-claims/{claimId}/reject", new { reason = "" }),
            HttpStatusCode.BadRequest, "validation.failed");
        Assert.Equal(HttpStatusCode.OK, (await service.PostAsJsonAsync($"/api/v1/admin/enterprise-claims/{claimId}/reject",
            new { reason = "营业执照与企业名称不符" })).StatusCode);

        var claim = (await MineAsync(factory, user)).GetProperty("claim");
        Assert.Equal("rejected", claim.GetProperty("status").GetString());
        Assert.Equal("营业执照与企业名称不符", claim.GetProperty("reason").GetString());
        Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT COUNT(*) FROM enterprises WHERE credit_code = @code", new { code }));
        await ProblemAssert.IsProblemAsync(await service.PostAsync($"/api/v1/admin/enterprise-claims/{claimId}/verify", null),
            HttpStatusCode.Conflict, "enterprise_claim.not_pending");
        Assert.Equal(HttpStatusCode.Created, (await ClaimAsync(factory, user, ClaimForm(code))).StatusCode);
    }

    [Fact]
    public async Task A_member_can_leave_and_staff_can_revoke_a_member_after_which_registrations_are_typed_again()
    {
        var service = await ServiceAsync(factory);
        var code = NewCode();
        var (leaver, revoked) = (await EventClient.UserAsync(factory), await EventClient.UserAsync(factory));
        var claims = new List<long>();
        foreach (var user in new[] { leaver, revoked })
        {
            claims.Add(await ClaimedAsync(factory, user, ClaimForm(code)));
            await service.PostAsync($"/api/v1/admin/enterprise-claims/{claims[^1]}/verify", null);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await factory.ClientWith(leaver).PostAsync("/api/v1/me/enterprise/leave", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.PostAsJsonAsync($"/api/v1/admin/enterprise-claims/{claims[1]}/revoke",
            new { reason = "已离职" })).StatusCode);

        Assert.Equal("left", (await MineAsync(factory, leaver)).GetProperty("claim").GetProperty("status").GetString());
        var mine = await MineAsync(factory, revoked);
        Assert.Equal("revoked", mine.GetProperty("claim").GetProperty("status").GetString());
        Assert.Equal("已离职", mine.GetProperty("claim").GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, mine.GetProperty("enterprise").ValueKind);
        await ProblemAssert.IsProblemAsync(await factory.ClientWith(revoked).PostAsync("/api/v1/me/enterprise/leave", null),
            HttpStatusCode.NotFound, "enterprise.not_member");
        var eventId = await EventClient.CreateAsync(factory, await factory.EditorAsync(), capacity: 10);
        await ProblemAssert.IsProblemAsync(await EventClient.RegisterAsync(factory, revoked, eventId, new { contactName = "王芳", phone = "13812345678" }),
            HttpStatusCode.BadRequest, "validation.failed");
    }
}

public class ClaimSizeTests(ClaimSizeTests.Factory factory) : IClassFixture<ClaimSizeTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        public Factory() => Settings["Storage:MaxUploadBytes"] = "4096";
    }

    [Fact]
    public async Task A_proof_over_the_upload_limit_is_413_and_nothing_is_claimed()
    {
        var (user, userId) = await factory.SignInUserAsync($"big{Guid.NewGuid():N}:1");
        byte[] big = [.. EnterpriseClient.Pdf, .. new byte[8192]];

        var response = await EnterpriseClient.ClaimAsync(factory, user, EnterpriseClient.ClaimForm(EnterpriseClient.NewCode(), proof: big));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT COUNT(*) FROM enterprise_claims WHERE user_id = @userId", new { userId }));
    }
}
