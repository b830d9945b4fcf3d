using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Infrastructure;
using Shangmi.Api.Tests.Services;
using Shangmi.Api.Tests.Surveys;
using static Microsoft.Playwright.Assertions;
using static Shangmi.Api.Tests.Enterprises.EnterpriseClient;

namespace Shangmi.Api.Tests.Console;

/// <summary>The front page of a service and survey desk in a real browser: its figures are the API's, and each leads to its list.</summary>
public class DashboardConsoleTests(ApiFactory api, ConsoleBrowser browser) : IClassFixture<ApiFactory>, IClassFixture<ConsoleBrowser>
{
    [Fact]
    public Task The_ledger_and_survey_figures_equal_the_api_and_lead_to_the_filtered_ledger() =>
        browser.RunAsync(api, nameof(The_ledger_and_survey_figures_equal_the_api_and_lead_to_the_filtered_ledger), async console =>
        {
            // Three requests on Monday 1 June: one answered in time and rated, two never answered; by Friday 5 June both are late.
            var member = await ServiceClient.MemberAsync(api, "河西区", "天津河西看板三号有限公司");
            var answered = await ServiceClient.SubmitAsync(api, member, ServiceClient.Consultation("按时答复的咨询"));
            await ServiceClient.SubmitAsync(api, member, ServiceClient.Consultation("无人受理的咨询一"));
            await ServiceClient.SubmitAsync(api, member, ServiceClient.Consultation("无人受理的咨询二"));
            var staff = await ServiceAsync(api);
            await ServiceClient.ActAsync(staff, answered, "accept");
            await ServiceClient.ActAsync(staff, answered, "resolve", new { text = "已电话答复" });
            Assert.True((await ServiceClient.FeedbackAsync(api, member, answered, true, 4)).IsSuccessStatusCode);
            var analyst = await SurveyClient.AnalystAsync(api);
            var surveyId = await SurveyClient.OpenStandardAsync(analyst, SurveyClient.Settings(api, "看板测试问卷", days: 30, audience: "chosen",
                districtIds: [await DistrictAsync(api, "河西区")]));
            await SurveyClient.MemberAsync(api, "河西区");
            api.Clock.Advance(TimeSpan.FromDays(4));

            var username = await ConsoleStaff.CreateAsync(api, "service", "analyst");
            var board = await api.ClientWith(await api.SignInStaffAsync(username, ConsoleStaff.Password))
                .GetFromJsonAsync<JsonElement>("/api/v1/admin/dashboard");
            var month = board.GetProperty("ledger").GetProperty("thisMonth");
            Assert.Equal(2, board.GetProperty("ledger").GetProperty("responseLate").GetInt64());

            await console.SignInAsync(username, ConsoleStaff.Password);
            await Expect(console.Page.Locator("[data-test=ledger-response-late] .el-statistic__content")).ToHaveTextAsync("2");
            await Expect(console.Page.Locator("[data-test=ledger-response-rate] .el-statistic__content")).ToHaveTextAsync($"{month.GetProperty("responseRate").GetDouble():0.0}%");
            await Expect(console.Page.Locator("[data-test=ledger-response-rate]")).ToContainTextAsync("按时响应 1 / 应响应 3");
            await Expect(console.Page.Locator("[data-test=ledger-solve-rate] .el-statistic__content")).ToHaveTextAsync("100.0%");
            await Expect(console.Page.Locator("[data-test=ledger-satisfaction-rate]")).ToContainTextAsync("满意 1 / 评价 1");
            var survey = board.GetProperty("surveys").GetProperty("open").EnumerateArray().Single(s => s.GetProperty("id").GetInt64() == surveyId);
            await Expect(console.Page.Locator("[data-test=surveys]")).ToContainTextAsync(
                $"看板测试问卷：已提交 0 / {survey.GetProperty("audience").GetInt64()} 家");

            await console.Page.Locator("[data-test=surveys] .survey-figures").ClickAsync();
            await Expect(console.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/surveys$"));
            await console.Menu.GetByText("工作台").ClickAsync();

            // Each figure opens the list it counts: the late requests are the ledger's unaccepted overdue rows, and the
            // month's rates page shows the same rate for the same period.
            await console.Page.Locator("[data-test=ledger-response-rate]").ClickAsync();
            await Expect(console.Page.Locator("[data-test=overall-response] .el-statistic__content")).ToHaveTextAsync("33.3%");
            await console.Menu.GetByText("工作台").ClickAsync();
            await console.Page.Locator("[data-test=ledger-response-late]").ClickAsync();
            var ledger = console.Page.Locator("[data-test=ledger-table] .el-table__body tbody tr");
            await Expect(ledger).ToHaveCountAsync(2);
            await Expect(console.Page.Locator("[data-test=ledger-table]")).ToContainTextAsync("无人受理的咨询一");
            await Expect(console.Page.Locator("[data-test=ledger-table]")).ToContainTextAsync("无人受理的咨询二");
            await Expect(console.Page.Locator("[data-test=ledger-table]")).Not.ToContainTextAsync("按时答复的咨询");
        });
}
