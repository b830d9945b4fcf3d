using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Shangmi.Api.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Shangmi.Api.Tests.Console;

/// <summary>An editor's day with articles, in a real browser against the real service.</summary>
public class ArticleEditorTests(ApiFactory api, ConsoleBrowser browser) : IClassFixture<ApiFactory>, IClassFixture<ConsoleBrowser>
{
    [Fact]
    public Task An_editor_writes_an_article_with_an_image_and_a_script_schedules_it_and_it_appears_at_its_time_without_the_script() =>
        browser.RunAsync(api, nameof(An_editor_writes_an_article_with_an_image_and_a_script_schedules_it_and_it_appears_at_its_time_without_the_script), async console =>
        {
            var (id, _) = await api.CreateStaffAsync("editor");
            var username = (await api.Staff.FindAsync(id, CancellationToken.None))!.Username;
            await console.SignInAsync(username, "staff-password-123");
            await console.Menu.GetByText("栏目与文章").ClickAsync();
            await console.Page.GetByRole(AriaRole.Button, new() { Name = "写文章" }).ClickAsync();

            await console.PickAsync("column-select");
            const string title = "商业秘密保护新规解读";
            await console.Page.Locator("input[name=title]").FillAsync(title);
            await console.Page.Locator(".w-e-text-container [contenteditable=true]").ClickAsync();
            await console.Page.Keyboard.TypeAsync("企业应当建立保密制度。");
            // The toolbar enables its buttons a moment after the editor has a selection.
            var uploadImage = console.Page.Locator("[data-menu-key=uploadImage]");
            await Expect(uploadImage).Not.ToHaveClassAsync(new Regex("disabled"));
            var chooser = await console.Page.RunAndWaitForFileChooserAsync(
                () => uploadImage.ClickAsync());
            await chooser.SetFilesAsync(new FilePayload { Name = "制度图.png", MimeType = "image/png", Buffer = ConsolePage.Png });
            await Expect(console.Page.Locator(".w-e-text-container img[src^='/files/']")).ToHaveCountAsync(1);

            // A hostile script pasted into the HTML source goes to the server as typed.
            await console.Page.GetByText("HTML 源码").ClickAsync();
            var source = console.Page.Locator("textarea[name=contentSource]");
            await source.FillAsync(await source.InputValueAsync() + "<script>alert('pwned')</script><p onclick=\"alert(1)\">结尾</p>");

            // Tomorrow 10:00 in Beijing; the service's clock stands at 2026-06-01 09:30 Beijing time.
            await console.Page.Locator("input[name=publishAt]").FillAsync("2026-06-02 10:00:00");
            await console.Page.Keyboard.PressAsync("Enter");
            await console.Page.GetByRole(AriaRole.Button, new() { Name = "定时发布" }).ClickAsync();
            await Expect(console.LastMessage).ToContainTextAsync("已设置定时发布");
            await Expect(console.Page.Locator("[data-test=article-status]")).ToContainTextAsync("定时发布（2026-06-02 10:00）");
            await Expect(console.Page).ToHaveURLAsync(new Regex(@"/console/articles/\d+$"));
            var articleId = long.Parse(console.Page.Url.Split('/')[^1]);

            // The preview shows what the server kept: the image, no script, no handler.
            await console.Page.GetByRole(AriaRole.Button, new() { Name = "预览" }).ClickAsync();
            var preview = console.Page.Locator("[data-test=article-preview]");
            await Expect(preview.Locator("img[src^='/files/']")).ToHaveCountAsync(1);
            await Expect(preview).ToContainTextAsync("结尾");
            Assert.Equal(0, await preview.Locator("script, [onclick]").CountAsync());

            var reader = api.CreateClient();
            Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/api/v1/articles/{articleId}")).StatusCode);
            Assert.DoesNotContain(title, await reader.GetStringAsync("/api/v1/articles"));

            api.Clock.SetUtcNow(new DateTimeOffset(2026, 6, 2, 2, 0, 1, TimeSpan.Zero));
            Assert.Contains(title, await reader.GetStringAsync("/api/v1/articles"));
            var published = await reader.GetFromJsonAsync<JsonElement>($"/api/v1/articles/{articleId}");
            var html = published.GetProperty("contentHtml").GetString()!;
            Assert.Contains("<img", html);
            Assert.Contains("企业应当建立保密制度", html);
            Assert.DoesNotContain("<script", html);
            Assert.DoesNotContain("alert", html);
        });

    [Fact]
    public Task Field_errors_from_the_server_show_on_their_form_fields() =>
        browser.RunAsync(api, nameof(Field_errors_from_the_server_show_on_their_form_fields), async console =>
        {
            var (id, _) = await api.CreateStaffAsync("editor");
            var username = (await api.Staff.FindAsync(id, CancellationToken.None))!.Username;
            await console.SignInAsync(username, "staff-password-123");
            await console.OpenAsync("/articles/new");

            await console.Page.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();

            await Expect(console.LastMessage).ToContainTextAsync("提交的内容有误");
            await Expect(console.FieldError("栏目")).ToHaveTextAsync("请选择栏目");
            await Expect(console.FieldError("标题")).ToContainTextAsync("请填写标题");
        });

    [Fact]
    public Task An_editor_publishes_a_draft_unpublishes_it_and_archives_it() =>
        browser.RunAsync(api, nameof(An_editor_publishes_a_draft_unpublishes_it_and_archives_it), async console =>
        {
            var editor = await api.EditorAsync();
            var id = await Articles.ArticleClient.CreateAsync(editor, new() { ["title"] = "待发布的通知", ["status"] = "draft" });
            await ConsoleStaff.SignInAsync(api, console, "editor");
            await console.OpenAsync($"/articles/{id}");
            var status = console.Page.Locator("[data-test=article-status]");
            await Expect(status).ToHaveTextAsync("草稿");
            var reader = api.CreateClient();

            await console.Page.GetByRole(AriaRole.Button, new() { Name = "立即发布" }).ClickAsync();
            await Expect(status).ToHaveTextAsync("已发布");
            Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/v1/articles/{id}")).StatusCode);

            await console.Page.GetByRole(AriaRole.Button, new() { Name = "撤回发布" }).ClickAsync();
            await Expect(status).ToHaveTextAsync("草稿");
            Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/api/v1/articles/{id}")).StatusCode);

            await console.Page.GetByRole(AriaRole.Button, new() { Name = "归档" }).ClickAsync();
            await console.Page.Locator(".el-popconfirm").GetByRole(AriaRole.Button, new() { Name = "确定" }).ClickAsync();
            await Expect(console.Page).ToHaveURLAsync(new Regex("/console/articles$"));
            await console.Page.Locator(".page-toolbar .el-select").First.ClickAsync();
            await console.Page.Locator(".el-select-dropdown__item:visible").Filter(new() { HasText = "已归档" }).ClickAsync();
            await Expect(console.Page.Locator("[data-test=articles-table]")).ToContainTextAsync("待发布的通知");
        });
}
