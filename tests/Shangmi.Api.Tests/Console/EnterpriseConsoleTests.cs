using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using MiniExcelLibs;
using Shangmi.Api.Tests.Events;
using Shangmi.Api.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static Shangmi.Api.Tests.Enterprises.EnterpriseClient;

namespace Shangmi.Api.Tests.Console;

/// <summary>Enterprise services in a real browser, within a district: the claim queue with its proof, the roster and its export.</summary>
public class EnterpriseConsoleTests(ApiFactory api, ConsoleBrowser browser) : IClassFixture<ApiFactory>, IClassFixture<ConsoleBrowser>
{
    private const string Hexi = "河西海岸精密仪器有限公司";
    private const string Nankai = "南开云岭软件有限公司";

    [Fact]
    public Task A_hexi_service_account_verifies_a_hexi_claim_with_its_proof_inline_and_never_sees_a_nankai_one() =>
        browser.RunAsync(api, nameof(A_hexi_service_account_verifies_a_hexi_claim_with_its_proof_inline_and_never_sees_a_nankai_one), async console =>
        {
            var hexiClaim = await ClaimedAsync(api, await EventClient.UserAsync(api),
                ClaimForm(NewCode(), Hexi, districtId: await DistrictAsync(api, "河西区"), proof: ConsolePage.Png, proofName: "营业执照.png"));
            var nankaiClaim = await ClaimedAsync(api, await EventClient.UserAsync(api),
                ClaimForm(NewCode(), Nankai, districtId: await DistrictAsync(api, "南开区"), proof: ConsolePage.Png, proofName: "营业执照.png"));
            var username = await ConsoleStaff.DistrictServiceAsync(api, "河西区");

            await console.SignInAsync(username, ConsoleStaff.Password);
            await Expect(console.Page.Locator("[data-test=claims-pending] .el-statistic__content")).ToHaveTextAsync("1");
            await console.Page.Locator("[data-test=claims-pending]").ClickAsync();
            var table = console.Page.Locator("[data-test=claims-table]");
            await Expect(table).ToContainTextAsync(Hexi);
            await Expect(table).Not.ToContainTextAsync(Nankai);
            await Expect(table).ToContainTextAsync("138****5678");

            await table.GetByRole(AriaRole.Button, new() { Name = "审核" }).ClickAsync();
            // The proof comes with the staff token and is shown in place through a blob: URL.
            var proof = console.Page.Locator("[data-test=claim-proof] img");
            await Expect(proof).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("^blob:"));
            Assert.True(await proof.EvaluateAsync<bool>("img => img.complete && img.naturalWidth === 1"));
            var blobUrl = await proof.GetAttributeAsync("src");
            await console.Page.GetByRole(AriaRole.Button, new() { Name = "通过认证" }).ClickAsync();
            await Expect(console.LastMessage).ToContainTextAsync("已通过认证");
            await Expect(table).Not.ToContainTextAsync(Hexi);
            // Closed, the proof's object URL is revoked: the picture is gone from the page's memory.
            Assert.Equal("revoked", await console.Page.EvaluateAsync<string>(
                "url => fetch(url).then(() => 'alive', () => 'revoked')", blobUrl));

            foreach (var status in new[] { "已驳回", "已认证" })
            {
                await console.Page.Locator("[data-test=claim-status]").GetByText(status).ClickAsync();
                await Expect(table.Locator(".el-table__body")).Not.ToContainTextAsync(Nankai);
            }

            await Expect(table).ToContainTextAsync(Hexi);
            var city = await ServiceAsync(api);
            Assert.Equal("verified", (await city.GetFromJsonAsync<JsonElement>($"/api/v1/admin/enterprise-claims/{hexiClaim}")).GetProperty("status").GetString());
            Assert.Equal("pending", (await city.GetFromJsonAsync<JsonElement>($"/api/v1/admin/enterprise-claims/{nankaiClaim}")).GetProperty("status").GetString());

            // The roster: the new enterprise is there, Nankai's is not, in the page or in the export.
            await console.Menu.GetByText("企业名录").ClickAsync();
            var roster = console.Page.Locator("[data-test=enterprises-table]");
            await Expect(roster).ToContainTextAsync(Hexi);
            await Expect(roster).Not.ToContainTextAsync(Nankai);
            var download = await console.Page.RunAndWaitForDownloadAsync(
                () => console.Page.GetByRole(AriaRole.Button, new() { Name = "导出 Excel" }).ClickAsync());
            await using var file = File.OpenRead(await download.PathAsync());
            var cells = MiniExcel.Query(file).SelectMany(row => ((IDictionary<string, object?>)row).Values).Select(v => v?.ToString()).ToList();
            Assert.Contains(Hexi, cells);
            Assert.DoesNotContain(Nankai, cells);

            // The profile and a designation: a liaison point with the signed-in staff member as its officer.
            await roster.GetByRole(AriaRole.Button, new() { Name = Hexi }).ClickAsync();
            await Expect(console.Page.Locator("[data-test=enterprise-profile]")).ToContainTextAsync("河西区");
            await console.Page.GetByRole(AriaRole.Button, new() { Name = "设为联络点" }).ClickAsync();
            await console.Page.Locator(".el-dialog").GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
            await Expect(console.Page.Locator("[data-test=designations]")).ToContainTextAsync("联络员：测试员工");
        });

    [Fact]
    public Task A_pdf_proof_shows_in_a_frame_and_a_proof_that_arrives_after_the_drawer_closed_is_never_kept() =>
        browser.RunAsync(api, nameof(A_pdf_proof_shows_in_a_frame_and_a_proof_that_arrives_after_the_drawer_closed_is_never_kept), async console =>
        {
            await ClaimedAsync(api, await EventClient.UserAsync(api),
                ClaimForm(NewCode(), "和平档案科技有限公司", districtId: await DistrictAsync(api, "和平区"), proof: Pdf, proofName: "执照.pdf"));
            // Every object URL the page makes and revokes, to find one left alive.
            await console.Page.AddInitScriptAsync("""
                window.__blobs = { made: [], revoked: [] };
                const make = URL.createObjectURL.bind(URL), revoke = URL.revokeObjectURL.bind(URL);
                URL.createObjectURL = (b) => { const u = make(b); window.__blobs.made.push(u); return u; };
                URL.revokeObjectURL = (u) => { window.__blobs.revoked.push(u); revoke(u); };
                """);
            await console.SignInAsync(await ConsoleStaff.DistrictServiceAsync(api, "和平区"), ConsoleStaff.Password);
            await console.Menu.GetByText("企业认证").ClickAsync();
            var table = console.Page.Locator("[data-test=claims-table]");

            // A slow proof: the drawer is closed before it arrives.
            var release = new TaskCompletionSource();
            await console.Page.RouteAsync("**/proof", async route =>
            {
                await release.Task;
                await route.ContinueAsync();
            });
            var proofAnswered = console.Page.WaitForResponseAsync(r => r.Url.EndsWith("/proof"));
            await table.GetByRole(AriaRole.Button, new() { Name = "审核" }).ClickAsync();
            await Expect(console.Page.Locator("[data-test=claim-drawer]")).ToBeVisibleAsync();
            await console.Page.Keyboard.PressAsync("Escape");
            await Expect(console.Page.Locator("[data-test=claim-drawer]")).ToBeHiddenAsync();
            release.SetResult();
            await proofAnswered;
            await console.Page.WaitForTimeoutAsync(300); // let the page's continuation after the answer run
            Assert.Equal(0, await console.Page.EvaluateAsync<int>("window.__blobs.made.length"));
            await console.Page.UnrouteAsync("**/proof");

            // Opened and left to load, a PDF shows in a frame from a blob: URL, revoked when the drawer closes.
            await table.GetByRole(AriaRole.Button, new() { Name = "审核" }).ClickAsync();
            var frame = console.Page.Locator("[data-test=claim-proof] iframe");
            await Expect(frame).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("^blob:"));
            await console.Page.Keyboard.PressAsync("Escape");
            await Expect(console.Page.Locator("[data-test=claim-drawer]")).ToBeHiddenAsync();
            var blobs = await console.Page.EvaluateAsync<JsonElement>("window.__blobs");
            var made = blobs.GetProperty("made").EnumerateArray().Select(u => u.GetString()).ToList();
            Assert.Single(made);
            Assert.Equal(made, blobs.GetProperty("revoked").EnumerateArray().Select(u => u.GetString()));
        });

    [Fact]
    public Task A_district_account_imports_a_roster_row_errors_first_then_the_valid_rows_and_finds_them_in_the_list() =>
        browser.RunAsync(api, nameof(A_district_account_imports_a_roster_row_errors_first_then_the_valid_rows_and_finds_them_in_the_list), async console =>
        {
            await console.SignInAsync(await ConsoleStaff.DistrictServiceAsync(api, "河东区"), ConsoleStaff.Password);
            await console.Menu.GetByText("企业名录").ClickAsync();
            await console.Page.GetByRole(AriaRole.Button, new() { Name = "导入名录" }).ClickAsync();

            // Row 3 belongs to another district, which a 河东区 account may not import.
            var sheet = Enterprises.RosterImportTests.Sheet([
                Enterprises.RosterImportTests.Row("河东星河材料有限公司", NewCode(), district: "河东区"),
                Enterprises.RosterImportTests.Row("南开越界科技有限公司", NewCode(), district: "南开区"),
            ]);
            var chooser = await console.Page.RunAndWaitForFileChooserAsync(
                () => console.Page.Locator("button").Filter(new() { HasText = "选择 .xlsx 文件" }).ClickAsync());
            await chooser.SetFilesAsync(new FilePayload
            {
                Name = "名录.xlsx", Buffer = sheet, MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            });
            await console.Page.GetByRole(AriaRole.Button, new() { Name = "开始导入" }).ClickAsync();

            var errors = console.Page.Locator("[data-test=row-errors] tbody tr");
            await Expect(errors).ToHaveCountAsync(1);
            await Expect(errors.First.Locator("td").First).ToHaveTextAsync("3");
            await Expect(console.Page.GetByText("表格中有错误，未导入任何数据")).ToBeVisibleAsync();
            await console.Page.GetByRole(AriaRole.Button, new() { Name = "只导入正确的行" }).ClickAsync();
            await Expect(console.Page.Locator("[data-test=import-report]")).ToContainTextAsync("导入完成：新增 1 家，更新 0 家");

            await console.Page.GetByRole(AriaRole.Button, new() { Name = "返回列表" }).ClickAsync();
            var roster = console.Page.Locator("[data-test=enterprises-table]");
            await Expect(roster).ToContainTextAsync("河东星河材料有限公司");
            await Expect(roster).Not.ToContainTextAsync("南开越界科技有限公司");
        });

    [Fact]
    public Task A_filter_answer_that_arrives_late_never_replaces_the_latest_one() =>
        browser.RunAsync(api, nameof(A_filter_answer_that_arrives_late_never_replaces_the_latest_one), async console =>
        {
            const string verified = "红桥迟到应答测试有限公司";
            var claim = await ClaimedAsync(api, await EventClient.UserAsync(api),
                ClaimForm(NewCode(), verified, districtId: await DistrictAsync(api, "红桥区"), proof: ConsolePage.Png, proofName: "执照.png"));
            (await (await ServiceAsync(api)).PostAsync($"/api/v1/admin/enterprise-claims/{claim}/verify", null)).EnsureSuccessStatusCode();
            await console.SignInAsync(await ConsoleStaff.DistrictServiceAsync(api, "红桥区"), ConsoleStaff.Password);
            await console.Menu.GetByText("企业认证").ClickAsync();
            var table = console.Page.Locator("[data-test=claims-table]");

            // The rejected list (empty) is held back until after the verified list has been shown, as a busy server
            // or network can reorder two answers.
            var release = new TaskCompletionSource();
            await console.Page.RouteAsync("**/api/v1/admin/enterprise-claims?*status=rejected*", async route =>
            {
                await release.Task;
                await route.ContinueAsync();
            });
            var lateAnswer = console.Page.WaitForResponseAsync(r => r.Url.Contains("status=rejected"));
            await console.Page.Locator("[data-test=claim-status]").GetByText("已驳回").ClickAsync();
            await console.Page.Locator("[data-test=claim-status]").GetByText("已认证").ClickAsync();
            await Expect(table).ToContainTextAsync(verified);

            release.SetResult();
            await lateAnswer;
            await console.Page.WaitForTimeoutAsync(300); // let the page's continuation after the late answer run
            await Expect(table).ToContainTextAsync(verified);
            await Expect(console.Page.Locator(".el-pagination")).ToContainTextAsync("共 1 条");
        });
}
