using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using MiniExcelLibs;
using Shangmi.Api.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static Shangmi.Api.Tests.Surveys.SurveyClient;

namespace Shangmi.Api.Tests.Console;

/// <summary>The analyst's survey pages in a real browser: build with a condition, publish, close, and a report that agrees with the API.</summary>
public class SurveyConsoleTests(ApiFactory api, ConsoleBrowser browser) : IClassFixture<ApiFactory>, IClassFixture<ConsoleBrowser>
{
    private const string Title = "2026 年商业秘密保护制度建设情况调查";

    /// <summary>
    /// 河西区 has four verified enterprises, three of which answer; 南开区 four, all answering (one has no protection
    /// system, so it skips the conditional question); 河东区 one, with a distinctive 777 trade secrets. The lone
    /// 河东区 enterprise must read as “不足 3 家” on the page and in the export, and 777 must appear nowhere.
    /// </summary>
    [Fact]
    public Task An_analyst_builds_a_conditional_survey_publishes_and_closes_it_and_the_report_page_agrees_with_the_api() =>
        browser.RunAsync(api, nameof(An_analyst_builds_a_conditional_survey_publishes_and_closes_it_and_the_report_page_agrees_with_the_api), async console =>
        {
            var page = console.Page;
            var service = await Enterprises.EnterpriseClient.ServiceAsync(api);
            var members = new List<(string District, string Token)>();
            foreach (var (district, count) in new[] { ("河西区", 4), ("南开区", 4), ("河东区", 1) })
            {
                for (var i = 0; i < count; i++)
                {
                    members.Add((district, (await MemberAsync(api, district, "C", service)).Token));
                }
            }

            await ConsoleStaff.SignInAsync(api, console, "analyst");
            await console.Menu.GetByText("问卷调研").ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "新建问卷" }).ClickAsync();
            await page.Locator("input[name=title]").FillAsync(Title);
            await page.Locator("textarea[name=intro]").FillAsync("本次调查了解企业商业秘密保护制度建设情况，所填数据仅用于汇总分析。");
            await page.Locator("[data-test=audience]").GetByText("指定企业").ClickAsync();
            await page.Locator("[data-test=audience-districts]").ClickAsync();
            foreach (var district in new[] { "河西区", "南开区", "河东区" })
            {
                await page.Locator(".el-select-dropdown__item:visible").Filter(new() { HasText = district }).First.ClickAsync();
            }

            await page.Keyboard.PressAsync("Escape");

            await AddQuestionAsync(console, "是非题", 0, "是否建立了书面的商业秘密保护制度");
            await console.PickAsync("indicator-0", "是否建立保护制度");
            await AddQuestionAsync(console, "整数", 1, "已识别并登记的商业秘密数量");
            var second = page.Locator("[data-test=question-1]");
            await NumberAsync(second, "最小值", "0");
            await NumberAsync(second, "最大值", "100000");
            await second.Locator("input[placeholder='人、项']").FillAsync("项");
            await console.PickAsync("indicator-1", "商业秘密数");
            await console.PickAsync("condition-question-1", "q1.");
            await Expect(page.Locator("[data-test=condition-answer-1]")).ToContainTextAsync("是");
            await AddQuestionAsync(console, "单选", 2, "最需要的服务");
            await page.GetByLabel("第 3 题选项").FillAsync("培训\n专家咨询\n上门指导");

            // The preview follows the condition: the count appears once 是 is picked.
            await Expect(page.Locator("[data-test=preview-q2]")).ToHaveCountAsync(0);
            await page.Locator("[data-test=preview-q1] .el-radio").Filter(new() { HasText = "是" }).ClickAsync();
            await Expect(page.Locator("[data-test=preview-q2]")).ToContainTextAsync("已识别并登记的商业秘密数量");

            await page.Locator("[data-test=save-survey]").ClickAsync();
            await Expect(console.LastMessage).ToContainTextAsync("问卷已保存");
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/console/surveys/\d+$"));
            var surveyId = long.Parse(page.Url.Split('/').Last());
            await Expect(page.Locator("[data-test=survey-status]")).ToHaveTextAsync("草稿");

