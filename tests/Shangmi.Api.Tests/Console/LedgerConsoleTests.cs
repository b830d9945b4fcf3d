using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Shangmi.Api.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static Shangmi.Api.Tests.Enterprises.EnterpriseClient;
using static Shangmi.Api.Tests.Services.ServiceClient;

namespace Shangmi.Api.Tests.Console;

/// <summary>
/// The request ledger (诉求台账) in a real browser: a request from the mini-program handled to its end, the rates page
/// against the API, the district scope, and the role gate.
/// </summary>
public class LedgerConsoleTests(ApiFactory api, ConsoleBrowser browser) : IClassFixture<ApiFactory>, IClassFixture<ConsoleBrowser>
{
    private const string InternalNote = "内部：该企业去年有过类似纠纷，先查旧卷宗 LX-0417";
    private const string ToEnterprise = "您好，我们已收到诉求，请准备研发部门的保密制度文本。";
    private const string Summary = "已上门指导，协助企业修订涉密岗位清单和离职交接流程。";

    private DateTimeOffset Now => api.Clock.GetUtcNow();

    [Fact]
    public Task A_visit_request_is_accepted_scheduled_and_resolved_in_the_console_and_the_rates_page_equals_the_api() =>
        browser.RunAsync(api, nameof(A_visit_request_is_accepted_scheduled_and_resolved_in_the_console_and_the_rates_page_equals_the_api), async console =>
        {
            var heping = await MemberAsync(api, "和平区", "和平精工研发有限公司");
            var subject = $"上门指导：涉密岗位管理 {Guid.NewGuid():N}"[..20];
            var id = await SubmitAsync(api, heping, Visit(Now, subject));

            await ConsoleStaff.SignInAsync(api, console, "service");
            await console.Menu.GetByText("服务台账").ClickAsync();
            var table = console.Page.Locator("[data-test=ledger-table]");
            await console.Page.Locator("input[name=q]").FillAsync(subject);
            await console.Page.Locator("input[name=q]").PressAsync("Enter");
            await Expect(table.Locator("tbody tr")).ToHaveCountAsync(1);
            await Expect(table).ToContainTextAsync("和平精工研发有限公司");
            await Expect(table).ToContainTextAsync("待受理");
            await table.GetByRole(AriaRole.Button, new() { Name = "处理" }).ClickAsync();
            await Expect(console.Page).ToHaveURLAsync(new Regex($"/console/ledger/{id}$"));

            var status = console.Page.Locator("[data-test=ledger-status]");
            var actions = console.Page.Locator("[data-test=ledger-actions]");
            var timeline = console.Page.Locator("[data-test=ledger-timeline]");
            await Expect(status).ToHaveTextAsync("待受理");
            await Expect(console.Page.Locator("[data-test=ledger-description]")).ToContainTextAsync("离职交接");
            // Only what "submitted" allows: accept, reject, transfer; no resolve or visit yet.
            await Expect(Button(actions, "受理")).ToBeVisibleAsync();
            await Expect(Button(actions, "不予受理")).ToBeVisibleAsync();
            await Expect(Button(actions, "办结")).ToHaveCountAsync(0);
            await Expect(Button(actions, "安排上门")).ToHaveCountAsync(0);

            await console.Page.Locator("textarea[name=ledger-text]").FillAsync(InternalNote);
            await console.Page.GetByRole(AriaRole.Button, new() { Name = "添加内部备注" }).ClickAsync();
            await Expect(timeline.Locator("[data-test=event-internal]").Filter(new() { HasText = InternalNote })).ToContainTextAsync("企业不可见");
            await console.Page.Locator("textarea[name=ledger-text]").FillAsync(ToEnterprise);
            await console.Page.GetByRole(AriaRole.Button, new() { Name = "发送给企业" }).ClickAsync();
            await Expect(timeline.Locator("[data-test=event-public]").Filter(new() { HasText = ToEnterprise })).ToHaveCountAsync(1);

            var dialog = console.Page.Locator(".el-dialog:visible");
            await Button(actions, "受理").ClickAsync();
            await dialog.Locator("textarea[name=text]").FillAsync("诉求已受理，将与您约定上门时间。");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "确定" }).ClickAsync();
            await Expect(status).ToHaveTextAsync("已受理");
            await Expect(Button(actions, "受理")).ToHaveCountAsync(0);

