using Microsoft.Playwright;
using Shangmi.Api.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Shangmi.Api.Tests.Console;

/// <summary>An admin manages staff accounts in a real browser.</summary>
public class AccountConsoleTests(ApiFactory api, ConsoleBrowser browser) : IClassFixture<ApiFactory>, IClassFixture<ConsoleBrowser>
{
    [Fact]
    public Task An_admin_creates_an_editor_who_can_then_sign_in_and_disables_them_again() =>
        browser.RunAsync(api, nameof(An_admin_creates_an_editor_who_can_then_sign_in_and_disables_them_again), async console =>
        {
            await console.SignInAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword);
            await console.Menu.GetByText("账号").ClickAsync();
            await console.Page.GetByRole(AriaRole.Button, new() { Name = "新建账号" }).ClickAsync();
            var dialog = console.Page.Locator(".el-dialog");
            await dialog.Locator("input[name=newUsername]").FillAsync("zhou.ning");
            await dialog.Locator("input[name=displayName]").FillAsync("周宁");
            await dialog.Locator("input[name=newPassword]").FillAsync("short");
            await dialog.GetByText("编辑", new() { Exact = true }).ClickAsync();
            await dialog.GetByRole(AriaRole.Button, new() { Name = "创建" }).ClickAsync();
            // The server's rule for passwords, shown on the password field.
            await Expect(console.FieldError("初始密码")).Not.ToBeEmptyAsync();

            await dialog.Locator("input[name=newPassword]").FillAsync("zhou-ning-pass-2026");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "创建" }).ClickAsync();
            await Expect(console.LastMessage).ToContainTextAsync("账号已创建");
            var row = console.Page.Locator("[data-test=staff-table] tbody tr").Filter(new() { HasText = "zhou.ning" });
            await Expect(row).ToContainTextAsync("正常");
            (await api.StaffLoginAsync("zhou.ning", "zhou-ning-pass-2026")).EnsureSuccessStatusCode();

            await row.GetByRole(AriaRole.Button, new() { Name = "停用" }).ClickAsync();
            await console.Page.Locator(".el-popconfirm").GetByRole(AriaRole.Button, new() { Name = "确定" }).ClickAsync();
            await Expect(row).ToContainTextAsync("已停用");
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await api.StaffLoginAsync("zhou.ning", "zhou-ning-pass-2026")).StatusCode);
        });

    [Fact]
    public Task The_new_account_dialog_offers_every_role_the_service_knows_and_grants_enterprise_service() =>
        browser.RunAsync(api, nameof(The_new_account_dialog_offers_every_role_the_service_knows_and_grants_enterprise_service), async console =>
        {
            await console.SignInAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword);
            await console.Menu.GetByText("账号").ClickAsync();
            await console.Page.GetByRole(AriaRole.Button, new() { Name = "新建账号" }).ClickAsync();
            var dialog = console.Page.Locator(".el-dialog");
            // A role added to the service and forgotten in the console fails here.
            await Expect(dialog.Locator(".el-checkbox")).ToHaveCountAsync(Shangmi.Api.Identity.AuthPolicies.Roles.All.Length);

            await dialog.Locator("input[name=newUsername]").FillAsync("li.hua");
            await dialog.Locator("input[name=displayName]").FillAsync("李华");
            await dialog.Locator("input[name=newPassword]").FillAsync("li-hua-pass-2026");
            await dialog.GetByText("企业服务", new() { Exact = true }).ClickAsync();
            await dialog.GetByRole(AriaRole.Button, new() { Name = "创建" }).ClickAsync();
            await Expect(console.LastMessage).ToContainTextAsync("账号已创建");

            var token = await api.SignInStaffAsync("li.hua", "li-hua-pass-2026");
            Assert.Equal(System.Net.HttpStatusCode.OK, (await api.ClientWith(token).GetAsync("/api/v1/admin/enterprises")).StatusCode);
        });
}
