using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Shangmi.Api.ServiceNetwork;
using Shangmi.Api.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static Shangmi.Api.Tests.Services.ServiceClient;

namespace Shangmi.Api.Tests.Console;

/// <summary>服务网络 and 指导资料 in a real browser: a base placed by typed coordinates, a liaison officer, the guidance library.</summary>
public class NetworkConsoleTests(ApiFactory api, ConsoleBrowser browser) : IClassFixture<ApiFactory>, IClassFixture<ConsoleBrowser>
{
    [Fact]
    public Task A_base_is_placed_by_typed_coordinates_checked_in_range_and_appears_in_the_public_list() =>
        browser.RunAsync(api, nameof(A_base_is_placed_by_typed_coordinates_checked_in_range_and_appears_in_the_public_list), async console =>
        {
            const string name = "和平区金街商业秘密保护工作站";
            await ConsoleStaff.SignInAsync(api, console, "service");
            await console.Menu.GetByText("服务网络").ClickAsync();
            await console.Page.GetByRole(AriaRole.Button, new() { Name = "新增保护基地" }).ClickAsync();
            var dialog = console.Page.Locator("[data-test=base-dialog]");
            await dialog.Locator("input[name=name]").FillAsync(name);
            await dialog.Locator("input[name=zone]").FillAsync("金街商圈");
            await console.PickAsync("base-district", "和平区");
            await dialog.Locator("input[name=address]").FillAsync("和平区某某街 12 号");
            await dialog.Locator("input[name=phone]").FillAsync("022-2330 1234");

            // Out of range: a field error at once, no map link, and nothing is sent.
            await dialog.Locator("input[name=lat]").FillAsync("95.5");
            await dialog.Locator("input[name=lng]").FillAsync("117.2051");
            await Expect(console.FieldError("纬度")).ToHaveTextAsync("纬度须在 -90 到 90 之间");
            await Expect(dialog.Locator("[data-test=map-link]")).ToHaveCountAsync(0);
            await dialog.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
            await Expect(dialog).ToBeVisibleAsync();
            await dialog.Locator("input[name=lng]").FillAsync("181");
            await Expect(console.FieldError("经度")).ToHaveTextAsync("经度须在 -180 到 180 之间");

            await dialog.Locator("input[name=lat]").FillAsync("39.1234");
            await dialog.Locator("input[name=lng]").FillAsync("117.2051");
            await Expect(console.FieldError("纬度")).ToHaveCountAsync(0);
            var link = dialog.Locator("[data-test=map-link]");
            var href = await link.GetAttributeAsync("href");
            Assert.StartsWith("https://uri.amap.com/marker?", href);
            var query = System.Web.HttpUtility.ParseQueryString(new Uri(href!).Query);
            Assert.Equal("117.2051,39.1234", query["position"]);
            Assert.Equal(name, query["name"]);
            Assert.Equal("_blank", await link.GetAttributeAsync("target"));

            await dialog.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
            await Expect(dialog).ToBeHiddenAsync();
            await Expect(console.Page.Locator("[data-test=bases-table]")).ToContainTextAsync(name);
            var bases = await api.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/bases?lat=39.12&lng=117.2");
            var created = bases.EnumerateArray().Single(b => b.GetProperty("name").GetString() == name);
            Assert.Equal(39.1234m, created.GetProperty("lat").GetDecimal());
            Assert.Equal(117.2051m, created.GetProperty("lng").GetDecimal());
            Assert.Equal("和平区", created.GetProperty("districtName").GetString());

            // A liaison officer is published with an office phone; a personal mobile is refused on its field.
            await console.Page.GetByRole(AriaRole.Tab, new() { Name = "联络员" }).ClickAsync();
            await console.Page.GetByRole(AriaRole.Button, new() { Name = "新增联络员" }).ClickAsync();
            var officer = console.Page.Locator("[data-test=officer-dialog]");
            await console.PickAsync("officer-district", "和平区");
            await officer.Locator("input[name=name]").FillAsync("联络员 陆遥");
            await officer.Locator("input[name=officePhone]").FillAsync("13812345678");
            await officer.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
            await Expect(console.FieldError("办公电话")).ToContainTextAsync("不公开个人手机号");
            await officer.Locator("input[name=officePhone]").FillAsync("022-2330 5678");
            await officer.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
            await Expect(console.Page.Locator("[data-test=officers-table]")).ToContainTextAsync("联络员 陆遥");
            var officers = await api.CreateClient().GetStringAsync("/api/v1/liaison-officers");
            Assert.Contains("联络员 陆遥", officers);
            Assert.DoesNotContain("13812345678", officers);
        });

