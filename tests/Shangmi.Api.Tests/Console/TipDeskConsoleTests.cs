using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Shangmi.Api.Tests.Infrastructure;
using Shangmi.Api.Tests.Tips;
using static Microsoft.Playwright.Assertions;

namespace Shangmi.Api.Tests.Console;

/// <summary>The case officers' tip desk in a real browser: from the dashboard to a decision and a message, and nothing kept.</summary>
public class TipDeskConsoleTests(ApiFactory api, ConsoleBrowser browser) : IClassFixture<ApiFactory>, IClassFixture<ConsoleBrowser>
{
    private const string InternalNote = "内部备注：请稽查一科核对图纸编号 ZX-7731";
    private const string ToReporter = "您好，线索已受理，如有新的证据请继续补充。";

    [Fact]
    public Task An_officer_opens_an_overdue_tip_from_the_dashboard_accepts_it_and_writes_to_the_whistleblower() =>
        browser.RunAsync(api, nameof(An_officer_opens_an_overdue_tip_from_the_dashboard_accepts_it_and_writes_to_the_whistleblower), async console =>
        {
            var officer = await TipClient.OfficerAsync(api);
            var (receipt, tipId) = await TipClient.SubmitWithIdAsync(api, officer);
            var evidence = TipClient.Jpeg(2048);
            (await TipClient.UploadAsync(api, receipt, evidence, "图纸照片.jpg")).EnsureSuccessStatusCode();
            // Its decision was due last Thursday (the clock stands at Monday 1 June 2026): four days overdue.
            await api.ScalarAsync<int>("UPDATE tips SET decision_due_on = '2026-05-28' WHERE id = @tipId", new { tipId });

            await ConsoleStaff.SignInAsync(api, console, "officer");
            var overdue = console.Page.Locator("[data-test=tips-overdue]");
            await Expect(overdue).ToContainTextAsync("已超期");
            await Expect(overdue.Locator(".el-statistic__content")).ToHaveTextAsync("1");
            await overdue.ClickAsync();

            await Expect(console.Page).ToHaveURLAsync(new Regex("/console/tips\\?overdue=true$"));
            var table = console.Page.Locator("[data-test=tips-table]");
            await Expect(table.Locator("tbody tr")).ToHaveCountAsync(1);
            await Expect(table).ToContainTextAsync("已超期 4 天");
            await Expect(table).ToContainTextAsync("远航精工有限公司");
            await table.GetByRole(AriaRole.Button, new() { Name = "处理" }).ClickAsync();

            await Expect(console.Page.Locator("[data-test=tip-description]")).ToContainTextAsync("ZX-7731");
            await Expect(console.Page.Locator("[data-test=tip-due]")).ToHaveTextAsync("已超期 4 天");
            var actions = console.Page.Locator("[data-test=tip-actions]");
            // Only the moves allowed from "submitted" are offered.
            await Expect(actions.GetByRole(AriaRole.Button, new() { Name = "受理", Exact = true })).ToBeVisibleAsync();
            await Expect(actions.GetByRole(AriaRole.Button, new() { Name = "办结" })).ToHaveCountAsync(0);
            await actions.GetByRole(AriaRole.Button, new() { Name = "受理", Exact = true }).ClickAsync();
            var dialog = console.Page.Locator(".el-dialog");
            await dialog.Locator("textarea[name=reason]").FillAsync(InternalNote);
            await dialog.GetByRole(AriaRole.Button, new() { Name = "确定" }).ClickAsync();
            await Expect(console.Page.Locator("[data-test=tip-status]")).ToHaveTextAsync("已受理");
            await Expect(console.Page.Locator("[data-test=tip-timeline]")).ToContainTextAsync(InternalNote);
            // Decided: the decision deadline is met, so nothing is overdue any more, and the moves change.
            await Expect(console.Page.Locator("[data-test=tip-due]")).ToHaveTextAsync("");
            await Expect(actions.GetByRole(AriaRole.Button, new() { Name = "开始调查" })).ToBeVisibleAsync();

            await console.Page.Locator("textarea[name=message]").FillAsync(ToReporter);
            await console.Page.GetByRole(AriaRole.Button, new() { Name = "发送留言" }).ClickAsync();
            await Expect(console.Page.Locator("[data-test=tip-messages]")).ToContainTextAsync(ToReporter);

            var download = await console.Page.RunAndWaitForDownloadAsync(
                () => console.Page.GetByRole(AriaRole.Button, new() { Name = "下载" }).ClickAsync());
            Assert.Equal(evidence, await File.ReadAllBytesAsync(await download.PathAsync()));

            // The whistleblower, with the receipt, reads the message and the new state, never the officer's note.
            var mine = await TipClient.WithReceipt(api, receipt).GetAsync("/api/v1/tips/mine");
            var text = await mine.Content.ReadAsStringAsync();
            mine.EnsureSuccessStatusCode();
            var body = JsonDocument.Parse(text).RootElement;
            Assert.Equal("accepted", body.GetProperty("status").GetString());
            Assert.Contains(body.GetProperty("messages").EnumerateArray(), m => m.GetProperty("text").GetString() == ToReporter);
            Assert.DoesNotContain("稽查一科", text);
            Assert.DoesNotContain("内部备注", text);
        });

