using Microsoft.Playwright;
using Shangmi.Api.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Shangmi.Api.Tests.Console;

/// <summary>The console's shell in a real browser: sign-in, lock-out, menus by role, the 403 page, 401 handling.</summary>
public class ShellTests(ApiFactory api, ConsoleBrowser browser) : IClassFixture<ApiFactory>, IClassFixture<ConsoleBrowser>
{
    [Fact]
    public Task An_editor_sees_no_accounts_menu_and_a_direct_visit_shows_a_403_page() =>
        browser.RunAsync(api, nameof(An_editor_sees_no_accounts_menu_and_a_direct_visit_shows_a_403_page), async console =>
        {
            var username = await CreateStaffAsync("editor");
            await console.SignInAsync(username, Password);

            await Expect(console.Menu).ToContainTextAsync("栏目与文章");
            await Expect(console.Menu).Not.ToContainTextAsync("账号");

            await console.OpenAsync("/accounts");
            await Expect(console.Page.Locator("[data-test=forbidden]")).ToContainTextAsync("403 无权访问");
        });

    [Fact]
    public Task An_admin_sees_the_accounts_menu_and_opens_the_staff_list() =>
        browser.RunAsync(api, nameof(An_admin_sees_the_accounts_menu_and_opens_the_staff_list), async console =>
        {
            await console.SignInAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword);
            await console.Menu.GetByText("账号").ClickAsync();
            await Expect(console.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/accounts$"));
            await Expect(console.Page.Locator("[data-test=forbidden]")).ToHaveCountAsync(0);
        });

