using Microsoft.Playwright;
using MiniExcelLibs;
using Shangmi.Api.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Shangmi.Api.Tests.Console;

/// <summary>The expert library in a real browser: the Excel import with row errors, and editing with a photo.</summary>
public class ExpertConsoleTests(ApiFactory api, ConsoleBrowser browser) : IClassFixture<ApiFactory>, IClassFixture<ConsoleBrowser>
{
    [Fact]
    public Task An_import_with_two_bad_rows_shows_both_row_numbers_then_imports_the_valid_rows() =>
        browser.RunAsync(api, nameof(An_import_with_two_bad_rows_shows_both_row_numbers_then_imports_the_valid_rows), async console =>
        {
            await ConsoleStaff.SignInAsync(api, console, "editor");
            await console.Menu.GetByText("专家库").ClickAsync();
            await console.Page.GetByRole(AriaRole.Button, new() { Name = "Excel 导入" }).ClickAsync();

            // Rows 3 and 5 (the header is row 1): a field not in the list, and no name.
            var sheet = Sheet(Row("甲", "导入单位"), Row("乙", "导入单位", "炼金术"), Row("丙", "导入单位"), Row("", "导入单位"), Row("戊", "导入单位"));
            var chooser = await console.Page.RunAndWaitForFileChooserAsync(
                () => console.Page.Locator("button").Filter(new() { HasText = "选择 .xlsx 文件" }).ClickAsync());
            await chooser.SetFilesAsync(new FilePayload
            {
                Name = "专家.xlsx", Buffer = sheet,
                MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            });
            await console.Page.GetByRole(AriaRole.Button, new() { Name = "开始导入" }).ClickAsync();

            var errors = console.Page.Locator("[data-test=row-errors] tbody tr");
            await Expect(errors).ToHaveCountAsync(2);
            await Expect(errors.Nth(0).Locator("td").First).ToHaveTextAsync("3");
            await Expect(errors.Nth(0)).ToContainTextAsync("专业领域");
            await Expect(errors.Nth(1).Locator("td").First).ToHaveTextAsync("5");
            await Expect(errors.Nth(1)).ToContainTextAsync("姓名");
            await Expect(console.Page.GetByText("表格中有错误，未导入任何数据")).ToBeVisibleAsync();
            Assert.Equal(0, await CountAsync());

            await console.Page.GetByRole(AriaRole.Button, new() { Name = "只导入正确的行" }).ClickAsync();
            await Expect(console.Page.Locator("[data-test=import-report]")).ToContainTextAsync("导入完成：新增 3 位，更新 0 位");
            Assert.Equal(3, await CountAsync());

            await console.Page.GetByRole(AriaRole.Button, new() { Name = "返回列表" }).ClickAsync();
            await Expect(console.Page.Locator("[data-test=experts-table]")).ToContainTextAsync("戊");
        });

    [Fact]
    public Task An_editor_adds_an_expert_with_a_photo_and_a_bad_email_is_shown_on_its_field() =>
        browser.RunAsync(api, nameof(An_editor_adds_an_expert_with_a_photo_and_a_bad_email_is_shown_on_its_field), async console =>
        {
            await ConsoleStaff.SignInAsync(api, console, "editor");
            await console.OpenAsync("/experts/new");
            await console.Page.Locator("input[name=name]").FillAsync("孙海燕");
            await console.Page.Locator("input[name=organization]").FillAsync("市律师协会");
            var chooser = await console.Page.RunAndWaitForFileChooserAsync(
                () => console.Page.Locator("button").Filter(new() { HasText = "上传照片" }).ClickAsync());
            await chooser.SetFilesAsync(new FilePayload { Name = "photo.png", MimeType = "image/png", Buffer = ConsolePage.Png });
            await Expect(console.Page.Locator(".el-avatar img[src^='/files/']")).ToHaveCountAsync(1);
            await console.Field("邮箱").FillAsync("not-an-email");

            await console.Page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
            await Expect(console.FieldError("邮箱")).Not.ToBeEmptyAsync();

            await console.Field("邮箱").FillAsync("sun@example.cn");
            await console.Page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
            await Expect(console.LastMessage).ToContainTextAsync("已保存");
            Assert.StartsWith("/files/", await api.ScalarAsync<string>("SELECT photo_url FROM experts WHERE name = '孙海燕'"));
        });

    private static Dictionary<string, object?> Row(string name, string organization, string fields = "法律实务") => new()
    {
        ["姓名"] = name, ["工作单位"] = organization, ["职称"] = "律师", ["职务"] = "合伙人", ["专业领域"] = fields,
        ["所在区"] = "河西区", ["个人简介"] = "简介", ["主要成果"] = "成果", ["是否公开"] = "是", ["排序"] = 5,
        ["手机"] = "13900001111", ["邮箱"] = "", ["备注"] = "",
    };

    private static byte[] Sheet(params Dictionary<string, object?>[] rows)
    {
        using var stream = new MemoryStream();
        stream.SaveAs(rows.ToList());
        return stream.ToArray();
    }

    private Task<int> CountAsync() => api.ScalarAsync<int>("SELECT COUNT(*) FROM experts WHERE organization = '导入单位'");
}