            // Published from the list, with a window around the service's clock (2026-06-01 09:30 Beijing time).
            await console.Menu.GetByText("问卷调研").ClickAsync();
            var row = page.Locator("[data-test=surveys-table] tbody tr").Filter(new() { HasText = Title });
            await row.GetByRole(AriaRole.Button, new() { Name = "发布" }).ClickAsync();
            await console.SetDateAsync("opensAt", "2026-05-31 09:00:00");
            await console.SetDateAsync("closesAt", "2026-06-30 18:00:00");
            await page.Locator("[data-test=publish-confirm]").ClickAsync();
            await Expect(row).ToContainTextAsync("进行中");

            var analyst = await AnalystAsync(api);
            var detail = await analyst.GetFromJsonAsync<JsonElement>($"/api/v1/admin/surveys/{surveyId}");
            Assert.Equal("chosen", detail.GetProperty("audience").GetString());
            Assert.Equal(3, detail.GetProperty("districtIds").GetArrayLength());
            var questions = detail.GetProperty("questions").EnumerateArray().ToList();
            Assert.Equal(["yesNo", "integer", "singleChoice"], questions.Select(q => q.GetProperty("kind").GetString()));
            Assert.Equal(("q1", "是"), (questions[1].GetProperty("showIf").GetProperty("questionKey").GetString(),
                questions[1].GetProperty("showIf").GetProperty("answer").GetString()));
            Assert.Equal(["培训", "专家咨询", "上门指导"], questions[2].GetProperty("options").EnumerateArray().Select(o => o.GetString()));

            // The builder is open, still editable, when the answers start to arrive (eight of the nine, through the mini-program's API).
            await row.GetByRole(AriaRole.Button, new() { Name = Title }).ClickAsync();
            await Expect(page.GetByLabel("第 1 题题目")).ToBeEnabledAsync();
            var hexi = members.Where(m => m.District == "河西区").ToList();
            var nankai = members.Where(m => m.District == "南开区").ToList();
            string[] needs = ["培训", "专家咨询", "上门指导"];
            for (var i = 0; i < 3; i++)
            {
                await AnswerAsync(api, hexi[i].Token, surveyId, new Dictionary<string, object> { ["q1"] = true, ["q2"] = 10 + i, ["q3"] = needs[i] });
            }

            for (var i = 0; i < 4; i++)
            {
                await AnswerAsync(api, nankai[i].Token, surveyId, i == 3
                    ? new Dictionary<string, object> { ["q1"] = false, ["q3"] = "培训" }
                    : new Dictionary<string, object> { ["q1"] = true, ["q2"] = 20 + i, ["q3"] = "培训" });
            }

            await AnswerAsync(api, members.Single(m => m.District == "河东区").Token, surveyId,
                new Dictionary<string, object> { ["q1"] = true, ["q2"] = 777, ["q3"] = "上门指导" });

