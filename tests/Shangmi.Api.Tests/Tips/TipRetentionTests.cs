using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Shangmi.Api.Tests.Infrastructure;
using Shangmi.Api.Tips;
using static Shangmi.Api.Tests.Tips.TipClient;

namespace Shangmi.Api.Tests.Tips;

public class TipRetentionTests(TipRetentionTests.Factory factory) : IClassFixture<TipRetentionTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        public Factory() => Settings["Tips:Retention"] = "30.00:00:00";
    }

    [Fact]
    public async Task Every_final_state_and_a_tip_never_decided_are_deleted_with_their_evidence_after_retention_from_that_moment()
    {
        var officer = await OfficerAsync(factory);
        var tips = new Dictionary<string, (string Receipt, long Id)>();
        foreach (var name in new[] { "closed", "rejected", "transferred", "discarded", "undecided", "accepted", "late" })
        {
            tips[name] = await SubmitWithIdAsync(factory, officer);
            Assert.Equal(System.Net.HttpStatusCode.Created, (await UploadAsync(factory, tips[name].Receipt, Jpeg(1000), "a.jpg")).StatusCode);
        }

        await MoveAsync(officer, tips["closed"].Id, "accepted", "closed");
        await MoveAsync(officer, tips["rejected"].Id, "rejected");
        await MoveAsync(officer, tips["transferred"].Id, "accepted", "transferred");
        await officer.PostAsJsonAsync($"/api/v1/admin/tips/{tips["discarded"].Id}/discard", new { reason = "无效信息" });
        await MoveAsync(officer, tips["accepted"].Id, "accepted");
        factory.Clock.Advance(TimeSpan.FromDays(20));
        officer = await OfficerAsync(factory); // the first sign-in has expired
        await MoveAsync(officer, tips["late"].Id, "rejected"); // decided 20 days later: its retention starts then
        var retention = ActivatorUtilities.CreateInstance<TipRetention>(factory.Services);

        factory.Clock.Advance(TimeSpan.FromDays(11)); // 31 days after the first decisions, 11 after the late one
        await retention.PurgeAsync(default);

        foreach (var gone in new[] { "closed", "rejected", "transferred", "discarded", "undecided" })
        {
            Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT COUNT(*) FROM tips WHERE id = @id", new { tips[gone].Id }));
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await WithReceipt(factory, tips[gone].Receipt).GetAsync("/api/v1/tips/mine")).StatusCode);
        }

        foreach (var kept in new[] { "accepted", "late" })
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, (await WithReceipt(factory, tips[kept].Receipt).GetAsync("/api/v1/tips/mine")).StatusCode);
        }

        Assert.Equal(2, EvidenceFiles().Length);
        Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT COUNT(*) FROM tip_file_deletions"));
    }

    [Fact]
    public async Task A_file_the_disk_refuses_to_delete_stays_queued_the_job_survives_and_the_next_round_deletes_it()
    {
        var officer = await OfficerAsync(factory);
        var (receipt, id) = await SubmitWithIdAsync(factory, officer);
        await UploadAsync(factory, receipt, Jpeg(1000), "a.jpg");
        var key = await factory.ScalarAsync<string>("SELECT storage_key FROM tip_attachments WHERE tip_id = @id", new { id });
        var path = Path.Combine(factory.EvidenceFolder, key![..2], key);
        await MoveAsync(officer, id, "rejected");
        // A directory where the file should be: File.Delete fails on it, as on a read-only or broken disk.
        File.Delete(path);
        Directory.CreateDirectory(Path.Combine(path, "blocked"));
        var retention = ActivatorUtilities.CreateInstance<TipRetention>(factory.Services);
        factory.Clock.Advance(TimeSpan.FromDays(31));

        await retention.PurgeAsync(default);

        Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT COUNT(*) FROM tips WHERE id = @id", new { id }));
        Assert.Equal(1L, await factory.ScalarAsync<long>("SELECT COUNT(*) FROM tip_file_deletions WHERE storage_key = @key", new { key }));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/health/ready")).StatusCode);

        Directory.Delete(path, recursive: true);
        File.WriteAllBytes(path, [1, 2, 3]);
        await retention.PurgeAsync(default);
        Assert.False(File.Exists(path));
        Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT COUNT(*) FROM tip_file_deletions WHERE storage_key = @key", new { key }));
    }

    [Fact]
    public async Task Stray_files_and_uploads_abandoned_midway_are_swept_after_a_day()
    {
        var receipt = await SubmitAsync(factory);
        var started = await WithReceipt(factory, receipt).PostAsJsonAsync("/api/v1/tips/mine/uploads", new { name = "v.mp4", size = 200_000 });
        Assert.Equal(System.Net.HttpStatusCode.Created, started.StatusCode);
        var stray = Path.Combine(factory.EvidenceFolder, "ab", "ab" + new string('0', 30));
        Directory.CreateDirectory(Path.GetDirectoryName(stray)!);
        File.WriteAllBytes(stray, [1, 2, 3]);
        var officer = await OfficerAsync(factory);
        var (kept, keptId) = await SubmitWithIdAsync(factory, officer);
        await UploadAsync(factory, kept, Jpeg(1000), "kept.jpg");
        await MoveAsync(officer, keptId, "accepted"); // an open case: retention does not touch it
        var retention = ActivatorUtilities.CreateInstance<TipRetention>(factory.Services);

        // Files carry real times; move the service's clock past them by more than a day.
        factory.Clock.AdjustTime(DateTimeOffset.UtcNow + TimeSpan.FromDays(2));
        await retention.PurgeAsync(default);

        Assert.False(File.Exists(stray));
        Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT COUNT(*) FROM tip_attachments WHERE state = 'uploading'"));
        var mine = await WithReceipt(factory, kept).GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/tips/mine");
        Assert.Equal(1, mine.GetProperty("attachments").GetArrayLength());
    }

    private string[] EvidenceFiles() =>
        Directory.Exists(factory.EvidenceFolder) ? Directory.GetFiles(factory.EvidenceFolder, "*", SearchOption.AllDirectories) : [];

    [Fact]
    public async Task Admins_edit_the_calendar_and_deadlines_follow_it()
    {
        var admin = factory.ClientWith(await factory.SignInStaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword));
        var calendar = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/admin/work-calendar?year=2026");
        Assert.Contains(calendar.EnumerateArray(), d => d.GetProperty("day").GetString() == "2026-10-10" && d.GetProperty("isWorkday").GetBoolean());

        var response = await admin.PutAsJsonAsync("/api/v1/admin/work-calendar/2027-02-10", new { isWorkday = false, note = "春节" });
        Assert.Equal(System.Net.HttpStatusCode.NoContent, response.StatusCode);
        foreach (var day in new[] { "2027-13-40", "9999-12-31", "0001-01-01" })
        {
            var bad = await admin.PutAsJsonAsync($"/api/v1/admin/work-calendar/{day}", new { isWorkday = false });
            await ProblemAssert.IsProblemAsync(bad, System.Net.HttpStatusCode.BadRequest, "validation.failed");
        }

        await using var connection = await factory.Services.GetRequiredService<MySqlConnector.MySqlDataSource>().OpenConnectionAsync();
        var due = await WorkCalendar.AddWorkingDaysAsync(connection, null, new DateOnly(2027, 2, 9), 1, default);
        Assert.Equal(new DateOnly(2027, 2, 11), due);
    }

    [Fact]
    public async Task An_officers_calendar_change_is_in_the_staff_audit_and_every_admin_is_told_at_sign_in()
    {
        // Officers keep the calendar on the tip desk; since it moves every new deadline, each change is on record.
        var (watcherId, _) = await factory.CreateStaffAsync("admin");
        var watcher = await factory.ScalarAsync<string>("SELECT username FROM staff WHERE id = @watcherId", new { watcherId });
        await factory.StaffLoginAsync(watcher!, "staff-password-123");
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var (officerId, officerToken) = await factory.CreateStaffAsync("officer");
        var officer = factory.ClientWith(officerToken);
        Assert.Equal(System.Net.HttpStatusCode.NoContent,
            (await officer.PutAsJsonAsync("/api/v1/admin/work-calendar/2027-03-15", new { isWorkday = false, note = "临时闭馆" })).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await officer.DeleteAsync("/api/v1/admin/work-calendar/2027-03-15")).StatusCode);
        await ProblemAssert.IsProblemAsync(await officer.DeleteAsync("/api/v1/admin/work-calendar/2027-03-15"),
            System.Net.HttpStatusCode.NotFound, "calendar.not_found");
        factory.Clock.Advance(TimeSpan.FromMinutes(1));

        var admin = factory.ClientWith(await factory.SignInStaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword));
        var audit = (await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/admin/staff/audit?pageSize=50")).GetProperty("items")
            .EnumerateArray().Where(e => e.GetProperty("action").GetString() == "calendar_changed"
                && e.GetProperty("actor").GetProperty("id").GetInt64() == officerId).Select(e => e.GetProperty("detail").GetString()).ToList();
        Assert.Equal(["工作日历：2027-03-15 恢复按周一至周五计算", "工作日历：2027-03-15 设为休息日（临时闭馆）"], audit);
        var login = await (await factory.StaffLoginAsync(watcher!, "staff-password-123")).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal(2, login.GetProperty("notices").EnumerateArray().Count(n => n.GetProperty("action").GetString() == "calendar_changed"));
    }
}
