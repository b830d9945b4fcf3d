using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using MySqlConnector;
using Microsoft.Extensions.DependencyInjection;
using Shangmi.Api.Enterprises;
using Shangmi.Api.Tests.Events;
using Shangmi.Api.Tests.Infrastructure;
using static Shangmi.Api.Tests.Enterprises.EnterpriseClient;

namespace Shangmi.Api.Tests.Enterprises;

public class ProofTests(ProofTests.Factory factory) : IClassFixture<ProofTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        public Factory()
        {
            Settings["Enterprises:ProofRetention"] = "30.00:00:00";
            Settings["Enterprises:PendingClaimRetention"] = "60.00:00:00";
        }
    }

    private static readonly byte[] Licence = [.. "%PDF-1.7\n营业执照 统一社会信用代码 机密内容\n"u8, .. new byte[2000], .. "\n%%EOF"u8];

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_proof_file_is_readable_only_by_service_staff_every_read_is_recorded_and_it_is_sealed_on_disk()
    {
        var (user, _) = await factory.SignInUserAsync($"p{Guid.NewGuid():N}:1");
        var claimId = await ClaimedAsync(factory, user, ClaimForm(NewCode(), proof: Licence, mobile: "13912345678"));
        var url = $"/api/v1/admin/enterprise-claims/{claimId}/proof";

        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.ClientWith(user).GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.ClientWith((await factory.CreateStaffAsync("editor", "officer", "admin")).Token).GetAsync(url)).StatusCode);
        var key = await factory.ScalarAsync<string>("SELECT proof_key FROM enterprise_claims WHERE id = @claimId", new { claimId });
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient().GetAsync($"/files/{key}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient().GetAsync($"/files/{key}.pdf")).StatusCode);

        var (staffId, token) = await factory.CreateStaffAsync("service");
        var response = await factory.ClientWith(token).GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Licence, await response.Content.ReadAsByteArrayAsync());
        var contact = await factory.ClientWith(token).GetFromJsonAsync<JsonElement>($"/api/v1/admin/enterprise-claims/{claimId}/contact");
        Assert.Equal("13912345678", contact.GetProperty("mobile").GetString());
        Assert.Equal(2L, await factory.ScalarAsync<long>(
            "SELECT COUNT(*) FROM enterprise_log WHERE claim_id = @claimId AND staff_id = @staffId AND action IN ('proof_read', 'contact_read')",
            new { claimId, staffId }));

        var stored = Directory.EnumerateFiles(factory.ProofFolder, key!, SearchOption.AllDirectories).Single();
        var onDisk = await File.ReadAllBytesAsync(stored);
        Assert.Equal(-1, onDisk.AsSpan().IndexOf("营业执照"u8));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(stored));
        var sealedContact = await factory.ScalarAsync<byte[]>("SELECT contact_sealed FROM enterprise_claims WHERE id = @claimId", new { claimId });
        Assert.Equal(-1, sealedContact!.AsSpan().IndexOf("13912345678"u8));
    }

    [Fact]
    public async Task Staff_reads_of_a_claims_contact_and_proof_stay_recorded_after_the_claim_is_rejected_and_its_enterprise_dropped()
    {
        var claimId = await ClaimedAsync(factory, await EventClient.UserAsync(factory), ClaimForm(NewCode(), proof: Pdf));
        var enterpriseId = await EnterpriseOfClaimAsync(factory, claimId);
        var (staffId, token) = await factory.CreateStaffAsync("service");
        var service = factory.ClientWith(token);
        Assert.Equal(HttpStatusCode.OK, (await service.GetAsync($"/api/v1/admin/enterprise-claims/{claimId}/proof")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.GetAsync($"/api/v1/admin/enterprise-claims/{claimId}/contact")).StatusCode);

        var rejected = await service.PostAsJsonAsync($"/api/v1/admin/enterprise-claims/{claimId}/reject", new { reason = "材料不清晰" });

        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT COUNT(*) FROM enterprises WHERE id = @enterpriseId", new { enterpriseId }));
        Assert.Equal(2L, await factory.ScalarAsync<long>(
            "SELECT COUNT(*) FROM enterprise_log WHERE claim_id = @claimId AND staff_id = @staffId AND action IN ('proof_read', 'contact_read')",
            new { claimId, staffId }));
    }

    [Fact]
    public async Task A_claim_left_pending_past_its_retention_loses_its_contact_and_proof()
    {
        var stale = await ClaimedAsync(factory, await EventClient.UserAsync(factory), ClaimForm(NewCode(), proof: Pdf));
        factory.Clock.Advance(TimeSpan.FromDays(31));
        var fresh = await ClaimedAsync(factory, await EventClient.UserAsync(factory), ClaimForm(NewCode(), proof: Pdf));
        factory.Clock.Advance(TimeSpan.FromDays(30)); // 61 days after the stale claim, 30 after the fresh one
        var retention = ActivatorUtilities.CreateInstance<ClaimRetention>(factory.Services);

        await retention.PurgeAsync(default);

        var service = await ServiceAsync(factory);
        Assert.Equal(HttpStatusCode.NotFound, (await service.GetAsync($"/api/v1/admin/enterprise-claims/{stale}/proof")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.GetAsync($"/api/v1/admin/enterprise-claims/{stale}/contact")).StatusCode);
        var claim = await service.GetFromJsonAsync<JsonElement>($"/api/v1/admin/enterprise-claims/{stale}");
        Assert.Equal("pending", claim.GetProperty("status").GetString());
        Assert.Equal("", claim.GetProperty("mobileMasked").GetString());
        Assert.Equal(HttpStatusCode.OK, (await service.GetAsync($"/api/v1/admin/enterprise-claims/{fresh}/proof")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.GetAsync($"/api/v1/admin/enterprise-claims/{fresh}/contact")).StatusCode);
    }

    [Fact]
    public async Task Proof_files_are_gone_after_retention_from_the_decision_and_rejected_claims_keep_no_contact()
    {
        var service = await ServiceAsync(factory);
        var claims = new Dictionary<string, long>();
        foreach (var name in new[] { "verified", "rejected", "pending", "late" })
        {
            claims[name] = await ClaimedAsync(factory, await EventClient.UserAsync(factory), ClaimForm(NewCode(), proof: Png()));
        }

        await service.PostAsync($"/api/v1/admin/enterprise-claims/{claims["verified"]}/verify", null);
        await service.PostAsJsonAsync($"/api/v1/admin/enterprise-claims/{claims["rejected"]}/reject", new { reason = "材料不清晰" });
        factory.Clock.Advance(TimeSpan.FromDays(20));
        service = await ServiceAsync(factory); // the first sign-in has expired
        await service.PostAsJsonAsync($"/api/v1/admin/enterprise-claims/{claims["late"]}/reject", new { reason = "材料不清晰" });
        var retention = ActivatorUtilities.CreateInstance<ClaimRetention>(factory.Services);

        factory.Clock.Advance(TimeSpan.FromDays(11)); // 31 days after the first decisions, 11 after the late one
        await retention.PurgeAsync(default);
        service = await ServiceAsync(factory);

        foreach (var gone in new[] { "verified", "rejected" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await service.GetAsync($"/api/v1/admin/enterprise-claims/{claims[gone]}/proof")).StatusCode);
        }

        foreach (var kept in new[] { "pending", "late" })
        {
            Assert.Equal(HttpStatusCode.OK, (await service.GetAsync($"/api/v1/admin/enterprise-claims/{claims[kept]}/proof")).StatusCode);
        }

        Assert.Equal(2, Directory.EnumerateFiles(factory.ProofFolder, "*", SearchOption.AllDirectories).Count());
        var rejected = await service.GetFromJsonAsync<JsonElement>($"/api/v1/admin/enterprise-claims/{claims["rejected"]}");
        Assert.Equal("", rejected.GetProperty("mobileMasked").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await service.GetAsync($"/api/v1/admin/enterprise-claims/{claims["rejected"]}/contact")).StatusCode);
        Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT COUNT(*) FROM enterprise_claims WHERE id = @id AND contact_sealed IS NOT NULL",
            new { id = claims["rejected"] }));
        // A member keeps their contact: it is how the bureau reaches the enterprise.
        Assert.Equal(HttpStatusCode.OK, (await service.GetAsync($"/api/v1/admin/enterprise-claims/{claims["verified"]}/contact")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.GetAsync($"/api/v1/admin/enterprise-claims/{claims["late"]}/contact")).StatusCode);
    }
}

