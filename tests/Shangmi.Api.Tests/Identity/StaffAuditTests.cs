using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Identity;

/// <summary>Every change to a staff account leaves a trace admins can read; sensitive grants are shown to the others.</summary>
public class StaffAuditTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private async Task<HttpClient> AdminAsync() =>
        factory.ClientWith(await factory.SignInStaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword));

    private static async Task<List<JsonElement>> AuditAsync(HttpClient admin) =>
        (await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/staff/audit?pageSize=50")).GetProperty("items")
        .EnumerateArray().ToList();

    [Fact]
    public async Task Create_roles_disable_enable_and_password_reset_are_recorded_with_who_whom_what_and_when()
    {
        var admin = await AdminAsync();
        var adminId = await factory.ScalarAsync<long>("SELECT id FROM staff WHERE username = @u", new { u = ApiFactory.AdminUsername });
        var created = await admin.PostAsJsonAsync("/api/v1/admin/staff",
            new { username = "audited", password = "first-pass-12345", displayName = "被审计", roles = new[] { "editor" } });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/admin/staff/{id}/roles", new { roles = new[] { "editor", "officer" } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/admin/staff/{id}/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/admin/staff/{id}/enable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent,
            (await admin.PostAsJsonAsync($"/api/v1/admin/staff/{id}/password", new { newPassword = "reset-by-admin-42" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.StaffLoginAsync("audited", "reset-by-admin-42")).StatusCode);

        var entries = (await AuditAsync(admin)).Where(e => e.GetProperty("staff").GetProperty("id").GetInt64() == id).ToList();
        Assert.Equal(["password_reset", "enabled", "disabled", "roles_changed", "created"],
            entries.Select(e => e.GetProperty("action").GetString()));
        Assert.All(entries, e =>
        {
            Assert.Equal(adminId, e.GetProperty("actor").GetProperty("id").GetInt64());
            Assert.Equal(ApiFactory.AdminUsername, e.GetProperty("actor").GetProperty("username").GetString());
            Assert.Equal("audited", e.GetProperty("staff").GetProperty("username").GetString());
            Assert.Equal(factory.Clock.GetUtcNow(), e.GetProperty("at").GetDateTimeOffset());
        });
        Assert.Equal("角色：editor → editor、officer", entries[3].GetProperty("detail").GetString());
        Assert.DoesNotContain("reset-by-admin-42", string.Join(",", entries.Select(e => e.GetRawText())));
    }

    [Fact]
    public async Task Changing_ones_own_password_is_recorded_as_such()
    {
        var (id, token) = await factory.CreateStaffAsync("editor");
        var changed = await factory.ClientWith(token).PostAsJsonAsync("/api/v1/admin/auth/password",
            new { currentPassword = "staff-password-123", newPassword = "my-own-new-pass-9" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

        var entry = (await AuditAsync(await AdminAsync())).First(e => e.GetProperty("staff").GetProperty("id").GetInt64() == id);
        Assert.Equal("password_changed", entry.GetProperty("action").GetString());
        Assert.Equal(id, entry.GetProperty("actor").GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task An_admin_who_makes_themselves_officer_is_shown_to_every_other_admin_at_their_next_sign_in()
    {
        var (otherAdminId, _) = await factory.CreateStaffAsync("admin");
        var otherAdmin = await factory.ScalarAsync<string>("SELECT username FROM staff WHERE id = @otherAdminId", new { otherAdminId });
        var (selfPromoterId, selfPromoterToken) = await factory.CreateStaffAsync("admin");
        factory.Clock.Advance(TimeSpan.FromMinutes(1));

        var promoted = await factory.ClientWith(selfPromoterToken).PutAsJsonAsync($"/api/v1/admin/staff/{selfPromoterId}/roles",
            new { roles = new[] { "admin", "officer" } });
        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        factory.Clock.Advance(TimeSpan.FromMinutes(1));

        var login = await (await factory.StaffLoginAsync(otherAdmin!, "staff-password-123")).Content.ReadFromJsonAsync<JsonElement>();
        var notice = Assert.Single(login.GetProperty("notices").EnumerateArray(),
            n => n.GetProperty("staff").GetProperty("id").GetInt64() == selfPromoterId);
        Assert.Equal("roles_changed", notice.GetProperty("action").GetString());
        Assert.Equal(selfPromoterId, notice.GetProperty("actor").GetProperty("id").GetInt64());
        Assert.Contains("officer", notice.GetProperty("detail").GetString());

        // Shown once: the next sign-in starts from this one.
        var again = await (await factory.StaffLoginAsync(otherAdmin!, "staff-password-123")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.DoesNotContain(again.GetProperty("notices").EnumerateArray(),
            n => n.GetProperty("staff").GetProperty("id").GetInt64() == selfPromoterId);
    }

    [Fact]
    public async Task Resetting_an_officers_password_disabling_an_admin_or_removing_a_role_is_shown_to_the_other_admins()
    {
        var (watcherId, _) = await factory.CreateStaffAsync("admin");
        var watcher = await factory.ScalarAsync<string>("SELECT username FROM staff WHERE id = @watcherId", new { watcherId });
        var (rogueId, rogueToken) = await factory.CreateStaffAsync("admin");
        var (officerId, _) = await factory.CreateStaffAsync("officer");
        var (otherAdminId, _) = await factory.CreateStaffAsync("admin");
        var (editorId, _) = await factory.CreateStaffAsync("editor");
        await factory.StaffLoginAsync(watcher!, "staff-password-123"); // notices start after this sign-in
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var rogue = factory.ClientWith(rogueToken);

        // Take over an officer (sign in as them), silence another admin; an editor's reset is routine.
        await rogue.PostAsJsonAsync($"/api/v1/admin/staff/{officerId}/password", new { newPassword = "taken-over-pass-1" });
        await rogue.PutAsJsonAsync($"/api/v1/admin/staff/{otherAdminId}/roles", new { roles = new[] { "editor" } });
        await rogue.PostAsync($"/api/v1/admin/staff/{otherAdminId}/disable", null);
        await rogue.PostAsJsonAsync($"/api/v1/admin/staff/{editorId}/password", new { newPassword = "routine-reset-123" });
        factory.Clock.Advance(TimeSpan.FromMinutes(1));

        var login = await (await factory.StaffLoginAsync(watcher!, "staff-password-123")).Content.ReadFromJsonAsync<JsonElement>();
        var notices = login.GetProperty("notices").EnumerateArray()
            .Select(n => (Staff: n.GetProperty("staff").GetProperty("id").GetInt64(), Action: n.GetProperty("action").GetString()))
            .ToList();
        Assert.Contains((officerId, "password_reset"), notices);
        Assert.Contains((otherAdminId, "roles_changed"), notices);
        Assert.DoesNotContain(notices, n => n.Staff == editorId);
        Assert.All(notices, n => Assert.NotEqual(watcherId, n.Staff));
        _ = rogueId;
    }
}
