using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Identity;

public class StaffAuthTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private async Task<HttpClient> AdminAsync() =>
        factory.ClientWith(await factory.SignInStaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword));

    [Fact]
    public async Task The_first_admin_comes_from_configuration_and_signs_in()
    {
        var response = await factory.StaffLoginAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["admin"], body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        var stored = await factory.Staff.FindPasswordHashAsync(body.GetProperty("staff").GetProperty("id").GetInt64(), default);
        Assert.DoesNotContain(ApiFactory.AdminPassword, stored);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_user_get_the_same_answer()
    {
        var wrong = await factory.StaffLoginAsync(ApiFactory.AdminUsername, "not-the-password-1");
        var unknown = await factory.StaffLoginAsync("nobody", "not-the-password-1");

        await ProblemAssert.IsProblemAsync(wrong, HttpStatusCode.Unauthorized, "auth.invalid_credentials");
        await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.Unauthorized, "auth.invalid_credentials");
    }

    [Fact]
    public async Task After_five_wrong_passwords_the_address_waits_and_each_further_one_doubles_the_wait()
    {
        var admin = await AdminAsync();
        var created = await admin.PostAsJsonAsync("/api/v1/admin/staff",
            new { username = "target", password = "brute-password-1", displayName = "被攻击者", roles = new[] { "editor" } });
        created.EnsureSuccessStatusCode();

        for (var i = 0; i < 5; i++)
        {
            var wrong = await factory.StaffLoginAsync("target", $"guess-number-{i}");
            await ProblemAssert.IsProblemAsync(wrong, HttpStatusCode.Unauthorized, "auth.invalid_credentials");
        }

        var sixth = await factory.StaffLoginAsync("target", "brute-password-1");
        await ProblemAssert.IsProblemAsync(sixth, (HttpStatusCode)423, "auth.locked");
        Assert.Equal(TimeSpan.FromMinutes(1), sixth.Headers.RetryAfter?.Delta);

        factory.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        await ProblemAssert.IsProblemAsync(await factory.StaffLoginAsync("target", "guess-number-6"),
            HttpStatusCode.Unauthorized, "auth.invalid_credentials");
        var doubled = await factory.StaffLoginAsync("target", "brute-password-1");
        await ProblemAssert.IsProblemAsync(doubled, (HttpStatusCode)423, "auth.locked");
        Assert.Equal(TimeSpan.FromMinutes(2), doubled.Headers.RetryAfter?.Delta);

        factory.Clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await factory.StaffLoginAsync("target", "brute-password-1")).StatusCode);
    }

    [Fact]
    public async Task A_disabled_account_loses_its_existing_tokens_at_once()
    {
        var (id, token) = await factory.CreateStaffAsync("editor");
        var staff = factory.ClientWith(token);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/api/v1/admin/auth/me")).StatusCode);

        var disable = await (await AdminAsync()).PostAsync($"/api/v1/admin/staff/{id}/disable", null);
        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);

        await ProblemAssert.IsProblemAsync(await staff.GetAsync("/api/v1/admin/auth/me"), HttpStatusCode.Unauthorized,
            "auth.required");
    }

    [Fact]
    public async Task Roles_changed_by_an_admin_apply_to_existing_tokens()
    {
        var (id, token) = await factory.CreateStaffAsync("editor");
        var staff = factory.ClientWith(token);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/api/v1/admin/staff")).StatusCode);

        var update = await (await AdminAsync()).PutAsJsonAsync($"/api/v1/admin/staff/{id}/roles",
            new { roles = new[] { "editor", "admin" } });
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/api/v1/admin/staff")).StatusCode);
    }

    [Fact]
    public async Task Changing_ones_password_ends_earlier_tokens_and_the_new_password_works()
    {
        var (_, token) = await factory.CreateStaffAsync("officer");
        var staff = factory.ClientWith(token);
        var me = await staff.GetFromJsonAsync<JsonElement>("/api/v1/admin/auth/me");

        var change = await staff.PostAsJsonAsync("/api/v1/admin/auth/password",
            new { currentPassword = "staff-password-123", newPassword = "a-brand-new-pass-9" });

        Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await staff.GetAsync("/api/v1/admin/auth/me")).StatusCode);
        var fresh = (await change.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await factory.ClientWith(fresh).GetAsync("/api/v1/admin/auth/me")).StatusCode);
        await factory.SignInStaffAsync(me.GetProperty("username").GetString()!, "a-brand-new-pass-9");
    }

    [Fact]
    public async Task A_wrong_current_password_or_a_weak_new_one_is_a_field_error()
    {
        var (_, token) = await factory.CreateStaffAsync("officer");

        var response = await factory.ClientWith(token).PostAsJsonAsync("/api/v1/admin/auth/password",
            new { currentPassword = "wrong-password-1", newPassword = "short" });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation.failed");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("currentPassword", out _));
        Assert.True(errors.TryGetProperty("newPassword", out _));
    }

    [Fact]
    public async Task Creating_staff_checks_the_fields_and_refuses_a_taken_username()
    {
        var admin = await AdminAsync();

        var bad = await admin.PostAsJsonAsync("/api/v1/admin/staff",
            new { username = "X", password = "123", displayName = "", roles = new[] { "boss" } });
        var problem = await ProblemAssert.IsProblemAsync(bad, HttpStatusCode.BadRequest, "validation.failed");
        foreach (var field in new[] { "username", "password", "displayName", "roles" })
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), field);
        }

        var taken = await admin.PostAsJsonAsync("/api/v1/admin/staff",
            new { username = ApiFactory.AdminUsername, password = "another-pass-123", displayName = "重名", roles = new[] { "editor" } });
        await ProblemAssert.IsProblemAsync(taken, HttpStatusCode.Conflict, "staff.username_taken");
    }

    [Fact]
    public async Task An_admin_cannot_disable_or_demote_themselves()
    {
        var admin = await AdminAsync();
        var me = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/auth/me");
        var id = me.GetProperty("id").GetInt64();

        await ProblemAssert.IsProblemAsync(await admin.PostAsync($"/api/v1/admin/staff/{id}/disable", null),
            HttpStatusCode.Conflict, "staff.self_disable");
        await ProblemAssert.IsProblemAsync(
            await admin.PutAsJsonAsync($"/api/v1/admin/staff/{id}/roles", new { roles = new[] { "editor" } }),
            HttpStatusCode.Conflict, "staff.self_demotion");
    }

    [Fact]
    public async Task User_tokens_and_staff_tokens_do_not_open_each_others_routes()
    {
        var (userToken, _) = await factory.SignInUserAsync("crossover:1");
        var staffToken = await factory.SignInStaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword);

        await ProblemAssert.IsProblemAsync(await factory.ClientWith(staffToken).GetAsync("/api/v1/me"),
            HttpStatusCode.Forbidden, "auth.forbidden");
        await ProblemAssert.IsProblemAsync(await factory.ClientWith(userToken).GetAsync("/api/v1/admin/auth/me"),
            HttpStatusCode.Forbidden, "auth.forbidden");
    }

    [Fact]
    public async Task A_user_token_expires_after_two_hours()
    {
        var (token, _) = await factory.SignInUserAsync("expiring:1");
        var client = factory.ClientWith(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);

        factory.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));

        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "auth.required");
    }
}