            // Saving the questions now meets the server's 409: the builder shows the survey as it stands, locked.
            await page.GetByLabel("第 3 题题目").FillAsync("最需要市场监管部门提供的服务");
            await page.Locator("[data-test=save-survey]").ClickAsync();
            await Expect(console.LastMessage).ToContainTextAsync("已有企业作答，题目不能再修改");
            await Expect(page.Locator("[data-test=frozen-notice]")).ToContainTextAsync("题目已锁定");
            await Expect(page.GetByLabel("第 1 题题目")).ToBeDisabledAsync();
            await Expect(page.GetByLabel("第 3 题题目")).ToHaveValueAsync("最需要的服务");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "添加题目" })).ToHaveCountAsync(0);

            // The live response rate in the list.
            await console.Menu.GetByText("问卷调研").ClickAsync();
            await Expect(row.Locator("[data-test=response-rate]")).ToContainTextAsync("已提交 8 / 9 家 · 88.9%");

            // Before closing the report is refused, and the page says why.
            await console.OpenAsync($"/surveys/{surveyId}/report");
            await Expect(page.Locator("[data-test=report-refused]")).ToContainTextAsync("问卷结束后才能查看分析报告");

            await console.Menu.GetByText("问卷调研").ClickAsync();
            await row.GetByRole(AriaRole.Button, new() { Name = "结束" }).ClickAsync();
            await page.Locator(".el-message-box").GetByRole(AriaRole.Button, new() { Name = "确定结束" }).ClickAsync();
            await Expect(row).ToContainTextAsync("已结束");
            await row.GetByRole(AriaRole.Button, new() { Name = "分析报告" }).ClickAsync();

            var report = await analyst.GetFromJsonAsync<JsonElement>($"/api/v1/admin/surveys/{surveyId}/report");
            Assert.Equal("不足 3 家", report.GetProperty("suppressedText").GetString());
            await Expect(page.Locator("[data-test=stat-responses] .el-statistic__content")).ToHaveTextAsync(report.GetProperty("responses").ToString());
            await Expect(page.Locator("[data-test=stat-audience] .el-statistic__content")).ToHaveTextAsync(report.GetProperty("audience").ToString());
            await Expect(page.Locator("[data-test=stat-rate] .el-statistic__content")).ToHaveTextAsync("88.9%");

            // Districts: the chart's values and the table's cells are the API's trade-secret sums; hidden groups draw no bar.
            var groups = report.GetProperty("districts").EnumerateArray()
                .Where(g => g.GetProperty("suppressed").GetBoolean() || g.GetProperty("respondents").GetInt32() > 0).ToList();
            var sums = groups.Select(g => TradeSecrets(g) is { } f && !f.GetProperty("suppressed").GetBoolean() ? f.GetProperty("sum").GetDecimal() : (decimal?)null).ToList();
            var chart = page.Locator("[data-test=districts-chart]");
            await Expect(chart.Locator("svg")).ToBeVisibleAsync();
            var charted = JsonSerializer.Deserialize<decimal?[]>((await chart.GetAttributeAsync("data-values"))!)!;
            Assert.Equal(sums, charted);
            Assert.Contains(sums, s => s is not null); // at least one district is shown, so the comparison compares figures
            var labels = await chart.Locator("svg text").AllTextContentsAsync();
            foreach (var sum in sums.OfType<decimal>())
            {
                Assert.Contains(sum.ToString(System.Globalization.CultureInfo.InvariantCulture), labels);
            }

            var table = page.Locator("[data-test=districts-table] tbody tr");
            await Expect(table).ToHaveCountAsync(groups.Count);
            for (var i = 0; i < groups.Count; i++)
            {
                var cells = await table.Nth(i).Locator("td").AllTextContentsAsync();
                Assert.Equal(groups[i].GetProperty("name").GetString(), cells[0].Trim());
                Assert.Equal(sums[i]?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "不足 3 家", cells[2].Trim());
            }

            var hedong = table.Filter(new() { HasText = "河东区" });
            await Expect(hedong.Locator("td").Nth(1)).ToHaveTextAsync("不足 3 家");
            await Expect(hedong.Locator("td").Nth(2)).ToHaveTextAsync("不足 3 家");
            // Nor in an attribute or a hidden node (as a number of its own: SVG coordinates such as 777.5 are drawing, not data).
            Assert.DoesNotMatch(@"(?<![\d.])777(?![\d.])", await page.ContentAsync());
            // One bar per shown group, none for a hidden one (a bar is a filled path; axes and grid lines are strokes).
            Assert.Equal(sums.Count(v => v is not null), await chart.EvaluateAsync<int>(
                "el => [...el.querySelectorAll('svg path')].filter(p => !['none', 'transparent', null].includes(p.getAttribute('fill'))).length"));

            // The choice question: the same shares in the chart and the table.
            var need = report.GetProperty("choices").EnumerateArray().Single(c => c.GetProperty("questionKey").GetString() == "q3");
            var choiceBlock = page.Locator("[data-test=choice-q3]");
            Assert.Equal(need.GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("share").GetDecimal()),
                JsonSerializer.Deserialize<decimal[]>((await choiceBlock.Locator("[data-values]").GetAttributeAsync("data-values"))!));
            var choiceRows = choiceBlock.Locator(".el-table__body tbody tr");
            foreach (var c in need.GetProperty("choices").EnumerateArray())
            {
                await Expect(choiceRows.Filter(new() { HasText = c.GetProperty("choice").GetString()! }).Locator("td").Nth(1))
                    .ToHaveTextAsync(c.GetProperty("count").ToString());
            }

            await Expect(page.Locator("[data-test=readiness]")).ToContainTextAsync("本问卷没有");
            await Expect(page.Locator("[data-test=cross-table]")).ToContainTextAsync("不足 3 家");

            // Printed (to PDF): no menu, header or buttons, and the report fits an A4 page's width (about 700 px) without cutting tables.
            await page.EmulateMediaAsync(new() { Media = Media.Print });
            await page.SetViewportSizeAsync(700, 1000);
            await Expect(page.Locator(".shell-aside")).ToBeHiddenAsync();
            await Expect(page.Locator(".shell-header")).ToBeHiddenAsync();
            await Expect(page.Locator("[data-test=export-report]")).ToBeHiddenAsync();
            Assert.True(await page.EvaluateAsync<bool>(
                "() => [...document.querySelectorAll('.report .plain-table')].every(t => t.getBoundingClientRect().right <= 700)"));
            await page.EmulateMediaAsync(new() { Media = Media.Screen });
            await page.SetViewportSizeAsync(1366, 768);

            // The export, fetched by the page with the staff token: the lone district is hidden there too.
            var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-test=export-report]").ClickAsync());
            var xlsx = await File.ReadAllBytesAsync(await download.PathAsync());
            var districtRows = MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: true, sheetName: "全市与各区").Cast<IDictionary<string, object?>>().ToList();
            Assert.Equal("不足 3 家", districtRows.Single(r => (string?)r["分组"] == "河东区")["商业秘密数合计"]);
            // Every sheet, the cross tables included: the lone enterprise's 777 is nowhere.
            var sheets = MiniExcel.GetSheetNames(new MemoryStream(xlsx));
            Assert.Contains(sheets, n => n.StartsWith("交叉表"));
            foreach (var sheet in sheets)
            {
                var values = MiniExcel.Query(new MemoryStream(xlsx), sheetName: sheet).Cast<IDictionary<string, object?>>().SelectMany(r => r.Values);
                Assert.DoesNotContain(values, v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) is "777" or "777.0");
            }
        });

    [Fact]
    public Task The_preview_shows_a_conditional_question_only_for_its_answer_and_the_standard_survey_is_read_only_until_copied() =>
        browser.RunAsync(api, nameof(The_preview_shows_a_conditional_question_only_for_its_answer_and_the_standard_survey_is_read_only_until_copied), async console =>
        {
            var page = console.Page;
            await ConsoleStaff.SignInAsync(api, console, "analyst");
            await console.OpenAsync("/surveys/new");
            await AddQuestionAsync(console, "是非题", 0, "是否设有专职保密管理人员");
            await AddQuestionAsync(console, "单行文字", 1, "专职人员所在部门");
            await console.PickAsync("condition-question-1", "q1.");
            var q1 = page.Locator("[data-test=preview] .card").First.Locator(".el-radio");
            var q2 = page.Locator("[data-test=preview-q2]");

            await Expect(page.Locator("[data-test=preview]")).ToContainTextAsync("是否设有专职保密管理人员");
            await Expect(q2).ToHaveCountAsync(0);
            await q1.Filter(new() { HasText = "是" }).ClickAsync();
            await Expect(q2).ToContainTextAsync("专职人员所在部门");
            await q1.Filter(new() { HasText = "否" }).ClickAsync();
            await Expect(q2).ToHaveCountAsync(0);

            // The condition changed to 否 in the editor: the preview follows at once.
            // (By exact text: the condition's question select, still fading out, lists “q1. 是否…”, which holds 否 too.)
            await page.Locator("[data-test=condition-answer-1]").ClickAsync();
            await page.Locator(".el-select-dropdown__item:visible").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^否$") }).ClickAsync();
            await Expect(q2).ToBeVisibleAsync();

            // Renaming the first question's key: the condition follows it.
            await page.GetByLabel("第 1 题编号").FillAsync("staff");
            await Expect(page.Locator("[data-test=condition-question-1]")).ToContainTextAsync("staff.");
            await q1.Filter(new() { HasText = "否" }).ClickAsync(); // the preview's answer went with the old key
            await Expect(q2).ToBeVisibleAsync();

            // Every type renders in the preview: a matrix shows its items.
            await AddQuestionAsync(console, "矩阵（每项是/否）", 2, "保护措施落实情况");
            await page.GetByLabel("第 3 题小项").FillAsync("制度落实\n人员落实");
            await Expect(page.Locator("[data-test=preview-q3]")).ToContainTextAsync("人员落实");

            // Leaving with unsaved questions asks first; staying keeps them.
            await console.Menu.GetByText("问卷调研").ClickAsync();
            var box = page.Locator(".el-message-box");
            await Expect(box).ToContainTextAsync("未保存的修改");
            await box.GetByRole(AriaRole.Button, new() { Name = "留下" }).ClickAsync();
            await Expect(page.GetByLabel("第 3 题题目")).ToHaveValueAsync("保护措施落实情况");
            await console.Menu.GetByText("问卷调研").ClickAsync();
            await box.GetByRole(AriaRole.Button, new() { Name = "离开" }).ClickAsync();

            // The seeded standard survey: read-only, and its copy is an editable draft.
            var standard = page.Locator("[data-test=surveys-table] tbody tr").Filter(new() { HasText = "标准问卷" });
            await standard.Locator(".el-button.is-link").ClickAsync();
            await Expect(page.Locator("[data-test=locked-notice]")).ToContainTextAsync("标准问卷，只能查看");
            await Expect(page.Locator("input[name=title]")).ToBeDisabledAsync();
            await Expect(page.Locator("[data-test=save-survey]")).ToHaveCountAsync(0);
            await page.GetByRole(AriaRole.Button, new() { Name = "复制为新问卷" }).ClickAsync();
            await Expect(page.Locator("[data-test=survey-status]")).ToHaveTextAsync("草稿");
            await Expect(page.Locator("[data-test=locked-notice]")).ToHaveCountAsync(0);
            await Expect(page.Locator("input[name=title]")).ToBeEnabledAsync();

            // A field error from the server lands at its field: a choice question without options.
            var count = await page.Locator(".el-card.question").CountAsync();
            Assert.True(count > 5, $"the standard survey's copy has {count} questions");
            await AddQuestionAsync(console, "多选", count, "贵单位希望获得哪些帮助");
            await page.Locator("[data-test=save-survey]").ClickAsync();
            await Expect(page.Locator($"[data-test=question-{count}] .el-form-item__error")).ToContainTextAsync("选择题须有 2 到 30 个选项");
        });

    [Fact]
    public Task An_analyst_sends_a_submitted_response_back_to_its_enterprise_from_the_response_list() =>
        browser.RunAsync(api, nameof(An_analyst_sends_a_submitted_response_back_to_its_enterprise_from_the_response_list), async console =>
        {
            var analyst = await AnalystAsync(api);
            const string title = "2026 年津南区企业保护现状调查";
            var surveyId = await OpenStandardAsync(analyst, Settings(api, title: title, audience: "chosen",
                districtIds: [await Enterprises.EnterpriseClient.DistrictAsync(api, "津南区")]));
            var (token, enterpriseId) = await MemberAsync(api, "津南区");
            await AnswerAsync(api, token, surveyId, Answers());

            await ConsoleStaff.SignInAsync(api, console, "analyst");
            await console.Menu.GetByText("问卷调研").ClickAsync();
            var row = console.Page.Locator("[data-test=surveys-table] tbody tr").Filter(new() { HasText = title });
            await Expect(row.Locator("[data-test=response-rate]")).ToContainTextAsync("已提交 1 / 1 家 · 100.0%");
            await row.GetByRole(AriaRole.Button, new() { Name = "答卷" }).ClickAsync();
            var drawer = console.Page.Locator("[data-test=responses-drawer]");
            await Expect(drawer).ToContainTextAsync("已提交");
            await drawer.GetByRole(AriaRole.Button, new() { Name = "退回修改" }).ClickAsync();
            await Expect(console.LastMessage).ToContainTextAsync("已退回");
            await Expect(drawer.Locator("tbody")).ToContainTextAsync("草稿");

            var responses = await analyst.GetFromJsonAsync<JsonElement>($"/api/v1/admin/surveys/{surveyId}/responses");
            var response = responses.GetProperty("items").EnumerateArray().Single();
            Assert.Equal((enterpriseId, "draft"), (response.GetProperty("enterpriseId").GetInt64(), response.GetProperty("status").GetString()));
        });

    [Fact]
    public Task An_admin_opens_the_survey_pages_as_the_api_allows() =>
        browser.RunAsync(api, nameof(An_admin_opens_the_survey_pages_as_the_api_allows), async console =>
        {
            await console.SignInAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword);
            await console.Menu.GetByText("问卷调研").ClickAsync();
            await Expect(console.Page.Locator("[data-test=surveys-table]")).ToContainTextAsync("标准问卷");
            await console.OpenAsync("/surveys/999999");
            await Expect(console.Page.Locator("[data-test=survey-not-found]")).ToContainTextAsync("找不到该问卷");
            await console.OpenAsync("/surveys/999999/report");
            await Expect(console.Page.Locator("[data-test=report-refused]")).ToContainTextAsync("找不到该问卷");
        });

    [Theory]
    [InlineData("editor")]
    [InlineData("service")]
    public Task Staff_without_the_analyst_role_see_no_survey_menu_and_a_direct_url_shows_the_403_page(string role) =>
        browser.RunAsync(api, $"{nameof(Staff_without_the_analyst_role_see_no_survey_menu_and_a_direct_url_shows_the_403_page)}_{role}", async console =>
        {
            await ConsoleStaff.SignInAsync(api, console, role);
            await Expect(console.Menu).ToContainTextAsync(role == "service" ? "企业认证" : "栏目与文章");
            await Expect(console.Menu).Not.ToContainTextAsync("问卷");
            foreach (var path in new[] { "/surveys", "/surveys/new", "/surveys/1", "/surveys/1/report" })
            {
                await console.OpenAsync(path);
                await Expect(console.Page.Locator("[data-test=forbidden]")).ToContainTextAsync("403 无权访问");
                await Expect(console.Page.Locator("[data-test=forbidden]")).ToContainTextAsync(path);
            }
        });

    private static JsonElement? TradeSecrets(JsonElement group) =>
        group.GetProperty("figures").EnumerateArray().Single(f => f.GetProperty("measure").GetString() == "tradeSecrets");

    /// <summary>Adds a question of <paramref name="kind"/> (its label in the menu) and types its title; it becomes card <paramref name="index"/>.</summary>
    private static async Task AddQuestionAsync(ConsolePage console, string kind, int index, string title)
    {
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "添加题目" }).ClickAsync();
        await console.Page.Locator(".el-dropdown-menu__item:visible").Filter(new() { HasTextString = kind }).First.ClickAsync();
        await console.Page.GetByLabel($"第 {index + 1} 题题目").FillAsync(title);
    }

    private static async Task NumberAsync(ILocator card, string label, string value)
    {
        var input = card.Locator(".el-form-item").Filter(new() { Has = card.Page.Locator($"label:text-is('{label}')") }).Locator("input");
        await input.FillAsync(value);
        await input.PressAsync("Tab");
    }
}
