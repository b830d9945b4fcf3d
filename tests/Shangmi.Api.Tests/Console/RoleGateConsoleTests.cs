using Shangmi.Api.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Shangmi.Api.Tests.Console;

/// <summary>Menus by role and the 403 page for the pages of issue 18: the tip desk is for officers only.</summary>
public class RoleGateConsoleTests(ApiFactory api, ConsoleBrowser browser) : IClassFixture<ApiFactory>, IClassFixture<ConsoleBrowser>
{
    [Theory]
    [InlineData("editor")]
    [InlineData("service")]
    public Task Staff_without_the_officer_role_see_no_tip_menu_and_a_direct_url_shows_the_403_page(string role) =>
        browser.RunAsync(api, $"{nameof(Staff_without_the_officer_role_see_no_tip_menu_and_a_direct_url_shows_the_403_page)}_{role}", async console =>
        {
            await ConsoleStaff.SignInAsync(api, console, role);
            await Expect(console.Menu).ToContainTextAsync(role == "service" ? "企业认证" : "栏目与文章");
            await Expect(console.Menu).Not.ToContainTextAsync("线索");
            // The dashboard has no tip figures for them either (the server answers no tip section): once their own
            // section has arrived, there is none.
            await Expect(console.Page.Locator(role == "service" ? "[data-test=claims-pending]" : "[data-test=attention]")).ToBeVisibleAsync();
            await Expect(console.Page.Locator("[data-test=tips-overdue]")).ToHaveCountAsync(0);

            foreach (var path in new[] { "/tips", "/tips/1", "/tips?overdue=true" })
            {
                await console.OpenAsync(path);
                await Expect(console.Page.Locator("[data-test=forbidden]")).ToContainTextAsync("403 无权访问");
                await Expect(console.Page.Locator("[data-test=forbidden]")).ToContainTextAsync(path);
            }
        });

    [Fact]
    public Task An_officer_sees_the_tip_desk_and_its_calendar_but_not_the_enterprise_pages() =>
        browser.RunAsync(api, nameof(An_officer_sees_the_tip_desk_and_its_calendar_but_not_the_enterprise_pages), async console =>
        {
            await ConsoleStaff.SignInAsync(api, console, "officer");
            await Expect(console.Menu).ToContainTextAsync("线索");
            await Expect(console.Menu).ToContainTextAsync("工作日历");
            await Expect(console.Menu).Not.ToContainTextAsync("企业");
            foreach (var path in new[] { "/enterprises/claims", "/enterprises", "/accounts" })
            {
                await console.OpenAsync(path);
                await Expect(console.Page.Locator("[data-test=forbidden]")).ToContainTextAsync("403 无权访问");
            }
        });
}
