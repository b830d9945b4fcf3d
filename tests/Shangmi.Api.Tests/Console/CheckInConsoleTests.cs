using Microsoft.Playwright;
using Shangmi.Api.Tests.Events;
using Shangmi.Api.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Shangmi.Api.Tests.Console;

/// <summary>The check-in page at the door, in a real browser: green, amber, red, and a flaky network.</summary>
public class CheckInConsoleTests(ApiFactory api, ConsoleBrowser browser) : IClassFixture<ApiFactory>, IClassFixture<ConsoleBrowser>
{
    [Fact]
    public Task The_first_scan_is_green_the_second_amber_and_an_unknown_code_red() =>
        browser.RunAsync(api, nameof(The_first_scan_is_green_the_second_amber_and_an_unknown_code_red), async console =>
        {
            var code = await RegisteredCodeAsync();
            await ConsoleStaff.SignInAsync(api, console, "editor");
            await console.Menu.GetByText("现场签到").ClickAsync();
            var answer = console.Page.Locator("[data-test=checkin-answer]");

            await ScanAsync(console, code);
            await Expect(answer).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bgreen\b"));
            await Expect(answer).ToContainTextAsync("已签到");
            await Expect(answer).ToContainTextAsync("李明 · 天和精密制造有限公司");

            await ScanAsync(console, code.ToUpperInvariant());
            await Expect(answer).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bamber\b"));
            await Expect(answer).ToContainTextAsync("已于 09:30 签到");

            await ScanAsync(console, Guid.NewGuid().ToString("N"));
            await Expect(answer).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bred\b"));
            await Expect(answer).ToContainTextAsync("签到码不存在");
        });

    [Fact]
    public Task A_lost_answer_is_retried_and_shows_green_with_a_single_check_in() =>
        browser.RunAsync(api, nameof(A_lost_answer_is_retried_and_shows_green_with_a_single_check_in), async console =>
        {
            var code = await RegisteredCodeAsync();
            await ConsoleStaff.SignInAsync(api, console, "editor");
            await console.OpenAsync("/checkin");
            // The first request reaches the service, which checks the guest in, but its answer never comes back.
            var lost = 0;
            await console.Page.RouteAsync("**/api/v1/admin/checkins", async route =>
            {
                if (Interlocked.Increment(ref lost) == 1)
                {
                    await route.FetchAsync();
                    await route.AbortAsync("connectionreset");
                    return;
                }

                await route.ContinueAsync();
            });

            await ScanAsync(console, code);

            var answer = console.Page.Locator("[data-test=checkin-answer]");
            await Expect(answer).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bgreen\b"));
            Assert.Equal(2, lost);
            Assert.Equal(1, await api.ScalarAsync<long>(
                "SELECT COUNT(*) FROM registrations WHERE checked_in_at IS NOT NULL"));
        });

    private async Task<string> RegisteredCodeAsync()
    {
        var eventId = await EventClient.CreateAsync(api, await api.EditorAsync(), capacity: 10);
        var registration = await EventClient.RegisteredAsync(api, await EventClient.UserAsync(api), eventId);
        return registration.GetProperty("checkInCode").GetString()!;
    }

    /// <summary>What a USB scanner does: types the code into the focused field and presses Enter.</summary>
    private static async Task ScanAsync(ConsolePage console, string code)
    {
        var input = console.Page.Locator("input[name=code]");
        await Expect(input).ToBeFocusedAsync();
        await console.Page.Keyboard.TypeAsync(code);
        await console.Page.Keyboard.PressAsync("Enter");
    }
}