    [Fact]
    public Task Nothing_decrypted_is_kept_in_browser_storage_and_leaving_the_tip_clears_it() =>
        browser.RunAsync(api, nameof(Nothing_decrypted_is_kept_in_browser_storage_and_leaving_the_tip_clears_it), async console =>
        {
            var officer = await TipClient.OfficerAsync(api);
            await TipClient.SubmitAsync(api, TipClient.Tip(identity: new { name = "赵举报", phone = "13912345678" }));
            var tipId = await TipClient.LatestTipIdAsync(officer);

            await ConsoleStaff.SignInAsync(api, console, "officer");
            await console.Menu.GetByText("线索").ClickAsync();
            await console.PickAsync("tip-status", "待核查");
            await Expect(console.Page.Locator("[data-test=tips-table] tbody tr")).ToHaveCountAsync(1);
            await console.Page.Locator("[data-test=tips-table]").GetByRole(AriaRole.Button, new() { Name = "处理" }).ClickAsync();
            await Expect(console.Page).ToHaveURLAsync(new Regex($"/console/tips/{tipId}$"));
            await Expect(console.Page.Locator("[data-test=tip-description]")).ToContainTextAsync("ZX-7731");

            // The identity only behind a reason, which is audited.
            await console.Page.GetByRole(AriaRole.Button, new() { Name = "查看实名信息" }).ClickAsync();
            var dialog = console.Page.Locator(".el-dialog");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "确定" }).ClickAsync();
            await Expect(dialog).ToContainTextAsync("查看实名信息须填写理由");
            await dialog.Locator("textarea[name=reason]").FillAsync("核实举报人身份，准备电话告知受理结果");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "确定" }).ClickAsync();
            await Expect(console.Page.Locator("[data-test=tip-identity]")).ToContainTextAsync("13912345678");
            await dialog.Locator(".el-dialog__footer").GetByRole(AriaRole.Button, new() { Name = "关闭" }).ClickAsync();
            await Expect(console.Page.Locator("[data-test=tip-identity]")).ToHaveCountAsync(0);
            await console.Page.GetByRole(AriaRole.Button, new() { Name = "查看", Exact = true }).ClickAsync();
            await Expect(console.Page.Locator("[data-test=tip-audit]")).ToContainTextAsync("核实举报人身份");

            await AssertNothingStoredAsync(console.Page);
            await console.Menu.GetByText("工作台").ClickAsync();
            await Expect(console.Page.Locator("[data-test=tips-overdue]")).ToBeVisibleAsync();
            await AssertNothingStoredAsync(console.Page);
            var html = await console.Page.ContentAsync();
            Assert.DoesNotContain("ZX-7731", html);
            Assert.DoesNotContain("13912345678", html);
        });

    [Fact]
    public Task An_officer_marks_a_holiday_and_takes_the_one_extension_with_its_reason() =>
        browser.RunAsync(api, nameof(An_officer_marks_a_holiday_and_takes_the_one_extension_with_its_reason), async console =>
        {
            var officer = await TipClient.OfficerAsync(api);
            await TipClient.SubmitAsync(api);
            var tipId = await TipClient.LatestTipIdAsync(officer);
            // Due Friday 5 June: Tuesday to Friday are four working days after Monday 1 June.
            await api.ScalarAsync<int>("UPDATE tips SET decision_due_on = '2026-06-05' WHERE id = @tipId", new { tipId });

            var username = await ConsoleStaff.SignInAsync(api, console, "officer");
            await console.Menu.GetByText("工作日历").ClickAsync();
            await console.SetDateAsync("day", "2026-06-03");
            await console.Page.Locator("input[name=note]").FillAsync("临时调整");
            await console.Page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
            await Expect(console.Page.Locator("[data-test=calendar-table]")).ToContainTextAsync("2026-06-03（周三）");
            var calendar = await api.ClientWith(await api.SignInStaffAsync(username, ConsoleStaff.Password))
                .GetFromJsonAsync<JsonElement>("/api/v1/admin/work-calendar?year=2026");
            Assert.Contains(calendar.EnumerateArray(), d => d.GetProperty("day").GetString() == "2026-06-03" && !d.GetProperty("isWorkday").GetBoolean());

            await console.OpenAsync($"/tips/{tipId}");
            // The holiday takes a day off what is left.
            await Expect(console.Page.Locator("[data-test=tip-due]")).ToHaveTextAsync("剩 3 个工作日");
            await console.Page.GetByRole(AriaRole.Button, new() { Name = "延期（15 个工作日）" }).ClickAsync();
            var dialog = console.Page.Locator(".el-dialog");
            await dialog.Locator("textarea[name=reason]").FillAsync("需调取对方企业备案资料，核查周期较长");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "确定" }).ClickAsync();
            await Expect(console.Page.Locator("[data-test=tip-timeline]")).ToContainTextAsync("延长核查期限：需调取对方企业备案资料");
            await Expect(console.Page.Locator("[data-test=tip-due]")).ToHaveTextAsync("剩 18 个工作日");
            await Expect(console.Page.GetByRole(AriaRole.Button, new() { Name = "延期（15 个工作日）" })).ToHaveCountAsync(0);
            var tip = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/admin/tips/{tipId}");
            Assert.True(tip.GetProperty("extended").GetBoolean());
        });

    /// <summary>
    /// Web storage holds the staff session and nothing else; no IndexedDB database and no Cache Storage exist; and
    /// neither the report nor the identity appears anywhere the browser keeps across a reload.
    /// </summary>
    private static async Task AssertNothingStoredAsync(IPage page)
    {
        var stored = await page.EvaluateAsync<JsonElement>("""
            async () => ({
              local: Object.keys(localStorage),
              session: Object.keys(sessionStorage),
              values: Object.keys(sessionStorage).map((k) => sessionStorage.getItem(k)).join('\n'),
              databases: (await indexedDB.databases()).map((d) => d.name),
              caches: await caches.keys(),
            })
            """);
        Assert.Empty(stored.GetProperty("local").EnumerateArray());
        Assert.Equal(["shangmi.console.session"], stored.GetProperty("session").EnumerateArray().Select(k => k.GetString()));
        var values = stored.GetProperty("values").GetString()!;
        Assert.DoesNotContain("ZX-7731", values);
        Assert.DoesNotContain("13912345678", values);
        Assert.Empty(stored.GetProperty("databases").EnumerateArray());
        Assert.Empty(stored.GetProperty("caches").EnumerateArray());
    }
}
