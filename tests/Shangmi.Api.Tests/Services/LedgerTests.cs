using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MiniExcelLibs;
using Shangmi.Api.Tests.Events;
using Shangmi.Api.Tests.Infrastructure;
using static Shangmi.Api.Tests.Enterprises.EnterpriseClient;
using static Shangmi.Api.Tests.Services.ServiceClient;

namespace Shangmi.Api.Tests.Services;

/// <summary>The staff side: district scope, roles, transitions, attachments at rest, the export.</summary>
public class LedgerTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private DateTimeOffset Now => factory.Clock.GetUtcNow();

    [Fact]
    public async Task A_district_account_lists_reads_and_acts_only_within_its_district_and_gets_404_outside()
    {
        var nankaiMember = await MemberAsync(factory, "南开区");
        var id = await SubmitAsync(factory, nankaiMember, Visit(Now));
        var hexi = await ServiceAsync(factory, "河西区");
        var nankai = await ServiceAsync(factory, "南开区");

        Assert.DoesNotContain((await hexi.GetFromJsonAsync<JsonElement>("/api/v1/admin/service-requests")).GetProperty("items").EnumerateArray(),
            l => l.GetProperty("id").GetInt64() == id);
        await ProblemAssert.IsProblemAsync(await hexi.GetAsync($"/api/v1/admin/service-requests/{id}"), HttpStatusCode.NotFound, "service_request.not_found");
        foreach (var (action, body) in new (string, object)[]
                 {
                     ("take", new { }), ("accept", new { }), ("notes", new { text = "备注" }), ("messages", new { text = "留言" }),
                     ("reject", new { text = "理由" }), ("resolve", new { text = "结果" }),
                     ("transfer", new { to = "police", reason = "涉嫌犯罪", reference = "津公移〔2026〕1号" }),
                     ("visit", new { at = Now.AddDays(2), place = "企业", staff = "韩松" }),
                 })
        {
            await ProblemAssert.IsProblemAsync(await hexi.PostAsJsonAsync($"/api/v1/admin/service-requests/{id}/{action}", body),
                HttpStatusCode.NotFound, "service_request.not_found");
        }

        var rates = await hexi.GetFromJsonAsync<JsonElement>("/api/v1/admin/service-requests/rates");
        Assert.Equal(0, rates.GetProperty("overall").GetProperty("requests").GetInt64());
        Assert.Equal("submitted", (await nankai.GetFromJsonAsync<JsonElement>($"/api/v1/admin/service-requests/{id}"))
            .GetProperty("summary").GetProperty("status").GetString());
        await ActAsync(nankai, id, "accept");
        // A Nankai account cannot hand the request to a Hexi account.
        var (hexiStaffId, _) = await factory.CreateStaffAsync("service");
        var admin = factory.ClientWith(await factory.SignInStaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword));
        await admin.PutAsJsonAsync($"/api/v1/admin/staff/{hexiStaffId}/district", new { districtId = await DistrictAsync(factory, "河西区") });
        await ProblemAssert.IsProblemAsync(await nankai.PostAsJsonAsync($"/api/v1/admin/service-requests/{id}/assign", new { staffId = hexiStaffId }),
            HttpStatusCode.BadRequest, "validation.failed");
    }

    [Fact]
    public async Task The_assignees_of_a_request_are_its_districts_own_and_the_city_wide_service_accounts_and_no_other_district_is_offered()
    {
        var admin = factory.ClientWith(await factory.SignInStaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword));
        async Task<long> AccountAsync(string? district, params string[] roles)
        {
            var (id, _) = await factory.CreateStaffAsync(roles);
            if (district is not null)
            {
                (await admin.PutAsJsonAsync($"/api/v1/admin/staff/{id}/district", new { districtId = await DistrictAsync(factory, district) }))
                    .EnsureSuccessStatusCode();
            }

            return id;
        }

        var (city, heping, nankai, editor, disabled) = (await AccountAsync(null, "service"), await AccountAsync("和平区", "service"),
            await AccountAsync("南开区", "service"), await AccountAsync("和平区", "editor"), await AccountAsync("和平区", "service"));
        (await admin.PostAsync($"/api/v1/admin/staff/{disabled}/disable", null)).EnsureSuccessStatusCode();
        var hepingRequest = await SubmitAsync(factory, await MemberAsync(factory, "和平区"), Consultation());
        var nankaiRequest = await SubmitAsync(factory, await MemberAsync(factory, "南开区", "南开某某有限公司"), Consultation());
        var hepingStaff = await ServiceAsync(factory, "和平区");

        async Task<List<long>> IdsAsync(HttpClient staff, string path) =>
            (await staff.GetFromJsonAsync<JsonElement>($"/api/v1/admin/service-requests/{path}")).EnumerateArray()
            .Select(a => a.GetProperty("id").GetInt64()).ToList();
        var offered = await IdsAsync(hepingStaff, $"{hepingRequest}/assignees");
        var receivers = (await hepingStaff.GetFromJsonAsync<JsonElement>(
                $"/api/v1/admin/service-routes/{await DistrictAsync(factory, "和平区")}/candidates")).EnumerateArray()
            .Select(a => a.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(offered, receivers);
        foreach (var ids in new[] { offered, await IdsAsync(hepingStaff, "assignees") })
        {
            Assert.Contains(city, ids);
            Assert.Contains(heping, ids);
            Assert.DoesNotContain(nankai, ids);
            Assert.DoesNotContain(editor, ids);
            Assert.DoesNotContain(disabled, ids);
        }

        // The district's own come first, and everyone offered is accepted by 转派.
        Assert.True(offered.IndexOf(heping) < offered.IndexOf(city));
        await ActAsync(hepingStaff, hepingRequest, "assign", new { staffId = city });
        await ProblemAssert.IsProblemAsync(await hepingStaff.GetAsync($"/api/v1/admin/service-requests/{nankaiRequest}/assignees"),
            HttpStatusCode.NotFound, "service_request.not_found");
        await ProblemAssert.IsProblemAsync(
            await hepingStaff.GetAsync($"/api/v1/admin/service-routes/{await DistrictAsync(factory, "南开区")}/candidates"),
            HttpStatusCode.NotFound, "reference.not_found");
        var cityStaff = await ServiceAsync(factory);
        await ProblemAssert.IsProblemAsync(await cityStaff.GetAsync("/api/v1/admin/service-routes/999999/candidates"),
            HttpStatusCode.NotFound, "reference.not_found");
        var cityWide = await IdsAsync(cityStaff, "assignees");
        Assert.Contains(nankai, cityWide);
        Assert.Contains(heping, cityWide);
        Assert.DoesNotContain(disabled, cityWide);
        Assert.DoesNotContain(editor, cityWide);
        Assert.DoesNotContain(heping, await IdsAsync(cityStaff, $"{nankaiRequest}/assignees"));
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.ClientWith((await factory.CreateStaffAsync("editor")).Token)
            .GetAsync("/api/v1/admin/service-requests/assignees")).StatusCode);
    }

    [Fact]
    public async Task Only_service_accounts_reach_the_ledger_and_only_editors_manage_documents()
    {
        var member = await MemberAsync(factory);
        var id = await SubmitAsync(factory, member, Consultation());
        var routes = new[]
        {
            "/api/v1/admin/service-requests", $"/api/v1/admin/service-requests/{id}", "/api/v1/admin/service-requests/rates",
            "/api/v1/admin/service-requests/export", "/api/v1/admin/service-routes",
        };
        foreach (var role in new[] { "editor", "officer", "admin" })
        {
            var staff = factory.ClientWith((await factory.CreateStaffAsync(role)).Token);
            foreach (var route in routes)
            {
                Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync(route)).StatusCode);
            }

            Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostAsJsonAsync($"/api/v1/admin/service-requests/{id}/accept", new { })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostAsJsonAsync("/api/v1/admin/bases", new { })).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await factory.ClientWith(member.Token).GetAsync(routes[0])).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync(routes[0])).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().PostAsJsonAsync("/api/v1/me/service-requests", Consultation())).StatusCode);
        var service = await ServiceAsync(factory);
        foreach (var route in routes)
        {
            Assert.Equal(HttpStatusCode.OK, (await service.GetAsync(route)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await service.PostAsJsonAsync("/api/v1/admin/guidance-documents", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await (await factory.EditorAsync()).PostAsJsonAsync("/api/v1/admin/guidance-documents", new { })).StatusCode);
    }

    [Fact]
    public async Task A_transition_the_state_does_not_allow_is_409_with_the_allowed_actions()
    {
        var member = await MemberAsync(factory);
        var id = await SubmitAsync(factory, member, Consultation());
        var staff = await ServiceAsync(factory);

        var early = await staff.PostAsJsonAsync($"/api/v1/admin/service-requests/{id}/resolve", new { text = "结果" });
        var problem = await ProblemAssert.IsProblemAsync(early, HttpStatusCode.Conflict, "service_request.action_not_allowed");
        Assert.Equal(["take", "assign", "note", "message", "accept", "reject", "transfer"],
            problem.GetProperty("allowed").EnumerateArray().Select(a => a.GetString()));
        // Linking to a lead is only for 维权诉求.
        var officer = factory.ClientWith((await factory.CreateStaffAsync("service", "officer")).Token);
        await ProblemAssert.IsProblemAsync(await officer.PostAsJsonAsync($"/api/v1/admin/service-requests/{id}/link-tip", new { tipId = 1 }),
            HttpStatusCode.Conflict, "service_request.action_not_allowed");

        await ActAsync(staff, id, "transfer", new { to = "court", reason = "企业已起诉", reference = "（2026）津01民初1号" });
        var again = await staff.PostAsJsonAsync($"/api/v1/admin/service-requests/{id}/accept", new { });
        var final = await ProblemAssert.IsProblemAsync(again, HttpStatusCode.Conflict, "service_request.action_not_allowed");
        Assert.Equal(["note"], final.GetProperty("allowed").EnumerateArray().Select(a => a.GetString()));
        var mine = await MineAsync(factory, member, id);
        Assert.Equal("已移送有关部门", mine.GetProperty("statusText").GetString());
        Assert.Contains("法院", mine.GetRawText());

        // Bad bodies are 400 before any state is looked at, an undefined target too (a number, or a name not in the list).
        await ProblemAssert.IsProblemAsync(await staff.PostAsJsonAsync($"/api/v1/admin/service-requests/{id}/transfer",
            new { to = 7, reason = "x", reference = "y" }), HttpStatusCode.BadRequest, "request.json_invalid");
        foreach (var to in new[] { "fbi", "7", "Court2" })
        {
            var bad = await staff.PostAsJsonAsync($"/api/v1/admin/service-requests/{id}/transfer", new { to, reason = "x", reference = "y" });
            var errors = (await ProblemAssert.IsProblemAsync(bad, HttpStatusCode.BadRequest, "validation.failed")).GetProperty("errors");
            Assert.True(errors.TryGetProperty("to", out _), bad.ToString());
        }

        await ProblemAssert.IsProblemAsync(await staff.PostAsJsonAsync($"/api/v1/admin/service-requests/{id}/transfer", new { to = "court" }),
            HttpStatusCode.BadRequest, "validation.failed");
        await ProblemAssert.IsProblemAsync(await staff.PostAsJsonAsync($"/api/v1/admin/service-requests/{id}/visit",
            new { at = Now.AddDays(-1), place = "企业", staff = "韩松" }), HttpStatusCode.BadRequest, "validation.failed");
        await ProblemAssert.IsProblemAsync(await staff.PostAsJsonAsync("/api/v1/admin/service-requests/999999/accept", new { }),
            HttpStatusCode.NotFound, "service_request.not_found");
    }

    [Fact]
    public async Task A_rights_request_is_linked_to_an_existing_lead_for_the_case_officers()
    {
        var member = await MemberAsync(factory);
        var id = await SubmitAsync(factory, member, new { kind = "rights", subject = "维权：前员工带走配方", description = "前研发主管离职后在竞争企业使用我司配方。" });
        var serviceOnly = await ServiceAsync(factory);
        var staff = factory.ClientWith((await factory.CreateStaffAsync("service", "officer")).Token);
        var tip = await factory.CreateClient().PostAsJsonAsync("/api/v1/tips", new
        {
            categoryCode = "breach_of_duty", targetName = "某竞争企业", description = "前员工违反保密义务使用配方，附有生产记录。", truthful = true,
        });
        Assert.Equal(HttpStatusCode.Created, tip.StatusCode);
        var tipId = await factory.ScalarAsync<long>("SELECT MAX(id) FROM tips");

        // A service account that may not read tips cannot probe which tip numbers exist.
        await ProblemAssert.IsProblemAsync(await serviceOnly.PostAsJsonAsync($"/api/v1/admin/service-requests/{id}/link-tip", new { tipId }),
            HttpStatusCode.Forbidden, "auth.forbidden");
        await ProblemAssert.IsProblemAsync(await staff.PostAsJsonAsync($"/api/v1/admin/service-requests/{id}/link-tip", new { tipId = 999_999 }),
            HttpStatusCode.BadRequest, "validation.failed");
        var linked = await ActAsync(staff, id, "link-tip", new { tipId });

        Assert.Equal(tipId, linked.GetProperty("summary").GetProperty("tipId").GetInt64());
        Assert.DoesNotContain("关联线索", (await MineAsync(factory, member, id)).GetRawText());
        // The case officers see the enterprise's request in the tip, without its contact.
        var officerTip = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/admin/tips/{tipId}");
        var shown = Assert.Single(officerTip.GetProperty("serviceRequests").EnumerateArray());
        Assert.Equal(id, shown.GetProperty("id").GetInt64());
        Assert.Equal("维权：前员工带走配方", shown.GetProperty("subject").GetString());
        Assert.DoesNotContain("13812345678", officerTip.GetRawText());
    }

    [Fact]
    public async Task Attachments_are_sealed_at_rest_with_no_plaintext_on_disk_or_in_the_database_and_open_for_the_member_and_staff()
    {
        var member = await MemberAsync(factory);
        var id = await SubmitAsync(factory, member, Consultation());
        var marker = "CONFIDENTIAL-FORMULA-7731-" + Guid.NewGuid().ToString("N");
        var pdf = Encoding.ASCII.GetBytes($"%PDF-1.4\n1 0 obj<< /Note ({marker}) >>endobj\ntrailer<<>>\n%%EOF\n");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", $"配方说明-{marker}.pdf");

        var upload = await factory.ClientWith(member.Token).PostAsync($"/api/v1/me/service-requests/{id}/attachments", form);

        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var attachmentId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var files = Directory.EnumerateFiles(factory.ProofFolder, "*", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(files);
        Assert.All(files, path => Assert.DoesNotContain(marker, Encoding.Latin1.GetString(File.ReadAllBytes(path))));
        Assert.DoesNotContain(Directory.EnumerateFiles(factory.FilesFolder, "*", SearchOption.AllDirectories), f => f.Contains(marker));
        Assert.Equal(0L, await factory.ScalarAsync<long>(
            "SELECT COUNT(*) FROM service_request_attachments WHERE name_sealed LIKE @like OR file_key LIKE @like", new { like = $"%{marker}%" }));

        var mine = await factory.ClientWith(member.Token).GetAsync($"/api/v1/me/service-requests/{id}/attachments/{attachmentId}");
        Assert.Equal(pdf, await mine.Content.ReadAsByteArrayAsync());
        var staff = await ServiceAsync(factory);
        var read = await staff.GetAsync($"/api/v1/admin/service-requests/{id}/attachments/{attachmentId}");
        Assert.Equal(pdf, await read.Content.ReadAsByteArrayAsync());
        var detail = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/admin/service-requests/{id}");
        Assert.Contains(marker, detail.GetProperty("attachments")[0].GetProperty("name").GetString());
        Assert.Contains(detail.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("text").GetString() == $"下载附件 {attachmentId}");

        // Another member cannot read it; a non-document is refused by its content.
        var other = await MemberAsync(factory, name: "天津别家有限公司");
        await ProblemAssert.IsProblemAsync(await factory.ClientWith(other.Token).GetAsync($"/api/v1/me/service-requests/{id}/attachments/{attachmentId}"),
            HttpStatusCode.NotFound, "service_request.attachment_not_found");
        using var script = new MultipartFormDataContent { { new ByteArrayContent("#!/bin/sh\nrm -rf /\n"u8.ToArray()), "file", "a.pdf" } };
        await ProblemAssert.IsProblemAsync(await factory.ClientWith(member.Token).PostAsync($"/api/v1/me/service-requests/{id}/attachments", script),
            HttpStatusCode.BadRequest, "validation.failed");
    }

    [Fact]
    public async Task A_large_attachment_never_reaches_the_disk_in_clear_while_it_streams_in()
    {
        var member = await MemberAsync(factory);
        var id = await SubmitAsync(factory, member, Consultation());
        var marker = "TRADE-SECRET-DRAWING-" + Guid.NewGuid().ToString("N");
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n" + string.Concat(Enumerable.Repeat(marker + "\n", 12_000)) + "%%EOF\n"); // ~650 KB
        var boundary = "----shangmi" + Guid.NewGuid().ToString("N");
        var head = Encoding.UTF8.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"drawing.pdf\"\r\n"
                                          + "Content-Type: application/pdf\r\n\r\n");
        var tail = Encoding.UTF8.GetBytes($"\r\n--{boundary}--\r\n");
        var gate = new TaskCompletionSource();
        var content = new PausingContent([.. head, .. pdf.AsSpan(0, 400_000)], [.. pdf.AsSpan(400_000), .. tail], gate.Task);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        var client = factory.StreamingClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", member.Token);

        var upload = client.PostAsync($"/api/v1/me/service-requests/{id}/attachments", content);
        // Half the file is in the server's hands: framework form binding would have spooled it to ASPNETCORE_*.tmp by now.
        var clear = new List<string>();
        for (var i = 0; i < 20 && clear.Count == 0; i++)
        {
            await Task.Delay(50); // real bytes on a real socket, not a clock
            clear.AddRange(Directory.EnumerateFiles(Path.GetTempPath(), "ASPNETCORE_*").Where(f =>
            {
                try { return Encoding.Latin1.GetString(File.ReadAllBytes(f)).Contains(marker, StringComparison.Ordinal); }
                catch (IOException) { return false; }
            }));
        }

        gate.SetResult();
        var response = await upload;

        Assert.Empty(clear);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var attachmentId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.All(Directory.EnumerateFiles(factory.ProofFolder, "*", SearchOption.AllDirectories),
            path => Assert.DoesNotContain(marker, Encoding.Latin1.GetString(File.ReadAllBytes(path))));
        var back = await factory.ClientWith(member.Token).GetAsync($"/api/v1/me/service-requests/{id}/attachments/{attachmentId}");
        Assert.Equal(pdf, await back.Content.ReadAsByteArrayAsync());
    }

    /// <summary>A body sent in two parts, the second only once <paramref name="gate"/> opens.</summary>
    private sealed class PausingContent(byte[] first, byte[] rest, Task gate) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(first);
            await stream.FlushAsync();
            await gate;
            await stream.WriteAsync(rest);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = first.Length + rest.Length;
            return true;
        }
    }

    [Fact]
    public async Task The_export_follows_the_filters_is_an_xlsx_and_is_recorded()
    {
        var member = await MemberAsync(factory, "蓟州区", "天津蓟州导出测试有限公司");
        var id = await SubmitAsync(factory, member, Visit(Now, "=HYPERLINK(\"http://x\")"));
        var staff = await ServiceAsync(factory);

        var response = await staff.GetAsync($"/api/v1/admin/service-requests/export?districtId={await DistrictAsync(factory, "蓟州区")}&kind=visit");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = (await response.Content.ReadAsStreamAsync()).Query(useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        var row = Assert.Single(rows);
        Assert.Equal("天津蓟州导出测试有限公司", row["企业"]);
        Assert.StartsWith("'=", (string)row["主题"]);
        Assert.Equal("上门指导", row["类型"]);
        Assert.Equal(1L, await factory.ScalarAsync<long>(
            "SELECT COUNT(*) FROM enterprise_log WHERE action = 'exported' AND new_value LIKE '诉求台账 1 条%'"));
        _ = id;
        await ProblemAssert.IsProblemAsync(await staff.GetAsync("/api/v1/admin/service-requests/export?from=2026-06-10&to=2026-06-01"),
            HttpStatusCode.BadRequest, "validation.failed");
        await ProblemAssert.IsProblemAsync(await staff.GetAsync("/api/v1/admin/service-requests?kind=lunch"), HttpStatusCode.BadRequest, "validation.failed");
    }

    [Fact]
    public async Task The_waiting_filter_finds_the_requests_nobody_has_taken_and_the_export_and_rates_follow_it()
    {
        var member = await MemberAsync(factory, "宁河区", "天津宁河待分派测试有限公司");
        var waiting = await SubmitAsync(factory, member, Visit(Now, "待分派的诉求"));
        var taken = await SubmitAsync(factory, member, Visit(Now, "已领办的诉求"));
        var staff = await ServiceAsync(factory, "宁河区");
        var take = await staff.PostAsJsonAsync($"/api/v1/admin/service-requests/{taken}/take", new { });
        Assert.True(take.IsSuccessStatusCode, await take.Content.ReadAsStringAsync());
        var ledger = "/api/v1/admin/service-requests";

        async Task<long[]> IdsAsync(string filter) =>
            (await staff.GetFromJsonAsync<JsonElement>($"{ledger}?{filter}")).GetProperty("items").EnumerateArray()
            .Select(item => item.GetProperty("id").GetInt64()).Order().ToArray();

        Assert.Equal([waiting, taken], await IdsAsync(""));
        Assert.Equal([waiting], await IdsAsync("unassigned=true"));
        Assert.Equal([taken], await IdsAsync("unassigned=false"));
        Assert.Equal([waiting], await IdsAsync("unassigned=true&status=submitted&kind=visit"));
        var rates = await staff.GetFromJsonAsync<JsonElement>($"{ledger}/rates?unassigned=true");
        Assert.Equal(1, rates.GetProperty("overall").GetProperty("requests").GetInt64());
        var export = await staff.GetAsync($"{ledger}/export?unassigned=true");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var row = Assert.Single((await export.Content.ReadAsStreamAsync()).Query(useHeaderRow: true).Cast<IDictionary<string, object>>());
        Assert.Equal("待分派的诉求", row["主题"]);

        // Waiting for someone and someone's at once select nothing by construction: say so rather than answer empty.
        var mine = await staff.GetFromJsonAsync<JsonElement>($"{ledger}/{taken}");
        var both = await staff.GetAsync($"{ledger}?unassigned=true&assigneeId={mine.GetProperty("summary").GetProperty("assigneeId").GetInt64()}");
        await ProblemAssert.IsProblemAsync(both, HttpStatusCode.BadRequest, "validation.failed");
        Assert.Contains("unassigned", await both.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.GetAsync($"{ledger}?unassigned=maybe")).StatusCode);
    }
}