            await Button(actions, "安排上门").ClickAsync();
            await dialog.GetByRole(AriaRole.Button, new() { Name = "确定" }).ClickAsync();
            await Expect(console.FieldError("上门时间")).ToContainTextAsync("请填写上门时间");
            await console.SetDateAsync("at", "2026-06-05 10:00:00");
            await dialog.Locator("input[name=place]").FillAsync("和平区某某路 8 号研发楼三层");
            await dialog.Locator("input[name=staff]").FillAsync("林岚、韩松");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "确定" }).ClickAsync();
            await Expect(status).ToHaveTextAsync("已安排上门");
            await Expect(console.Page.Locator("[data-test=ledger-visit]")).ToContainTextAsync("2026-06-05 10:00");

            await Button(actions, "办结").ClickAsync();
            await dialog.Locator("textarea[name=text]").FillAsync(Summary);
            await dialog.GetByRole(AriaRole.Button, new() { Name = "确定" }).ClickAsync();
            await Expect(status).ToHaveTextAsync("已办结待评价");
            await Expect(Button(actions, "办结")).ToHaveCountAsync(0);
            await Expect(Button(actions, "移送")).ToHaveCountAsync(0);

            // The enterprise rates it through the API, and reads the messages and the status, never the internal note.
            (await FeedbackAsync(api, heping, id, solved: true, rating: 5, "很专业")).EnsureSuccessStatusCode();
            var mine = await api.ClientWith(heping.Token).GetStringAsync($"/api/v1/me/service-requests/{id}");
            var body = JsonDocument.Parse(mine).RootElement;
            Assert.Equal("closed", body.GetProperty("status").GetString());
            var texts = body.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("text").GetString()).ToList();
            Assert.Contains(ToEnterprise, texts);
            Assert.Contains(Summary, texts);
            Assert.DoesNotContain("LX-0417", mine);
            Assert.DoesNotContain("旧卷宗", mine);
            await console.Page.ReloadAsync();
            await Expect(console.Page.Locator("[data-test=ledger-feedback]")).ToContainTextAsync("已解决 · 5 分");
            await Expect(status).ToHaveTextAsync("已关闭");

            await MoreRequestsAsync(heping);
            // Back to the ledger as it was left: the search is still there.
            await console.Page.GetByRole(AriaRole.Button, new() { Name = "返回台账" }).ClickAsync();
            await Expect(console.Page.Locator("input[name=q]")).ToHaveValueAsync(subject);
            await Expect(table.Locator("tbody tr")).ToHaveCountAsync(1);

            await console.OpenAsync("/ledger/rates?from=2026-06-01&to=2026-06-30");
            var service = await ServiceAsync(api);
            var rates = await service.GetFromJsonAsync<JsonElement>("/api/v1/admin/service-requests/rates?from=2026-06-01&to=2026-06-30");
            Assert.Equal(50.0, rates.GetProperty("overall").GetProperty("responseRate").GetDouble());
            foreach (var (key, name) in new[] { ("response", "responseRate"), ("solve", "solveRate"), ("satisfaction", "satisfactionRate") })
            {
                await Expect(console.Page.Locator($"[data-test=overall-{key}]")).ToContainTextAsync(RateText(rates.GetProperty("overall").GetProperty(name)));
            }

            await AssertSectionAsync(console.Page.Locator("[data-test=rates-by-district]"), rates.GetProperty("byDistrict"));
            await AssertSectionAsync(console.Page.Locator("[data-test=rates-by-kind]"), rates.GetProperty("byKind"));
        });

    [Fact]
    public Task A_district_account_never_sees_another_districts_request_and_its_address_shows_not_found() =>
        browser.RunAsync(api, nameof(A_district_account_never_sees_another_districts_request_and_its_address_shows_not_found), async console =>
        {
            var hexiId = await SubmitAsync(api, await MemberAsync(api, "河西区", "河西本区精密仪器有限公司"), Consultation("河西本区的咨询"));
            var nankaiId = await SubmitAsync(api, await MemberAsync(api, "南开区", "南开外区软件有限公司"), Consultation("南开外区的咨询"));

            await console.SignInAsync(await ConsoleStaff.DistrictServiceAsync(api, "河西区"), ConsoleStaff.Password);
            await console.Menu.GetByText("服务台账").ClickAsync();
            var table = console.Page.Locator("[data-test=ledger-table]");
            await Expect(table).ToContainTextAsync("河西本区的咨询");
            await Expect(table).Not.ToContainTextAsync("南开外区");
            // Asking for it by name or by its district finds nothing either.
            await console.Page.Locator("input[name=q]").FillAsync("南开外区");
            await console.Page.Locator("input[name=q]").PressAsync("Enter");
            await Expect(table.Locator(".el-table__empty-text")).ToBeVisibleAsync();
            await console.Page.Locator("input[name=q]").FillAsync("");
            await console.PickAsync("ledger-district", "南开区");
            await Expect(table.Locator(".el-table__empty-text")).ToBeVisibleAsync();
            await Expect(table).Not.ToContainTextAsync("南开外区");

            await console.OpenAsync($"/ledger/{nankaiId}");
            await Expect(console.Page.Locator("[data-test=ledger-missing]")).ToContainTextAsync("找不到该诉求");
            await Expect(console.Page.Locator("[data-test=ledger-request]")).ToHaveCountAsync(0);
            await console.OpenAsync($"/ledger/{hexiId}");
            await Expect(console.Page.Locator("[data-test=ledger-description]")).ToContainTextAsync("竞业限制");
        });

    [Fact]
    public Task A_district_account_takes_hands_on_exports_downloads_and_a_stale_action_shows_what_is_allowed() =>
        browser.RunAsync(api, nameof(A_district_account_takes_hands_on_exports_downloads_and_a_stale_action_shows_what_is_allowed), async console =>
        {
            var member = await MemberAsync(api, "红桥区", "红桥老字号食品有限公司");
            var id = await SubmitAsync(api, member, Consultation("红桥：配方保密咨询"));
            await SubmitAsync(api, await MemberAsync(api, "南开区", "南开不相干有限公司"), Consultation("南开：不相干的咨询"));
            var pdf = ServiceNetwork.GuidanceSeeder.PlaceholderPdf("Recipe notes");
            using (var form = new MultipartFormDataContent())
            {
                var file = new ByteArrayContent(pdf);
                file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
                form.Add(file, "file", "配方说明.pdf");
                (await api.ClientWith(member.Token).PostAsync($"/api/v1/me/service-requests/{id}/attachments", form)).EnsureSuccessStatusCode();
            }

            var me = await NamedAsync("红桥区", "红桥专员 许诺");
            await NamedAsync("红桥区", "红桥同事 周敏");
            await NamedAsync("南开区", "南开专员 外人");
            await console.SignInAsync(me, ConsoleStaff.Password);
            await console.Menu.GetByText("服务台账").ClickAsync();
            var table = console.Page.Locator("[data-test=ledger-table]");
            await Expect(table).ToContainTextAsync("待分派");
            await table.GetByRole(AriaRole.Button, new() { Name = "领办" }).ClickAsync();
            await Expect(table).ToContainTextAsync("红桥专员 许诺");

            // 转派 offers the district's own and city-wide accounts, never another district's.
            await table.GetByRole(AriaRole.Button, new() { Name = "转派" }).ClickAsync();
            await console.Page.Locator("[data-test=assign-staff]").ClickAsync();
            var options = console.Page.Locator(".el-select-dropdown__item:visible");
            await Expect(options.Filter(new() { HasText = "红桥同事 周敏（红桥区）" })).ToHaveCountAsync(1);
            Assert.DoesNotContain(await options.AllInnerTextsAsync(), o => o.Contains("南开"));
            await options.Filter(new() { HasText = "红桥同事 周敏" }).ClickAsync();
            await console.Page.Locator("[data-test=assign-dialog]").GetByRole(AriaRole.Button, new() { Name = "转派" }).ClickAsync();
            await Expect(table).ToContainTextAsync("红桥同事 周敏");
            var staff = await ServiceAsync(api);
            Assert.Equal("红桥同事 周敏", (await staff.GetFromJsonAsync<JsonElement>($"/api/v1/admin/service-requests/{id}"))
                .GetProperty("summary").GetProperty("assigneeName").GetString());

            var download = await console.Page.RunAndWaitForDownloadAsync(
                () => console.Page.GetByRole(AriaRole.Button, new() { Name = "导出 Excel" }).ClickAsync());
            await using (var sheet = File.OpenRead(await download.PathAsync()))
            {
                var cells = MiniExcelLibs.MiniExcel.Query(sheet).SelectMany(row => ((IDictionary<string, object?>)row).Values)
                    .Select(v => v?.ToString()).ToList();
                Assert.Contains("红桥：配方保密咨询", cells);
                Assert.DoesNotContain("南开：不相干的咨询", cells);
            }

            await table.GetByRole(AriaRole.Button, new() { Name = "处理" }).ClickAsync();
            var attachment = await console.Page.RunAndWaitForDownloadAsync(
                () => console.Page.GetByRole(AriaRole.Button, new() { Name = "下载" }).ClickAsync());
            Assert.Equal("配方说明.pdf", attachment.SuggestedFilename);
            Assert.Equal(pdf, await File.ReadAllBytesAsync(await attachment.PathAsync()));

            // Someone else accepts it while the page is open: rejecting now is refused with what is allowed, and the
            // buttons follow the new state.
            await ActAsync(staff, id, "accept");
            var actions = console.Page.Locator("[data-test=ledger-actions]");
            await Button(actions, "不予受理").ClickAsync();
            await console.Page.Locator(".el-dialog:visible textarea[name=text]").FillAsync("不属于本部门职责");
            await console.Page.Locator(".el-dialog:visible").GetByRole(AriaRole.Button, new() { Name = "确定" }).ClickAsync();
            await Expect(console.LastMessage).ToContainTextAsync("当前状态不能这样处理");
            await Expect(console.LastMessage).ToContainTextAsync("办结");
            await Expect(console.Page.Locator("[data-test=ledger-status]")).ToHaveTextAsync("已受理");
            await Expect(Button(actions, "不予受理")).ToHaveCountAsync(0);
            await Expect(Button(actions, "办结")).ToBeVisibleAsync();

            // 只看待分派: what nobody has taken yet, kept in the address like every filter.
            await SubmitAsync(api, member, Consultation("红桥：还没人领办的咨询"));
            await console.Page.Locator(".el-dialog:visible").GetByRole(AriaRole.Button, new() { Name = "取消" }).ClickAsync();
            await console.Page.GetByRole(AriaRole.Button, new() { Name = "返回台账" }).ClickAsync();
            await Expect(table).ToContainTextAsync("红桥：配方保密咨询");
            await console.Page.Locator("[data-test=ledger-unassigned]").ClickAsync();
            await Expect(table).ToContainTextAsync("红桥：还没人领办的咨询");
            await Expect(table).Not.ToContainTextAsync("红桥：配方保密咨询");
            await Expect(console.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("unassigned=true"));
            await Expect(console.Page.Locator("[data-test=ledger-unassigned] input")).ToBeCheckedAsync();
        });

    /// <summary>A colleague whose laptop keeps London time picks 10:00 for a visit: it is 10:00 in Tianjin.</summary>
    [Fact]
    public Task A_visit_picked_in_a_browser_on_another_time_zone_is_at_the_china_time_picked() =>
        browser.RunAsync(api, nameof(A_visit_picked_in_a_browser_on_another_time_zone_is_at_the_china_time_picked), async console =>
        {
            var member = await MemberAsync(api, "西青区", "西青时区测试有限公司");
            var id = await SubmitAsync(api, member, Visit(Now, "西青：上门时间按北京时间"));
            await ActAsync(await ServiceAsync(api), id, "accept");

            await ConsoleStaff.SignInAsync(api, console, "service");
            await console.Page.GotoAsync($"/console/ledger/{id}");
            await Button(console.Page.Locator("[data-test=ledger-actions]"), "安排上门").ClickAsync();
            await console.SetDateAsync("at", "2026-06-05 10:00:00");
            var dialog = console.Page.Locator(".el-dialog:visible");
            await dialog.Locator("input[name=place]").FillAsync("西青区某某路 1 号");
            await dialog.Locator("input[name=staff]").FillAsync("林岚");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "确定" }).ClickAsync();

            await Expect(console.Page.Locator("[data-test=ledger-visit]")).ToContainTextAsync("2026-06-05 10:00");
            var detail = await (await ServiceAsync(api)).GetFromJsonAsync<JsonElement>($"/api/v1/admin/service-requests/{id}");
            Assert.Equal(new DateTimeOffset(2026, 6, 5, 2, 0, 0, TimeSpan.Zero), detail.GetProperty("visit").GetProperty("at").GetDateTimeOffset());
        }, timeZone: "Europe/London");

    [Fact]
    public Task A_district_account_routes_its_districts_new_requests_to_a_colleague() =>
        browser.RunAsync(api, nameof(A_district_account_routes_its_districts_new_requests_to_a_colleague), async console =>
        {
            var me = await NamedAsync("东丽区", "东丽专员 程远");
            await NamedAsync("东丽区", "东丽联络员 白露");
            await console.SignInAsync(me, ConsoleStaff.Password);
            await console.Menu.GetByText("服务台账").ClickAsync();
            await console.Page.GetByRole(AriaRole.Button, new() { Name = "新诉求接收人" }).ClickAsync();
            var routes = console.Page.Locator("[data-test=routes-table]");
            // Its own district only.
            await Expect(routes.Locator("tbody tr")).ToHaveCountAsync(1);
            await Expect(routes).ToContainTextAsync("东丽区");
            var district = await DistrictAsync(api, "东丽区");
            await console.PickAsync($"route-{district}", "东丽联络员 白露");
            await Expect(console.LastMessage).ToContainTextAsync("已设置接收人");

            var id = await SubmitAsync(api, await MemberAsync(api, "东丽区", "东丽新材料有限公司"), Consultation("东丽：自动分派的咨询"));
            var request = await (await ServiceAsync(api)).GetFromJsonAsync<JsonElement>($"/api/v1/admin/service-requests/{id}");
            Assert.Equal("东丽联络员 白露", request.GetProperty("summary").GetProperty("assigneeName").GetString());
        });

    [Fact]
    public Task The_rates_page_opens_on_this_month_in_china_time() =>
        browser.RunAsync(api, nameof(The_rates_page_opens_on_this_month_in_china_time), async console =>
        {
            // 17:30 UTC on 30 June is already 1 July in Tianjin.
            await console.Page.Clock.SetFixedTimeAsync(new DateTimeOffset(2026, 6, 30, 17, 30, 0, TimeSpan.Zero).UtcDateTime);
            await ConsoleStaff.SignInAsync(api, console, "service");
            await console.Menu.GetByText("服务成效").ClickAsync();
            await Expect(console.Page).ToHaveURLAsync(new Regex("/console/ledger/rates\\?from=2026-07-01&to=2026-07-01$"));
            await Expect(console.Page.Locator("[data-test=rates-overall]")).ToContainTextAsync("响应率");
        });

    [Theory]
    [InlineData("editor")]
    [InlineData("officer")]
    public Task Editors_and_officers_see_no_ledger_menu_and_its_addresses_show_the_403_page(string role) =>
        browser.RunAsync(api, $"{nameof(Editors_and_officers_see_no_ledger_menu_and_its_addresses_show_the_403_page)}_{role}", async console =>
        {
            await ConsoleStaff.SignInAsync(api, console, role);
            await Expect(console.Menu).ToContainTextAsync("工作台");
            foreach (var entry in new[] { "服务台账", "服务成效", "服务网络" })
            {
                await Expect(console.Menu).Not.ToContainTextAsync(entry);
            }

            foreach (var path in new[] { "/ledger", "/ledger/1", "/ledger/rates", "/network" })
            {
                await console.OpenAsync(path);
                await Expect(console.Page.Locator("[data-test=forbidden]")).ToContainTextAsync("403 无权访问");
                await Expect(console.Page.Locator("[data-test=forbidden]")).ToContainTextAsync(path);
            }
        });

    /// <summary>A service account of <paramref name="district"/> with its own display name (the console shows names).</summary>
    private async Task<string> NamedAsync(string district, string name)
    {
        var username = await ConsoleStaff.DistrictServiceAsync(api, district);
        await api.ScalarAsync<int>("UPDATE staff SET display_name = @name WHERE username = @username", new { name, username });
        return username;
    }

    private static ILocator Button(ILocator scope, string name) => scope.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    private static string RateText(JsonElement rate) =>
        rate.ValueKind == JsonValueKind.Null ? "—" : $"{rate.GetDouble().ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)}%";

    /// <summary>
    /// The rates of one section as the page shows them: each table row's counts and rates are the API's line, and the
    /// chart's three series (the values it was given, as shares) are the API's rates, line by line.
    /// </summary>
    private static async Task AssertSectionAsync(ILocator section, JsonElement lines)
    {
        var rows = section.Locator("[data-test=rates-table] .el-table__body tbody tr");
        await Expect(rows).ToHaveCountAsync(lines.GetArrayLength());
        var chart = section.Locator("[data-test=rates-chart]");
        var chartTexts = await chart.Locator("svg text").AllTextContentsAsync();
        var series = JsonDocument.Parse((await chart.GetAttributeAsync("data-values"))!).RootElement;
        Assert.Equal(["响应率", "解决率", "满意率"], series.EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        var i = 0;
        foreach (var line in lines.EnumerateArray())
        {
            var expected = new[]
            {
                line.GetProperty("name").GetString()!, $"{line.GetProperty("requests").GetInt64()}", $"{line.GetProperty("responseDue").GetInt64()}",
                $"{line.GetProperty("respondedInTime").GetInt64()}", RateText(line.GetProperty("responseRate")),
                $"{line.GetProperty("feedbackGiven").GetInt64()}", $"{line.GetProperty("solved").GetInt64()}", RateText(line.GetProperty("solveRate")),
                $"{line.GetProperty("ratings").GetInt64()}", $"{line.GetProperty("satisfied").GetInt64()}", RateText(line.GetProperty("satisfactionRate")),
            };
            var cells = (await rows.Nth(i++).Locator("td").AllInnerTextsAsync()).Select(c => c.Trim()).ToArray();
            Assert.Equal(expected, cells);
            Assert.Contains(line.GetProperty("name").GetString(), chartTexts);
            var rates = new[] { "responseRate", "solveRate", "satisfactionRate" }.Select(r => line.GetProperty(r)).ToList();
            for (var s = 0; s < 3; s++)
            {
                var drawn = series[s].GetProperty("values")[i - 1];
                if (rates[s].ValueKind == JsonValueKind.Null)
                {
                    Assert.Equal(JsonValueKind.Null, drawn.ValueKind);
                }
                else
                {
                    Assert.Equal(rates[s].GetDouble() / 100, drawn.GetDouble(), 9);
                }
            }
        }
    }

    /// <summary>
    /// Three more requests, so that every rate is a fraction: a consultation answered on time and one of Nankai's never
    /// answered (both past their response deadline), and one resolved that the enterprise found unsolved and rated 3.
    /// </summary>
    private async Task MoreRequestsAsync(Services.Member heping)
    {
        var staff = await ServiceAsync(api);
        var onTime = await SubmitAsync(api, heping, Consultation("按时响应的咨询"));
        await ActAsync(staff, onTime, "accept");
        await api.ScalarAsync<int>("UPDATE service_requests SET respond_due_on = '2026-05-29', responded_at = '2026-05-28 02:00:00' WHERE id = @onTime",
            new { onTime });
        var late = await SubmitAsync(api, await MemberAsync(api, "南开区", "南开迟复科技有限公司"), Consultation("未响应的咨询"));
        await api.ScalarAsync<int>("UPDATE service_requests SET respond_due_on = '2026-05-29' WHERE id = @late", new { late });
        var unsolved = await SubmitAsync(api, heping, Consultation("未解决的咨询"));
        await ActAsync(staff, unsolved, "accept");
        await ActAsync(staff, unsolved, "resolve", new { text = "已电话答复" });
        (await FeedbackAsync(api, heping, unsolved, solved: false, rating: 3)).EnsureSuccessStatusCode();
    }
}
