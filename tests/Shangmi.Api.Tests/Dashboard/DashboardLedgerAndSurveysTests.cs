using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Infrastructure;
using Shangmi.Api.Tests.Services;
using Shangmi.Api.Tests.Surveys;
using static Shangmi.Api.Tests.Enterprises.EnterpriseClient;
using static Shangmi.Api.Tests.Services.ServiceClient;

namespace Shangmi.Api.Tests.Dashboard;

/// <summary>
/// The dashboard's ledger and survey sections: each figure equals the filtered list or report it links to, district
/// staff count only their district, and this month means the China month the clock stands in.
/// </summary>
public class DashboardLedgerAndSurveysTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Service_staff_see_requests_past_their_response_deadline_and_this_months_rates_as_the_ledger_counts_them()
    {
        // Tuesday 28 July: one 河西区 request that nobody ever answers (last month, still late this month).
        factory.Clock.SetUtcNow(ChinaTime(7, 28, 23));
        var hexi = await ServiceClient.MemberAsync(factory, "河西区", "天津河西看板一号有限公司");
        var lastMonth = await ServiceClient.SubmitAsync(factory, hexi, ServiceClient.Consultation("上月未响应"));

        // 31 July, 23:30 China time is still July (15:30 UTC); 1 August 00:30 China is 31 July 16:30 UTC and is August.
        factory.Clock.SetUtcNow(ChinaTime(7, 31, 23).AddMinutes(30));
        hexi = await ServiceClient.AgainAsync(factory, hexi);
        var lastHalfHour = await ServiceClient.SubmitAsync(factory, hexi, ServiceClient.Consultation("七月最后半小时"));
        factory.Clock.SetUtcNow(ChinaTime(8, 1, 0).AddMinutes(30));
        hexi = await ServiceClient.AgainAsync(factory, hexi);
        var answeredLate = await ServiceClient.SubmitAsync(factory, hexi, ServiceClient.Consultation("八月第一件"));
        var neverAnswered = await ServiceClient.SubmitAsync(factory, hexi, ServiceClient.Consultation("八月第二件"));
        var answeredInTime = await ServiceClient.SubmitAsync(factory, hexi, ServiceClient.Consultation("八月第三件"));
        var heping = await ServiceClient.MemberAsync(factory, "和平区", "天津和平看板二号有限公司");
        await ServiceClient.SubmitAsync(factory, heping, ServiceClient.Consultation("和平区未响应"));
        var cityStaff = await ServiceAsync(factory);
        await ServiceClient.ActAsync(cityStaff, answeredInTime, "accept");
        await ServiceClient.ActAsync(cityStaff, answeredInTime, "resolve", new { text = "已电话答复" });
        Assert.Equal(System.Net.HttpStatusCode.OK, (await ServiceClient.FeedbackAsync(factory, hexi, answeredInTime, true, 5)).StatusCode);

        // Thursday 6 August: every deadline (Tuesday 4 August, two working days after the weekend) has passed; one is
        // answered late.
        factory.Clock.SetUtcNow(ChinaTime(8, 6, 10));
        var hexiStaff = await ServiceAsync(factory, "河西区");
        cityStaff = await ServiceAsync(factory);
        await ServiceClient.ActAsync(hexiStaff, answeredLate, "accept");

        var board = await hexiStaff.GetFromJsonAsync<JsonElement>("/api/v1/admin/dashboard");
        var ledger = board.GetProperty("ledger");
        Assert.Equal(3, ledger.GetProperty("responseLate").GetInt64());
        var late = await hexiStaff.GetFromJsonAsync<JsonElement>("/api/v1/admin/service-requests?status=submitted&overdue=true");
        Assert.Equal(3, late.GetProperty("total").GetInt64());
        Assert.Equal(new[] { neverAnswered, lastMonth, lastHalfHour }.Order(), late.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).Order());

        Assert.Equal("2026-08-01", ledger.GetProperty("monthFrom").GetString());
        Assert.Equal("2026-08-06", ledger.GetProperty("asOf").GetString());
        var month = ledger.GetProperty("thisMonth");
        Assert.Equal(3, month.GetProperty("requests").GetInt64());
        Assert.Equal(3, month.GetProperty("responseDue").GetInt64());
        Assert.Equal(1, month.GetProperty("respondedInTime").GetInt64());
        Assert.Equal(33.3, month.GetProperty("responseRate").GetDouble());
        Assert.Equal(100.0, month.GetProperty("solveRate").GetDouble());
        Assert.Equal(100.0, month.GetProperty("satisfactionRate").GetDouble());
        var rates = (await hexiStaff.GetFromJsonAsync<JsonElement>("/api/v1/admin/service-requests/rates?from=2026-08-01&to=2026-08-06")).GetProperty("overall");
        foreach (var figure in new[] { "requests", "responseDue", "respondedInTime", "responseRate", "feedbackGiven", "solved", "solveRate", "ratings", "satisfied", "satisfactionRate" })
        {
            Assert.Equal(rates.GetProperty(figure).ToString(), month.GetProperty(figure).ToString());
        }

        var city = (await cityStaff.GetFromJsonAsync<JsonElement>("/api/v1/admin/dashboard")).GetProperty("ledger");
        Assert.Equal(4, city.GetProperty("responseLate").GetInt64());
        Assert.Equal(4, city.GetProperty("thisMonth").GetProperty("requests").GetInt64());
        Assert.Equal(JsonValueKind.Null, board.GetProperty("surveys").ValueKind);
        Assert.Equal(JsonValueKind.Null, board.GetProperty("tips").ValueKind);
    }

    [Fact]
    public async Task Analysts_see_the_open_surveys_only_with_submitted_over_audience()
    {
        var analyst = await SurveyClient.AnalystAsync(factory);
        var nankai = await DistrictAsync(factory, "南开区");
        var first = await SurveyClient.MemberAsync(factory, "南开区");
        var second = await SurveyClient.MemberAsync(factory, "南开区");
        await SurveyClient.MemberAsync(factory, "南开区");
        var open = await SurveyClient.OpenStandardAsync(analyst, SurveyClient.Settings(factory, "看板：开放中的调查", audience: "chosen", districtIds: [nankai]));
        var later = await SurveyClient.OpenStandardAsync(analyst, SurveyClient.Settings(factory, "看板：下月开放", opensInDays: 30, audience: "chosen", districtIds: [nankai]));
        var closed = await SurveyClient.OpenStandardAsync(analyst, SurveyClient.Settings(factory, "看板：已结束", audience: "chosen", districtIds: [nankai]));
        await SurveyClient.AnswerAsync(factory, first.Token, open, SurveyClient.Answers());
        await SurveyClient.SaveAsync(factory, second.Token, open, SurveyClient.Answers()); // a draft is not a response
        Assert.True((await analyst.PostAsync($"/api/v1/admin/surveys/{closed}/close", null)).IsSuccessStatusCode);

        var surveys = (await analyst.GetFromJsonAsync<JsonElement>("/api/v1/admin/dashboard")).GetProperty("surveys").GetProperty("open");
        var shown = Assert.Single(surveys.EnumerateArray());
        Assert.Equal(open, shown.GetProperty("id").GetInt64());
        Assert.Equal(1, shown.GetProperty("submitted").GetInt64());
        Assert.Equal(3, shown.GetProperty("audience").GetInt64());
        Assert.Equal(0.3333m, shown.GetProperty("responseRate").GetDecimal());
        Assert.DoesNotContain(surveys.EnumerateArray(), s => s.GetProperty("id").GetInt64() == later);

        var service = await (await ServiceAsync(factory)).GetFromJsonAsync<JsonElement>("/api/v1/admin/dashboard");
        Assert.Equal(JsonValueKind.Null, service.GetProperty("surveys").ValueKind);
        var forAnalyst = await analyst.GetFromJsonAsync<JsonElement>("/api/v1/admin/dashboard");
        Assert.Equal(JsonValueKind.Null, forAnalyst.GetProperty("ledger").ValueKind);
    }
}
