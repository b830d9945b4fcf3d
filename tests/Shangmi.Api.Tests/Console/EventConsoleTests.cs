using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MiniExcelLibs;
using Shangmi.Api.Tests.Events;
using Shangmi.Api.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Shangmi.Api.Tests.Console;

/// <summary>Event staff in a real browser: an event with speakers, approvals and the export.</summary>
public class EventConsoleTests(ApiFactory api, ConsoleBrowser browser) : IClassFixture<ApiFactory>, IClassFixture<ConsoleBrowser>
{
    [Fact]
    public Task Staff_create_an_event_with_two_speakers_in_order_then_approve_a_registration_and_export_the_list() =>
        browser.RunAsync(api, nameof(Staff_create_an_event_with_two_speakers_in_order_then_approve_a_registration_and_export_the_list), async console =>
        {
            var editor = await api.EditorAsync();
            foreach (var name in new[] { "王立群", "赵思远" })
            {
                (await editor.PostAsJsonAsync("/api/v1/admin/experts", new { name, organization = "市知识产权研究院", isPublic = true }))
                    .EnsureSuccessStatusCode();
            }

            await ConsoleStaff.SignInAsync(api, console, "editor");
            await console.Menu.GetByText("活动").ClickAsync();
            await console.Page.GetByRole(AriaRole.Button, new() { Name = "新建活动" }).ClickAsync();
            await console.Page.Locator("input[name=title]").FillAsync("商业秘密保护实务论坛");
            // The service's clock stands at 2026-06-01 09:30 Beijing time: registration is open now.
            await console.SetDateAsync("startsAt", "2026-06-20 09:00:00");
            await console.SetDateAsync("endsAt", "2026-06-20 12:00:00");
            await console.SetDateAsync("registrationOpensAt", "2026-05-30 09:00:00");
            await console.SetDateAsync("registrationClosesAt", "2026-06-19 18:00:00");
            await console.Page.Locator("input[name=venue]").FillAsync("市市场监管局报告厅");
            await console.Page.Locator("[data-test=requires-approval]").ClickAsync();
            // Second expert first: the order staff give is the order the mini-program shows.
            foreach (var name in new[] { "赵思远", "王立群" })
            {
                await console.Page.Locator("[data-test=speaker-select]").ClickAsync();
                await console.Page.Keyboard.TypeAsync(name);
                await console.Page.Locator(".el-select-dropdown__item:visible").Filter(new() { HasText = name }).ClickAsync();
            }

            await Expect(console.Page.Locator("[data-test=speaker-list] li")).ToHaveCountAsync(2);
            await console.Page.GetByRole(AriaRole.Button, new() { Name = "发布" }).ClickAsync();
            await Expect(console.LastMessage).ToContainTextAsync("活动已发布");
            await Expect(console.Page).ToHaveURLAsync(new Regex(@"/console/events/\d+$"));
            var eventId = long.Parse(console.Page.Url.Split('/')[^1]);

            var published = await api.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/events/{eventId}");
            Assert.Equal(["赵思远", "王立群"], published.GetProperty("speakers").EnumerateArray().Select(s => s.GetProperty("name").GetString()));

            var registration = await EventClient.RegisteredAsync(api, await EventClient.UserAsync(api), eventId);
            Assert.Equal("pending", registration.GetProperty("status").GetString());

            // The front page tells the editor what waits for them, and leads there.
            await console.Menu.GetByText("工作台").ClickAsync();
            var attention = console.Page.Locator("[data-test=attention]");
            await Expect(attention).ToContainTextAsync("活动“商业秘密保护实务论坛”有 1 条报名待审核");
            await attention.GetByRole(AriaRole.Button, new() { Name = "去审核" }).ClickAsync();
            await console.Page.Locator("[data-test=status-filter]").GetByText("待审核").ClickAsync();
            var table = console.Page.Locator("[data-test=registrations-table]");
            await Expect(table).ToContainTextAsync("天和精密制造有限公司");
            await Expect(table).ToContainTextAsync("138****5678");
            await Expect(table).Not.ToContainTextAsync("13812345678");
            await table.GetByRole(AriaRole.Button, new() { Name = "通过" }).ClickAsync();
            await Expect(console.LastMessage).ToContainTextAsync("已通过");
            await console.Page.Locator("[data-test=status-filter]").GetByText("已确认").ClickAsync();
            await Expect(table).ToContainTextAsync("天和精密制造有限公司");

            var download = await console.Page.RunAndWaitForDownloadAsync(
                () => console.Page.GetByRole(AriaRole.Button, new() { Name = "导出 Excel" }).ClickAsync());
            Assert.EndsWith(".xlsx", download.SuggestedFilename);
            await using var file = File.OpenRead(await download.PathAsync());
            var cells = MiniExcel.Query(file).SelectMany(row => ((IDictionary<string, object?>)row).Values).Select(v => v?.ToString()).ToList();
            Assert.Contains("天和精密制造有限公司", cells);
            Assert.Contains("已确认", cells);
        });

    [Fact]
    public Task Cancelling_an_event_says_how_many_will_be_told_and_the_share_code_is_fetched_with_the_token() =>
        browser.RunAsync(api, nameof(Cancelling_an_event_says_how_many_will_be_told_and_the_share_code_is_fetched_with_the_token), async console =>
        {
            var eventId = await EventClient.CreateAsync(api, await api.EditorAsync(), capacity: 1);
            await EventClient.RegisteredAsync(api, await EventClient.UserAsync(api), eventId, EventClient.Registration(code: 0));
            await EventClient.RegisteredAsync(api, await EventClient.UserAsync(api), eventId, EventClient.Registration(code: 1));
            await ConsoleStaff.SignInAsync(api, console, "editor");
            await console.OpenAsync($"/events/{eventId}");

            // The picture comes with the staff token (an <img src> could not send it). The WeChat fake answers a
            // JPEG header without pixels, so only the fetch and the download button are checked here.
            var shareCode = await console.Page.RunAndWaitForResponseAsync(
                () => console.Page.GetByRole(AriaRole.Button, new() { Name = "小程序码" }).ClickAsync(),
                response => response.Url.EndsWith($"/api/v1/admin/events/{eventId}/share-code"));
            Assert.Equal(200, shareCode.Status);
            Assert.Equal("image/jpeg", shareCode.Headers["content-type"]);
            await Expect(console.Page.Locator(".el-dialog").GetByRole(AriaRole.Button, new() { Name = "下载" })).ToBeEnabledAsync();
            await console.Page.Keyboard.PressAsync("Escape");

            // One confirmed and one on the waiting list: both are told.
            await console.Page.GetByRole(AriaRole.Button, new() { Name = "取消活动" }).ClickAsync();
            var box = console.Page.Locator(".el-message-box");
            await Expect(box).ToContainTextAsync("将通过订阅消息通知 2 个报名单位");
            await box.GetByRole(AriaRole.Button, new() { Name = "确定取消" }).ClickAsync();
            await Expect(console.Page.Locator("[data-test=event-status]")).ToHaveTextAsync("已取消");
        });
}