public class ClaimAccountDeletionTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Deleting_my_account_ends_my_membership_and_erases_my_claims_contact_and_proof_at_once()
    {
        var (user, userId) = await factory.SignInUserAsync($"gone{Guid.NewGuid():N}:1");
        var claimId = await ClaimedAsync(factory, user, ClaimForm(NewCode(), proof: Pdf));
        var service = await ServiceAsync(factory);
        await service.PostAsync($"/api/v1/admin/enterprise-claims/{claimId}/verify", null);

        Assert.Equal(HttpStatusCode.NoContent, (await factory.ClientWith(user).DeleteAsync("/api/v1/me")).StatusCode);

        var claim = await service.GetFromJsonAsync<JsonElement>($"/api/v1/admin/enterprise-claims/{claimId}");
        Assert.Equal("left", claim.GetProperty("status").GetString());
        Assert.False(claim.GetProperty("hasProof").GetBoolean());
        Assert.Equal("", claim.GetProperty("mobileMasked").GetString());
        Assert.Empty(Directory.Exists(factory.ProofFolder) ? Directory.EnumerateFiles(factory.ProofFolder, "*", SearchOption.AllDirectories) : []);
        Assert.Equal(0L, await factory.ScalarAsync<long>(
            "SELECT COUNT(*) FROM enterprise_claims WHERE user_id = @userId AND (contact_sealed IS NOT NULL OR active_user IS NOT NULL)", new { userId }));
    }

    [Fact]
    public async Task A_claim_sent_while_my_account_is_being_deleted_is_refused_and_leaves_no_contact_behind()
    {
        var (user, userId) = await factory.SignInUserAsync($"race{Guid.NewGuid():N}:1");
        var eventId = await EventClient.CreateAsync(factory, await factory.EditorAsync(), capacity: 10);
        await EventClient.RegisteredAsync(factory, user, eventId);
        // Hold the user's registration, so the deletion stops at it, part-way through.
        await using var other = new MySqlConnection(factory.ConnectionString);
        await other.OpenAsync();
        await using var transaction = await other.BeginTransactionAsync();
        await other.ExecuteAsync("SELECT id FROM registrations WHERE user_id = @userId FOR UPDATE", new { userId }, transaction);

        var deletion = factory.ClientWith(user).DeleteAsync("/api/v1/me");
        await factory.UntilBlockedAsync(deletion);

        var claim = await ClaimAsync(factory, user, ClaimForm(NewCode(), proof: Pdf));
        await transaction.CommitAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await deletion).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, claim.StatusCode);
        Assert.Equal(0L, await factory.ScalarAsync<long>(
            "SELECT COUNT(*) FROM enterprise_claims WHERE user_id = @userId AND (contact_sealed IS NOT NULL OR active_user IS NOT NULL)", new { userId }));
    }
}
