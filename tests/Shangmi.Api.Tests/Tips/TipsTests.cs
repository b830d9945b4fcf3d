using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using MySqlConnector;
using Shangmi.Api.Tests.Infrastructure;
using static Shangmi.Api.Tests.Tips.TipClient;

namespace Shangmi.Api.Tests.Tips;

public class TipsTests(TipsTests.Factory factory) : IClassFixture<TipsTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        public Factory()
        {
            Settings["Tips:MaxAttachmentBytes"] = "300000";
        }
    }

    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, .. new byte[200_000]];

    private async Task<HttpClient> OfficerAsync() => factory.ClientWith((await factory.CreateStaffAsync("officer")).Token);

    /// <summary>Every value of every table of this test database, as text and as hex, to search for secrets.</summary>
    private async Task<string> WholeDatabaseAsync()
    {
        await using var connection = new MySqlConnection(factory.ConnectionString);
        var tables = await connection.QueryAsync<string>(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()");
        var all = new StringBuilder();
        foreach (var table in tables)
        {
            foreach (IDictionary<string, object?> row in await connection.QueryAsync($"SELECT * FROM `{table}`"))
            {
                foreach (var value in row.Values)
                {
                    all.Append(value is byte[] bytes ? Encoding.UTF8.GetString(bytes) + Convert.ToHexString(bytes) : value).Append('\n');
                }
            }
        }

        return all.ToString();
    }

    [Fact]
    public async Task The_receipt_and_the_report_are_nowhere_in_the_database_in_plaintext()
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/api/v1/tips", Tip(identity: new { name = "王某", phone = "13987654321" }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receiptCode").GetString()!;
        Assert.Matches(@"^\d{4} \d{4} \d{4} \d{4}$", receipt);
        await UploadAsync(factory, receipt, Jpeg, "图纸照片-秘密.jpg");
        await WithReceipt(factory, receipt).PostAsJsonAsync("/api/v1/tips/mine/messages", new { text = "补充：涉事人姓名为张某某" });

        var database = await WholeDatabaseAsync();

        foreach (var secret in new[] { receipt, receipt.Replace(" ", ""), "ZX-7731", "远航精工", "13987654321", "王某", "张某某", "图纸照片" })
        {
            Assert.DoesNotContain(secret, database);
        }

        var evidence = Directory.GetFiles(factory.EvidenceFolder, "*", SearchOption.AllDirectories).Single();
        Assert.False(File.ReadAllBytes(evidence).AsSpan().IndexOf(Jpeg.AsSpan(0, 12)) >= 0, "evidence stored in plaintext");
    }

    [Fact]
    public async Task The_whistleblower_follows_the_case_and_talks_with_the_officer()
    {
        var receipt = await SubmitAsync(factory);
        var officer = await OfficerAsync();
        var id = await LatestTipIdAsync(officer);
        await officer.PostAsJsonAsync($"/api/v1/admin/tips/{id}/transition", new { to = "accepted", note = "内部：线索具体，可立案初查" });
        await officer.PostAsJsonAsync($"/api/v1/admin/tips/{id}/messages", new { text = "请补充图纸照片" });
        await WithReceipt(factory, receipt).PostAsJsonAsync("/api/v1/tips/mine/messages", new { text = "已上传" });
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(factory, receipt, Jpeg, "photo.jpg")).StatusCode);

        var raw = await WithReceipt(factory, receipt.Replace(" ", "")).GetStringAsync("/api/v1/tips/mine");
        var mine = JsonDocument.Parse(raw).RootElement;

        Assert.Equal("accepted", mine.GetProperty("status").GetString());
        Assert.Equal("已受理", mine.GetProperty("statusText").GetString());
        Assert.Equal(["submitted", "accepted"], mine.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("status").GetString()));
        Assert.Equal(["请补充图纸照片", "已上传"], mine.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()));
        Assert.Equal("photo.jpg", mine.GetProperty("attachments")[0].GetProperty("name").GetString());
        Assert.DoesNotContain("内部", raw);
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_returns_the_same_receipt_and_stores_one_tip()
    {
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> SendAsync()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tips") { Content = JsonContent.Create(Tip(description: $"重复提交测试 {key} 的详细描述内容。")) };
            request.Headers.Add("Idempotency-Key", key);
            return await factory.CreateClient().SendAsync(request);
        }

        var before = await factory.ScalarAsync<long>("SELECT COUNT(*) FROM tips");
        var first = await SendAsync();
        var retries = await Task.WhenAll(SendAsync(), SendAsync());

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var receipt = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receiptCode").GetString();
        foreach (var retry in retries)
        {
            Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
            Assert.Equal(receipt, (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receiptCode").GetString());
        }

        Assert.Equal(before + 1, await factory.ScalarAsync<long>("SELECT COUNT(*) FROM tips"));
    }

    [Fact]
    public async Task Editors_and_admins_without_the_officer_role_get_403_on_every_tip_route()
    {
        await SubmitAsync(factory);
        var id = await LatestTipIdAsync(await OfficerAsync());
        foreach (var roles in new[] { new[] { "editor" }, new[] { "admin" }, new[] { "admin", "editor" } })
        {
            var staff = factory.ClientWith((await factory.CreateStaffAsync(roles)).Token);
            foreach (var (method, url) in new[]
                     {
                         ("GET", "/api/v1/admin/tips"), ("GET", $"/api/v1/admin/tips/{id}"), ("POST", $"/api/v1/admin/tips/{id}/transition"),
                         ("POST", $"/api/v1/admin/tips/{id}/extend"), ("POST", $"/api/v1/admin/tips/{id}/messages"),
                         ("GET", $"/api/v1/admin/tips/{id}/attachments/1"), ("POST", $"/api/v1/admin/tips/{id}/identity"),
                         ("GET", $"/api/v1/admin/tips/{id}/audit"),
                     })
            {
                var request = new HttpRequestMessage(new HttpMethod(method), url)
                {
                    Content = method == "POST" ? JsonContent.Create(new { }) : null,
                };
                Assert.Equal((url, HttpStatusCode.Forbidden), (url, (await staff.SendAsync(request)).StatusCode));
            }
        }
    }

    [Fact]
    public async Task Every_officer_read_and_action_is_audited()
    {
        await SubmitAsync(factory, Tip(identity: new { name = "赵某", phone = "13700001111" }));
        var (officerId, token) = await factory.CreateStaffAsync("officer");
        var officer = factory.ClientWith(token);
        var id = await LatestTipIdAsync(officer);

        await officer.GetAsync($"/api/v1/admin/tips/{id}");
        await officer.GetAsync($"/api/v1/admin/tips/{id}");
        var noReason = await officer.PostAsJsonAsync($"/api/v1/admin/tips/{id}/identity", new { reason = "" });
        var identity = await officer.PostAsJsonAsync($"/api/v1/admin/tips/{id}/identity", new { reason = "需电话核实线索细节" });
        var audit = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/admin/tips/{id}/audit");

        await ProblemAssert.IsProblemAsync(noReason, HttpStatusCode.BadRequest, "validation.failed");
        Assert.Equal("13700001111", (await identity.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("phone").GetString());
        var mine = audit.EnumerateArray().Where(a => a.GetProperty("staffId").GetInt64() == officerId).ToList();
        Assert.Equal(["list", "read", "read", "reveal_identity", "audit_read"], mine.Select(a => a.GetProperty("action").GetString()));
        Assert.Equal("需电话核实线索细节", mine[3].GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Transitions_follow_the_graph_and_deadlines_are_set()
    {
        await SubmitAsync(factory, Tip(identity: new { name = "钱某", phone = "13600002222" }));
        var officer = await OfficerAsync();
        var id = await LatestTipIdAsync(officer);

        await ProblemAssert.IsProblemAsync(await officer.PostAsJsonAsync($"/api/v1/admin/tips/{id}/transition", new { to = "closed", note = "跳过受理" }),
            HttpStatusCode.Conflict, "tip.transition_invalid");
        await ProblemAssert.IsProblemAsync(await officer.PostAsJsonAsync($"/api/v1/admin/tips/{id}/transition", new { to = "accepted" }),
            HttpStatusCode.BadRequest, "validation.failed");
        var tip = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/admin/tips/{id}");
        var due = DateOnly.Parse(tip.GetProperty("decisionDueOn").GetString()!);
        Assert.True(due > DateOnly.FromDateTime(factory.Clock.GetUtcNow().DateTime).AddDays(20)); // 15 working days

        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/v1/admin/tips/{id}/extend", new { reason = "需权利人鉴定" })).StatusCode);
        await ProblemAssert.IsProblemAsync(await officer.PostAsJsonAsync($"/api/v1/admin/tips/{id}/extend", new { reason = "再次" }),
            HttpStatusCode.Conflict, "tip.already_extended");
        var accepted = await officer.PostAsJsonAsync($"/api/v1/admin/tips/{id}/transition", new { to = "accepted", note = "受理" });
        var after = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(DateOnly.Parse(after.GetProperty("decisionDueOn").GetString()!) > due);
        Assert.NotEqual(JsonValueKind.Null, after.GetProperty("notifyDueOn").ValueKind);
        await ProblemAssert.IsProblemAsync(await officer.PostAsJsonAsync($"/api/v1/admin/tips/{id}/transition", new { to = "rejected", note = "改判" }),
            HttpStatusCode.Conflict, "tip.transition_invalid");
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/v1/admin/tips/{id}/transition", new { to = "investigating", note = "调查" })).StatusCode);
    }

    [Fact]
    public async Task A_real_name_reporter_not_told_the_decision_in_time_makes_the_tip_overdue_until_recorded()
    {
        await SubmitAsync(factory, Tip(identity: new { name = "孙某", phone = "13500003333" }));
        var id = await LatestTipIdAsync(await OfficerAsync());
        var officer = await OfficerAsync();
        await officer.PostAsJsonAsync($"/api/v1/admin/tips/{id}/transition", new { to = "accepted", note = "受理" });
        await ProblemAssert.IsProblemAsync(await officer.PostAsJsonAsync($"/api/v1/admin/tips/{id}/notified", new { reason = "" }),
            HttpStatusCode.BadRequest, "validation.failed");

        factory.Clock.Advance(TimeSpan.FromDays(10));
        officer = await OfficerAsync();
        Assert.True((await officer.GetFromJsonAsync<JsonElement>($"/api/v1/admin/tips/{id}")).GetProperty("overdue").GetBoolean());

        var notified = await officer.PostAsJsonAsync($"/api/v1/admin/tips/{id}/notified", new { reason = "电话告知已受理" });
        Assert.Equal(HttpStatusCode.OK, notified.StatusCode);
        Assert.False((await notified.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("overdue").GetBoolean());
        await ProblemAssert.IsProblemAsync(await officer.PostAsJsonAsync($"/api/v1/admin/tips/{id}/notified", new { reason = "再次" }),
            HttpStatusCode.Conflict, "tip.notify_not_due");
    }

    [Fact]
    public async Task A_tip_past_its_decision_date_is_overdue()
    {
        await SubmitAsync(factory);
        var id = await LatestTipIdAsync(await OfficerAsync());
        factory.Clock.Advance(TimeSpan.FromDays(40));
        var officer = await OfficerAsync();

        var overdue = await officer.GetFromJsonAsync<JsonElement>("/api/v1/admin/tips?overdue=true&pageSize=50");

        Assert.Contains(id, overdue.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetInt64()));
        Assert.All(overdue.GetProperty("items").EnumerateArray(), t => Assert.True(t.GetProperty("overdue").GetBoolean()));
    }

    [Fact]
    public async Task Evidence_is_checked_by_content_and_a_tampered_file_fails_to_download_clearly()
    {
        var receipt = await SubmitAsync(factory);
        var exe = (byte[])[0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00, .. new byte[500]];
        var refused = await UploadAsync(factory, receipt, exe, "现场照片.jpg");
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.BadRequest, "validation.failed");
        await ProblemAssert.IsProblemAsync(await UploadAsync(factory, receipt, [.. Jpeg, .. new byte[200_000]], "big.jpg"),
            HttpStatusCode.RequestEntityTooLarge, "tip.attachment_too_large");

        var pdf = "%PDF-1.7 证据"u8.ToArray().Concat(Enumerable.Range(0, 150_000).Select(i => (byte)i)).ToArray();
        var uploaded = await UploadAsync(factory, receipt, pdf, "合同.pdf");
        var attachmentId = (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var officer = await OfficerAsync();
        var id = await LatestTipIdAsync(officer);

        var download = await officer.GetAsync($"/api/v1/admin/tips/{id}/attachments/{attachmentId}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());

        var storageKey = await factory.ScalarAsync<string>("SELECT storage_key FROM tip_attachments WHERE id = @attachmentId", new { attachmentId });
        var path = Directory.GetFiles(factory.EvidenceFolder, storageKey!, SearchOption.AllDirectories).Single();
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[70_000] ^= 0x01; // one bit in the second chunk
        await File.WriteAllBytesAsync(path, bytes);

        var tampered = await officer.GetAsync($"/api/v1/admin/tips/{id}/attachments/{attachmentId}");
        await ProblemAssert.IsProblemAsync(tampered, HttpStatusCode.InternalServerError, "tip.attachment_tampered");
    }

    [Fact]
    public async Task Submitting_ignores_a_token_and_logs_no_address_receipt_or_content()
    {
        var earlier = factory.Logs.Lines.Count;
        var client = factory.ClientWith("not.a.valid.token");
        var response = await client.PostAsJsonAsync("/api/v1/tips", Tip(description: "日志检查用的线索描述：秘密配方编号 QX-5520 被带走。"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receiptCode").GetString()!;
        await WithReceipt(factory, receipt).GetAsync("/api/v1/tips/mine");
        await WithReceipt(factory, "9999 9999 9999 9999").GetAsync("/api/v1/tips/mine");

        var logs = string.Join('\n', factory.Logs.Lines.Skip(earlier));
        Assert.Contains("/api/v1/tips", logs);
        foreach (var secret in new[] { receipt, receipt.Replace(" ", ""), "QX-5520", "127.0.0.1", "::1" })
        {
            Assert.DoesNotContain(secret, logs);
        }
    }

    [Fact]
    public async Task A_broken_multipart_upload_is_a_400_not_a_500()
    {
        var receipt = await SubmitAsync(factory);
        var content = new StringContent("--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n\r\n\u00ff\u00d8",
            Encoding.Latin1);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=xyz");

        var response = await WithReceipt(factory, receipt).PostAsync("/api/v1/tips/mine/attachments", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Bad_tips_are_field_errors()
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/api/v1/tips",
            new { categoryCode = "nope", targetName = "", description = "太短", truthful = false, identity = new { name = "", phone = "1" } });

        var errors = (await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation.failed")).GetProperty("errors");
        foreach (var field in new[] { "categoryCode", "targetName", "description", "truthful", "identity.name", "identity.phone" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }

        Assert.Equal(6, (await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/tip-categories")).GetArrayLength());
    }
}
