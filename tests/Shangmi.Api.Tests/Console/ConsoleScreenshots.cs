using System.Net.Http.Json;
using Microsoft.Playwright;
using Shangmi.Api.Tests.Events;
using Shangmi.Api.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Shangmi.Api.Tests.Console;

/// <summary>
/// The README's screenshots (article editor, registrations table, check-in result, dashboard, tip detail, survey report, ledger request, rates), taken from the real service in
/// the real browser. They go to bin/…/screenshots/, or to SHANGMI_SCREENSHOT_DIR when set
/// (scripts/console-screenshots.sh sets it to docs/screenshots).
/// </summary>
public class ConsoleScreenshots(ApiFactory api, ConsoleBrowser browser) : IClassFixture<ApiFactory>, IClassFixture<ConsoleBrowser>
{
    private static string Folder =>
        Environment.GetEnvironmentVariable("SHANGMI_SCREENSHOT_DIR") is { Length: > 0 } folder
            ? folder
            : Path.Combine(AppContext.BaseDirectory, "screenshots");

    [Fact]
    public Task The_article_editor_registrations_and_check_in_pages_render_for_the_readme() =>
        browser.RunAsync(api, nameof(The_article_editor_registrations_and_check_in_pages_render_for_the_readme), async console =>
        {
            var editor = await api.EditorAsync();
            var columns = await editor.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/admin/columns");
            var image = await UploadAsync(editor);
            var article = await editor.PostAsJsonAsync("/api/v1/admin/articles", new
            {
                columnId = columns[0].GetProperty("id").GetInt64(), title = "企业商业秘密保护指引（2026 年版）解读",
                author = "市市场监管局", source = "政策法规处", tags = new[] { "指引", "合规" }, pinned = true,
                contentHtml = $"<h2>一、什么是商业秘密</h2><p>商业秘密是指不为公众所知悉、具有商业价值并经权利人采取相应保密措施的技术信息、经营信息等商业信息。</p>"
                              + $"<p><img src=\"{image}\" alt=\"保密措施示意\"/></p><h2>二、企业应当怎么做</h2>"
                              + "<ul><li>建立保密制度，明确涉密人员和涉密载体；</li><li>与员工签订保密协议和竞业限制协议；</li><li>对研发资料分级管理、留痕访问。</li></ul>",
                status = "draft",
            });
            var articleId = (await article.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt64();

            var eventId = await EventClient.CreateAsync(api, editor, capacity: 50, requiresApproval: true);
            string? code = null;
            var companies = new[] { ("天和精密制造有限公司", "李明", "138 1234 5678"), ("华科新材料股份有限公司", "陈静", "139 2345 6789"), ("滨海智能装备有限公司", "刘洋", "137 3456 7890") };
            for (var i = 0; i < companies.Length; i++)
            {
                var (company, contact, phone) = companies[i];
                var user = await EventClient.UserAsync(api);
                var registration = await EventClient.RegisteredAsync(api, user, eventId, new
                {
                    companyName = company, creditCode = EventClient.CreditCodes[i], contactName = contact, phone,
                    position = "法务经理", attendees = i + 1, remark = "",
                });
                if (i == 0)
                {
                    (await editor.PostAsync($"/api/v1/admin/registrations/{registration.GetProperty("id").GetInt64()}/approve", null))
                        .EnsureSuccessStatusCode();
                    // The code is issued on approval; the attendee reads it from their registration.
                    var mine = await api.ClientWith(user).GetFromJsonAsync<System.Text.Json.JsonElement>(
                        $"/api/v1/me/registrations/{registration.GetProperty("id").GetInt64()}");
                    code = mine.GetProperty("checkInCode").GetString();
                }
            }

            Directory.CreateDirectory(Folder);
            await ConsoleStaff.SignInAsync(api, console, "editor");

            await console.OpenAsync($"/articles/{articleId}");
            await Expect(console.Page.Locator(".w-e-text-container")).ToContainTextAsync("企业应当怎么做");
            await SaveAsync(console, "article-editor.png");

            await console.OpenAsync($"/events/{eventId}/registrations");
            await Expect(console.Page.Locator("[data-test=registrations-table] tbody tr")).ToHaveCountAsync(3);
            await SaveAsync(console, "registrations.png");

            await console.OpenAsync("/checkin");
            await Expect(console.Page.Locator("input[name=code]")).ToBeFocusedAsync();
            await console.Page.Keyboard.TypeAsync(code!);
            await console.Page.Keyboard.PressAsync("Enter");
            await Expect(console.Page.Locator("[data-test=checkin-answer].green")).ToContainTextAsync("李明");
            await SaveAsync(console, "checkin.png");
        });

    [Fact]
    public Task The_dashboard_and_tip_detail_render_for_the_readme() =>
        browser.RunAsync(api, nameof(The_dashboard_and_tip_detail_render_for_the_readme), async console =>
        {
            // A desk with work waiting: tips overdue and due soon, a claim to verify, registrations to approve.
            var officer = await Tips.TipClient.OfficerAsync(api);
            var dueDates = new[] { "2026-05-27", "2026-05-26", "2026-05-29", "2026-06-02", "2026-06-03", "2026-06-15" };
            long tipId = 0;
            foreach (var dueOn in dueDates)
            {
                var (receipt, id) = await Tips.TipClient.SubmitWithIdAsync(api, officer);
                await api.ScalarAsync<int>("UPDATE tips SET decision_due_on = @dueOn WHERE id = @id", new { dueOn, id });
                if (tipId == 0)
                {
                    tipId = id;
                    (await Tips.TipClient.UploadAsync(api, receipt, Tips.TipClient.Jpeg(40_000), "车间图纸照片.jpg")).EnsureSuccessStatusCode();
                    (await Tips.TipClient.WithReceipt(api, receipt).PostAsJsonAsync("/api/v1/tips/mine/messages",
                        new { text = "补充：涉事图纸已在对方官网产品页出现，截图已上传。" })).EnsureSuccessStatusCode();
                }
            }

            await Tips.TipClient.MoveAsync(officer, tipId, "accepted");
            (await officer.PostAsJsonAsync($"/api/v1/admin/tips/{tipId}/messages", new { text = "您好，线索已受理，我们将尽快核查，请保持回执码。" }))
                .EnsureSuccessStatusCode();
            await Enterprises.EnterpriseClient.ClaimedAsync(api, await EventClient.UserAsync(api),
                Enterprises.EnterpriseClient.ClaimForm(Enterprises.EnterpriseClient.NewCode(), "河西海岸精密仪器有限公司", proof: ConsolePage.Png));
            var eventId = await EventClient.CreateAsync(api, await api.EditorAsync(), capacity: 50, requiresApproval: true);
            for (var i = 0; i < 2; i++)
            {
                await EventClient.RegisteredAsync(api, await EventClient.UserAsync(api), eventId, EventClient.Registration(code: i));
            }

            // The ledger: two requests this month, one waiting past its response deadline, one answered and rated; and an open survey.
            var member = await Services.ServiceClient.MemberAsync(api, "河西区", "天津河西看板示例有限公司");
            var late = await Services.ServiceClient.SubmitAsync(api, member, Services.ServiceClient.Consultation("竞业限制补偿金如何约定"));
            await api.ScalarAsync<int>("UPDATE service_requests SET respond_due_on = '2026-05-29' WHERE id = @late", new { late });
            var answered = await Services.ServiceClient.SubmitAsync(api, member, Services.ServiceClient.Consultation("保密协议模板咨询"));
            var service = await Enterprises.EnterpriseClient.ServiceAsync(api);
            await Services.ServiceClient.ActAsync(service, answered, "accept");
            await Services.ServiceClient.ActAsync(service, answered, "resolve", new { text = "已提供模板并电话讲解" });
            (await Services.ServiceClient.FeedbackAsync(api, member, answered, true, 5)).EnsureSuccessStatusCode();
            var analyst = await Surveys.SurveyClient.AnalystAsync(api);
            var surveyId = await Surveys.SurveyClient.OpenStandardAsync(analyst, Surveys.SurveyClient.Settings(api, "2026 年企业商业秘密保护现状调查", days: 20));
            await Surveys.SurveyClient.AnswerAsync(api, member.Token, surveyId, Surveys.SurveyClient.Answers());

            Directory.CreateDirectory(Folder);
            await ConsoleStaff.SignInAsync(api, console, "officer", "service", "editor", "analyst");
            await Expect(console.Page.Locator("[data-test=tips-overdue] .el-statistic__content")).ToHaveTextAsync("2");
            await Expect(console.Page.Locator("[data-test=attention]")).ToContainTextAsync("条报名待审核");
            await Expect(console.Page.Locator("[data-test=ledger-response-late] .el-statistic__content")).ToHaveTextAsync("1");
            await Expect(console.Page.Locator("[data-test=surveys]")).ToContainTextAsync("已提交 1");
            await console.Page.SetViewportSizeAsync(1366, 980);
            await SaveAsync(console, "dashboard.png");

            await console.OpenAsync($"/tips/{tipId}");
            await Expect(console.Page.Locator("[data-test=tip-messages]")).ToContainTextAsync("线索已受理");
            await SaveAsync(console, "tip-detail.png");
        });

    [Fact]
    public Task The_survey_report_renders_for_the_readme() =>
        browser.RunAsync(api, nameof(The_survey_report_renders_for_the_readme), async console =>
        {
            // The standard survey, answered by eighteen enterprises in two industry sections, then closed: five in each of three
            // districts, and two and one in two more, which the report hides (together they are three, so nothing else is hidden).
            var analyst = await Surveys.SurveyClient.AnalystAsync(api);
            var surveyId = await Surveys.SurveyClient.OpenStandardAsync(analyst, Surveys.SurveyClient.Settings(api, title: "2026 年企业商业秘密保护现状调查"));
            var service = await Enterprises.EnterpriseClient.ServiceAsync(api);
            string[] districts = ["和平区", "南开区", "滨海新区"];
            for (var i = 0; i < 18; i++)
            {
                var district = i < 15 ? districts[i % 3] : i < 17 ? "河北区" : "红桥区";
                var (token, _) = await Surveys.SurveyClient.MemberAsync(api, district, i % 2 == 0 ? "C" : "I", service);
                await Surveys.SurveyClient.AnswerAsync(api, token, surveyId, Surveys.SurveyClient.Answers(employees: 80 + 37 * i, secretStaff: 6 + i,
                    tradeSecrets: 3 + i % 7, patents: 2 + 3 * (i % 5), signed: 60 + 30 * i, nonCompete: 2 + i % 6, hasSystem: i % 4 != 0, readiness: 2 + i % 7));
            }

            (await analyst.PostAsync($"/api/v1/admin/surveys/{surveyId}/close", null)).EnsureSuccessStatusCode();

            Directory.CreateDirectory(Folder);
            await ConsoleStaff.SignInAsync(api, console, "analyst");
            await console.OpenAsync($"/surveys/{surveyId}/report");
            await Expect(console.Page.Locator("[data-test=stat-responses] .el-statistic__content")).ToHaveTextAsync("18");
            await Expect(console.Page.Locator("[data-test=districts-chart] svg")).ToBeVisibleAsync();
            await Expect(console.Page.Locator("[data-test=districts-table]")).ToContainTextAsync("不足 3 家");
            // Taller than the other pictures, so that the header, the city's figures and the first charts show together.
            await console.Page.SetViewportSizeAsync(1366, 1500);
            await SaveAsync(console, "survey-report.png");
        });

    [Fact]
    public Task The_ledger_request_and_the_rates_render_for_the_readme() =>
        browser.RunAsync(api, nameof(The_ledger_request_and_the_rates_render_for_the_readme), async console =>
        {
            // A visit request under way (accepted, a note, a message each way, a visit booked) and a resolved, rated one.
            var member = await Services.ServiceClient.MemberAsync(api, "河西区", "天津河西海岸精密仪器有限公司");
            var id = await Services.ServiceClient.SubmitAsync(api, member, Services.ServiceClient.Visit(api.Clock.GetUtcNow(), "上门指导：研发部门涉密人员管理"));
            var done = await Services.ServiceClient.SubmitAsync(api, member, Services.ServiceClient.Consultation("保密协议模板咨询"));
            var staff = await Enterprises.EnterpriseClient.ServiceAsync(api);
            await Services.ServiceClient.ActAsync(staff, id, "accept");
            await Services.ServiceClient.ActAsync(staff, id, "notes", new { text = "企业研发人员约 40 人，建议带涉密岗位清单模板。" });
            await Services.ServiceClient.ActAsync(staff, id, "messages", new { text = "您好，已受理，我们将与您约定上门时间。" });
            await Services.ServiceClient.ActAsync(staff, id, "visit", new { at = api.Clock.GetUtcNow().AddDays(3), place = "企业研发楼三层会议室", staff = "林岚" });
            await Services.ServiceClient.ActAsync(staff, done, "accept");
            await Services.ServiceClient.ActAsync(staff, done, "resolve", new { text = "已提供模板并电话讲解" });
            (await Services.ServiceClient.FeedbackAsync(api, member, done, true, 5)).EnsureSuccessStatusCode();

            Directory.CreateDirectory(Folder);
            await ConsoleStaff.SignInAsync(api, console, "service");
            await console.OpenAsync($"/ledger/{id}");
            await Expect(console.Page.Locator("[data-test=ledger-actions]")).ToBeVisibleAsync();
            await Expect(console.Page.GetByText("企业研发楼三层会议室").First).ToBeVisibleAsync();
            await console.Page.SetViewportSizeAsync(1366, 1100);
            await SaveAsync(console, "ledger-request.png");

            // The server clock stands in June 2026 (the browser's in the real month): ask for June.
            await console.OpenAsync("/ledger/rates?from=2026-06-01&to=2026-06-30");
            await Expect(console.Page.Locator("[data-test=overall-satisfaction] .el-statistic__content")).ToHaveTextAsync("100.0%");
            await SaveAsync(console, "service-rates.png");
        });

    private static async Task SaveAsync(ConsolePage console, string name)
    {
        // Let transitions and the editor's toolbar settle so the picture shows the page at rest.
        await console.Page.WaitForTimeoutAsync(600);
        var path = Path.Combine(Folder, name);
        await console.Page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        Assert.True(new FileInfo(path).Length > 10_000, $"{path} looks empty");
    }

    private static async Task<string> UploadAsync(HttpClient editor)
    {
        // A solid-colour picture for the article, written by hand rather than with an image library.
        var png = SolidPng(320, 180, 0xB7, 0x1C, 0x1C);
        var content = new ByteArrayContent(png);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        var response = await editor.PostAsync("/api/v1/admin/files", new MultipartFormDataContent { { content, "file", "cover.png" } });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("url").GetString()!;
    }

    private static byte[] SolidPng(int width, int height, byte r, byte g, byte b)
    {
        var raw = new byte[(width * 3 + 1) * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var at = y * (width * 3 + 1) + 1 + x * 3;
                (raw[at], raw[at + 1], raw[at + 2]) = (r, g, b);
            }
        }

        using var compressed = new MemoryStream();
        using (var z = new System.IO.Compression.ZLibStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(raw);
        }

        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        (header[8], header[9]) = (8, 2);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        var crc = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        png.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