    [Fact]
    public Task A_district_account_is_offered_only_its_own_districts_bases_to_edit() =>
        browser.RunAsync(api, nameof(A_district_account_is_offered_only_its_own_districts_bases_to_edit), async console =>
        {
            var city = await Enterprises.EnterpriseClient.ServiceAsync(api);
            foreach (var (district, name) in new[] { ("西青区", "西青开发区保护基地"), ("和平区", "和平小白楼保护工作站") })
            {
                (await city.PostAsJsonAsync("/api/v1/admin/bases", new
                {
                    name, zone = "", districtId = await Enterprises.EnterpriseClient.DistrictAsync(api, district), address = $"{district}某某路 1 号",
                    lat = 39.1m, lng = 117.1m, phone = "022-23300001", services = "", hours = "",
                })).EnsureSuccessStatusCode();
            }

            var username = await ConsoleStaff.DistrictServiceAsync(api, "和平区");
            var mine = await api.ClientWith(await api.SignInStaffAsync(username, ConsoleStaff.Password))
                .GetFromJsonAsync<JsonElement>("/api/v1/admin/auth/district");
            Assert.Equal("和平区", mine.GetProperty("districtName").GetString());
            Assert.Equal(JsonValueKind.Null, (await city.GetFromJsonAsync<JsonElement>("/api/v1/admin/auth/district")).GetProperty("districtId").ValueKind);

            await console.SignInAsync(username, ConsoleStaff.Password);
            await console.Menu.GetByText("服务网络").ClickAsync();
            var table = console.Page.Locator("[data-test=bases-table]");
            // Its own district first; the others are there to read, not to edit.
            await Expect(table).ToContainTextAsync("和平小白楼保护工作站");
            await Expect(table).Not.ToContainTextAsync("西青开发区保护基地");
            await Expect(table.Locator("tbody tr").GetByRole(AriaRole.Button, new() { Name = "编辑" })).ToHaveCountAsync(1);
            await console.PickAsync("base-filter", "西青区");
            await Expect(table).ToContainTextAsync("西青开发区保护基地");
            await Expect(table.Locator("tbody tr")).ToHaveCountAsync(1);
            await Expect(table.GetByRole(AriaRole.Button, new() { Name = "编辑" })).ToHaveCountAsync(0);
            await Expect(table.GetByRole(AriaRole.Button, new() { Name = "删除" })).ToHaveCountAsync(0);

            await console.Page.GetByRole(AriaRole.Button, new() { Name = "新增保护基地" }).ClickAsync();
            await Expect(console.Page.Locator("[data-test=base-district]")).ToContainTextAsync("和平区");
            await console.Page.Locator("[data-test=base-district]").ClickAsync();
            // A retrying assertion: the dropdown opens after the click returns (reading its items at once raced it on CI).
            await Expect(console.Page.Locator(".el-select-dropdown__item:visible")).ToHaveTextAsync(["和平区"]);
        });

    [Fact]
    public Task An_editor_uploads_a_guidance_pdf_renames_it_and_a_requested_one_cannot_be_deleted() =>
        browser.RunAsync(api, nameof(An_editor_uploads_a_guidance_pdf_renames_it_and_a_requested_one_cannot_be_deleted), async console =>
        {
            var pdf = GuidanceSeeder.PlaceholderPdf("Console upload");
            await ConsoleStaff.SignInAsync(api, console, "editor");
            await console.Menu.GetByText("指导资料").ClickAsync();
            await console.Page.GetByRole(AriaRole.Button, new() { Name = "新增资料" }).ClickAsync();
            var dialog = console.Page.Locator("[data-test=guidance-dialog]");
            await dialog.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
            {
                Name = "商业秘密保护自查表.pdf", MimeType = "application/pdf", Buffer = pdf,
            });
            await Expect(dialog.Locator("[data-test=guidance-file]")).ToHaveTextAsync("商业秘密保护自查表.pdf");
            await Expect(dialog.Locator("input[name=title]")).ToHaveValueAsync("商业秘密保护自查表");
            await console.SetDateAsync("versionDate", "2026-05-20");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
            var table = console.Page.Locator("[data-test=guidance-table]");
            await Expect(table).ToContainTextAsync("商业秘密保护自查表");

            // Renamed without a new file: the PDF stays the one uploaded.
            var row = table.Locator("tbody tr").Filter(new() { HasText = "商业秘密保护自查表" });
            await row.GetByRole(AriaRole.Button, new() { Name = "编辑" }).ClickAsync();
            await dialog.Locator("input[name=title]").FillAsync("企业商业秘密保护自查表");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
            await Expect(table).ToContainTextAsync("企业商业秘密保护自查表");
            var documents = await api.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/guidance-documents");
            var id = documents.EnumerateArray().Single(d => d.GetProperty("title").GetString() == "企业商业秘密保护自查表").GetProperty("id").GetInt64();
            Assert.Equal(pdf, await api.CreateClient().GetByteArrayAsync($"/api/v1/guidance-documents/{id}/download"));

            // An enterprise asks for it: it can no longer be deleted, and the console says why.
            await SubmitAsync(api, await MemberAsync(api), new { kind = "documents", subject = "申领自查表", description = "请提供电子版。", documentIds = new[] { id } });
            await row.GetByRole(AriaRole.Button, new() { Name = "删除" }).ClickAsync();
            await console.Page.Locator(".el-popconfirm").GetByRole(AriaRole.Button, new() { Name = "确定" }).ClickAsync();
            await Expect(console.LastMessage).ToContainTextAsync("已有企业申领该资料，不能删除");
            await Expect(table).ToContainTextAsync("企业商业秘密保护自查表");
        });
}
