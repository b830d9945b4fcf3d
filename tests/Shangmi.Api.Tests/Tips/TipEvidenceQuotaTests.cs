using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Infrastructure;
using static Shangmi.Api.Tests.Tips.TipClient;

namespace Shangmi.Api.Tests.Tips;

/// <summary>Disk filling through evidence, tried as an attacker would: racing uploads, big files, many tips, spam.</summary>
public class TipEvidenceQuotaTests(TipEvidenceQuotaTests.Factory factory) : IClassFixture<TipEvidenceQuotaTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        public Factory()
        {
            Settings["Tips:MaxAttachmentBytes"] = "300000";
            Settings["Tips:MaxAttachmentsPerTip"] = "3";
            Settings["Tips:MaxEvidenceBytesPerTip"] = "700000";
            Settings["Tips:EvidenceBytesPerHour"] = "4000000";
        }
    }

    [Fact]
    public async Task Racing_uploads_never_take_a_tip_past_its_file_count()
    {
        var receipt = await SubmitAsync(factory);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => UploadAsync(factory, receipt, Jpeg(1000), "p.jpg")));

        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
        {
            await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Conflict, "tip.attachments_full");
        }

        var mine = await WithReceipt(factory, receipt).GetFromJsonAsync<JsonElement>("/api/v1/tips/mine");
        Assert.Equal(3, mine.GetProperty("attachments").GetArrayLength());
    }

    [Fact]
    public async Task A_tip_byte_quota_counts_what_is_stored_and_refuses_the_upload_that_would_pass_it()
    {
        var receipt = await SubmitAsync(factory);
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(factory, receipt, Jpeg(280_000), "a.jpg")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(factory, receipt, Jpeg(280_000), "b.jpg")).StatusCode);

        // 560 KB stored; this request may carry up to its length, which would pass 700 KB.
        await ProblemAssert.IsProblemAsync(await UploadAsync(factory, receipt, Jpeg(200_000), "c.jpg"), HttpStatusCode.Conflict,
            "tip.evidence_quota");
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(factory, receipt, Jpeg(100_000), "d.jpg")).StatusCode);
    }

    [Fact]
    public async Task Past_the_hourly_budget_uploads_answer_503_tips_busy_with_the_time_left_and_resume_later()
    {
        // Tips of its own class would share the budget with the other tests, so use the clock: the budget is per hour.
        factory.Clock.Advance(TimeSpan.FromHours(2));
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 8; i++)
        {
            var receipt = await SubmitAsync(factory);
            answers.Add(await UploadAsync(factory, receipt, Jpeg(280_000), "x.jpg"));
            answers.Add(await UploadAsync(factory, receipt, Jpeg(280_000), "y.jpg"));
        }

        var busy = answers.First(a => a.StatusCode == HttpStatusCode.ServiceUnavailable);
        await ProblemAssert.IsProblemAsync(busy, HttpStatusCode.ServiceUnavailable, "tips.busy");
        var wait = int.Parse(busy.Headers.GetValues("Retry-After").Single());
        Assert.InRange(wait, 1, 3600);
        Assert.InRange(answers.Count(a => a.StatusCode == HttpStatusCode.Created), 13, 14); // 4 MB / ~280 KB each

        factory.Clock.Advance(TimeSpan.FromSeconds(wait + 1));
        var later = await SubmitAsync(factory);
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(factory, later, Jpeg(1000), "z.jpg")).StatusCode);
    }

    [Fact]
    public async Task An_officer_discards_spam_with_a_reason_and_its_evidence_is_deleted_at_once_and_audited()
    {
        var officer = await OfficerAsync(factory);
        var (receipt, id) = await SubmitWithIdAsync(factory, officer);
        await UploadAsync(factory, receipt, Jpeg(50_000), "spam.jpg");
        var before = Directory.GetFiles(factory.EvidenceFolder, "*", SearchOption.AllDirectories).Length;

        await ProblemAssert.IsProblemAsync(await officer.PostAsJsonAsync($"/api/v1/admin/tips/{id}/discard", new { reason = " " }),
            HttpStatusCode.BadRequest, "validation.failed");
        var discarded = await officer.PostAsJsonAsync($"/api/v1/admin/tips/{id}/discard", new { reason = "广告信息，与商业秘密无关" });

        Assert.Equal(HttpStatusCode.OK, discarded.StatusCode);
        var tip = await discarded.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("discarded", tip.GetProperty("status").GetString());
        Assert.Equal(0, tip.GetProperty("attachments").GetArrayLength());
        Assert.Equal(before - 1, Directory.GetFiles(factory.EvidenceFolder, "*", SearchOption.AllDirectories).Length);
        var audit = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/admin/tips/{id}/audit");
        Assert.Contains(audit.EnumerateArray(), a => a.GetProperty("action").GetString() == "discard"
                                                     && a.GetProperty("detail").GetString()!.Contains("广告信息"));
        await ProblemAssert.IsProblemAsync(await officer.PostAsJsonAsync($"/api/v1/admin/tips/{id}/discard", new { reason = "再次" }),
            HttpStatusCode.Conflict, "tip.transition_invalid");
        var mine = await WithReceipt(factory, receipt).GetFromJsonAsync<JsonElement>("/api/v1/tips/mine");
        Assert.Equal("discarded", mine.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_finished_tip_takes_no_more_messages_or_evidence_but_can_still_be_read()
    {
        var officer = await OfficerAsync(factory);
        var (receipt, id) = await SubmitWithIdAsync(factory, officer);
        await MoveAsync(officer, id, "accepted", "transferred");
        var reporter = WithReceipt(factory, receipt);

        await ProblemAssert.IsProblemAsync(await reporter.PostAsJsonAsync("/api/v1/tips/mine/messages", new { text = "还有补充" }),
            HttpStatusCode.Conflict, "tip.final");
        await ProblemAssert.IsProblemAsync(await UploadAsync(factory, receipt, Jpeg(1000), "late.jpg"), HttpStatusCode.Conflict, "tip.final");
        await ProblemAssert.IsProblemAsync(await reporter.PostAsJsonAsync("/api/v1/tips/mine/uploads", new { name = "v.mp4", size = 1000 }),
            HttpStatusCode.Conflict, "tip.final");
        var mine = await reporter.GetFromJsonAsync<JsonElement>("/api/v1/tips/mine");
        Assert.Equal("transferred", mine.GetProperty("status").GetString());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Evidence_files_are_readable_by_the_service_user_only()
    {
        var receipt = await SubmitAsync(factory);
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(factory, receipt, Jpeg(1000), "p.jpg")).StatusCode);

        var owner = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(owner | UnixFileMode.UserExecute, File.GetUnixFileMode(factory.EvidenceFolder));
        foreach (var file in Directory.GetFiles(factory.EvidenceFolder, "*", SearchOption.AllDirectories))
        {
            Assert.Equal(owner, File.GetUnixFileMode(file));
            Assert.Equal(owner | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(file)!));
        }
    }
}

/// <summary>The per-address limit on starting uploads, in a factory of its own so no other test spends its budget.</summary>
public class TipUploadRateLimitTests(TipUploadRateLimitTests.Factory factory) : IClassFixture<TipUploadRateLimitTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        public Factory() => Settings["RateLimits:TipUpload:PermitLimit"] = "3";
    }

    [Fact]
    public async Task One_address_can_start_only_so_many_uploads_per_window()
    {
        var receipt = await SubmitAsync(factory);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await UploadAsync(factory, receipt, Jpeg(1000), "p.jpg")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Created,
            (await WithReceipt(factory, receipt).PostAsJsonAsync("/api/v1/tips/mine/uploads", new { name = "v.mp4", size = 5000 })).StatusCode);
        var refused = await UploadAsync(factory, receipt, Jpeg(1000), "p.jpg");
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(refused.Headers.Contains("Retry-After"));
    }
}