    [Fact]
    public Task After_five_wrong_passwords_the_login_page_shows_the_lock_out_wait() =>
        browser.RunAsync(api, nameof(After_five_wrong_passwords_the_login_page_shows_the_lock_out_wait), async console =>
        {
            var username = await CreateStaffAsync("editor");
            await console.OpenAsync("/login");
            for (var attempt = 1; attempt <= 5; attempt++)
            {
                await console.SubmitLoginAsync(username, $"wrong-password-{attempt}");
                await Expect(console.Page.Locator(".el-message").Last).ToContainTextAsync("用户名或密码错误");
            }

            // The server counts five wrong passwords, then makes this name and address wait: even the right one now.
            await console.SubmitLoginAsync(username, Password);

            var lockout = console.Page.Locator("[data-test=lockout]");
            await Expect(lockout).ToContainTextAsync("密码错误次数过多");
            await Expect(lockout).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"请在 \d+ 分 \d+ 秒 后再试|请在 \d+ 秒 后再试"));
            await Expect(console.Page.GetByRole(AriaRole.Button, new() { Name = "登录" })).ToBeDisabledAsync();
        });

    [Fact]
    public Task An_expired_session_returns_to_login_and_back_to_the_page_after_signing_in() =>
        browser.RunAsync(api, nameof(An_expired_session_returns_to_login_and_back_to_the_page_after_signing_in), async console =>
        {
            var username = await CreateStaffAsync("editor");
            await console.SignInAsync(username, Password);
            // A token the server no longer accepts, as after a password change elsewhere.
            await console.Page.EvaluateAsync("""
                () => { const k = 'shangmi.console.session'; const s = JSON.parse(sessionStorage.getItem(k));
                        s.token = 'not-a-valid-token'; sessionStorage.setItem(k, JSON.stringify(s)); }
                """);
            await console.OpenAsync("/experts");
            await Expect(console.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/login\\?redirect=(/|%2F)experts"));
            await console.SubmitLoginAsync(username, Password);
            await Expect(console.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/experts$"));
            var stored = await console.Page.EvaluateAsync<string?>("() => localStorage.length ? 'leaked' : null");
            Assert.Null(stored);
        });

    [Fact]
    public Task A_staff_member_changes_their_password_and_signs_in_with_the_new_one() =>
        browser.RunAsync(api, nameof(A_staff_member_changes_their_password_and_signs_in_with_the_new_one), async console =>
        {
            var username = await CreateStaffAsync("editor");
            await console.SignInAsync(username, Password);
            await console.Page.Locator("[data-test=current-user]").HoverAsync();
            await console.Page.GetByText("修改密码").ClickAsync();

            await console.Page.Locator("input[name=currentPassword]").FillAsync("not-my-password");
            await console.Page.Locator("input[name=newPassword]").FillAsync("a-new-password-2026");
            await console.Page.Locator("input[name=again]").FillAsync("a-new-password-2026");
            await console.Page.GetByRole(AriaRole.Button, new() { Name = "修改密码" }).ClickAsync();
            await Expect(console.FieldError("当前密码")).ToHaveTextAsync("当前密码不正确");

            await console.Page.Locator("input[name=currentPassword]").FillAsync(Password);
            await console.Page.GetByRole(AriaRole.Button, new() { Name = "修改密码" }).ClickAsync();
            await Expect(console.LastMessage).ToContainTextAsync("密码已修改");
            // The page keeps working with the new token the server returned.
            await console.Menu.GetByText("专家库").ClickAsync();
            await Expect(console.Page.Locator("[data-test=experts-table]")).ToBeVisibleAsync();
            await Expect(console.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/experts$"));

            await console.Page.Locator("[data-test=current-user]").HoverAsync();
            await console.Page.GetByText("退出登录").ClickAsync();
            await console.SubmitLoginAsync(username, "a-new-password-2026");
            await Expect(console.Page.Locator("[data-test=current-user]")).ToContainTextAsync(username);
        });

    [Fact]
    public Task The_check_in_page_works_on_a_tablet_in_portrait() =>
        browser.RunAsync(api, nameof(The_check_in_page_works_on_a_tablet_in_portrait), async console =>
        {
            await console.Page.SetViewportSizeAsync(768, 1024);
            await ConsoleStaff.SignInAsync(api, console, "editor");
            await console.OpenAsync("/checkin");
            // The menu starts folded on a narrow screen, leaving the width to the page.
            var menuWidth = await console.Page.Locator(".shell-aside").EvaluateAsync<double>("e => e.getBoundingClientRect().width");
            Assert.True(menuWidth <= 64, $"menu {menuWidth}px wide");
            await console.Page.Keyboard.TypeAsync(new string('0', 32));
            await console.Page.Keyboard.PressAsync("Enter");
            var answer = console.Page.Locator("[data-test=checkin-answer]");
            await Expect(answer).ToContainTextAsync("签到码不存在");
            var box = await answer.BoundingBoxAsync();
            Assert.True(box!.X + box.Width <= 768, "the answer fits the screen");
        });

    [Fact]
    public Task The_first_page_is_usable_within_two_seconds() =>
        browser.RunAsync(api, nameof(The_first_page_is_usable_within_two_seconds), async console =>
        {
            // A fresh browser context: nothing cached. Usable = the login form can be typed into and submitted.
            await console.OpenAsync("/login");
            await Expect(console.Page.Locator("input[name=username]")).ToBeEditableAsync();
            await Expect(console.Page.GetByRole(AriaRole.Button, new() { Name = "登录" })).ToBeEnabledAsync();
            var usableMs = await console.Page.EvaluateAsync<double>("() => performance.now()");
            var loadMs = await console.Page.EvaluateAsync<double>("() => performance.getEntriesByType('navigation')[0].loadEventEnd");

            System.Console.WriteLine($"console first page: usable at {usableMs:F0} ms, load event at {loadMs:F0} ms");
            Assert.True(usableMs < 2000, $"usable only after {usableMs:F0} ms");
        });

    private const string Password = "staff-password-123";

    private async Task<string> CreateStaffAsync(params string[] roles)
    {
        var (id, _) = await api.CreateStaffAsync(roles);
        return (await api.Staff.FindAsync(id, CancellationToken.None))!.Username;
    }
}
