using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Shangmi.Api.ServiceRequests;
using Shangmi.Api.Tests.Infrastructure;
using static Shangmi.Api.Tests.Enterprises.EnterpriseClient;
using static Shangmi.Api.Tests.Services.ServiceClient;

namespace Shangmi.Api.Tests.Services;

/// <summary>
/// The three rates on a ledger computed by hand, including a request closed without feedback, and the ledger's own
/// numbers agreeing with them. All seven requests are submitted on Monday 2026-06-01, so each must be answered by
/// Wednesday 06-03 (two working days).
/// </summary>
public class ServiceRatesTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Each_rate_matches_the_hand_computed_ledger_and_the_ledger_agrees_with_the_rates()
    {
        factory.Clock.SetUtcNow(ChinaTime(6, 1, 10));
        var heping = await MemberAsync(factory, "和平区", "天津和平一号有限公司");
        var hexi = await MemberAsync(factory, "河西区", "天津河西二号有限公司");
        var staff = await ServiceAsync(factory);
        var now = factory.Clock.GetUtcNow();
        var r1 = await SubmitAsync(factory, heping, Consultation("一"));
        var r2 = await SubmitAsync(factory, heping, Consultation("二"));
        var r3 = await SubmitAsync(factory, heping, Visit(now, "三"));
        var r4 = await SubmitAsync(factory, heping, new { kind = "rights", subject = "四", description = "疑似被前员工泄露客户名单。" });
        var r5 = await SubmitAsync(factory, hexi, Consultation("五"));
        var r6 = await SubmitAsync(factory, hexi, new { kind = "training", subject = "六", description = "希望为中层干部办一次保密培训。" });
        var r7 = await SubmitAsync(factory, hexi, new { kind = "training", subject = "七", description = "新员工入职保密教育。" });

        // Before any deadline has passed there is no response rate to speak of.
        var early = await RatesAsync(staff, "");
        Assert.Equal(7, early.GetProperty("overall").GetProperty("requests").GetInt64());
        Assert.Equal(0, early.GetProperty("overall").GetProperty("responseDue").GetInt64());
        Assert.Equal(JsonValueKind.Null, early.GetProperty("overall").GetProperty("responseRate").ValueKind);

        // Day one: 1, 2, 3 and 7 accepted, 5 rejected with a reason (all in time); 1, 2 and 3 resolved; 1 solved 5★, 2 unsolved 3★.
        foreach (var id in new[] { r1, r2, r3, r7 })
        {
            await ActAsync(staff, id, "accept");
        }

        await ActAsync(staff, r5, "reject", new { text = "不属于商业秘密保护范围，建议向知识产权部门咨询" });
        await ActAsync(staff, r3, "visit", new { at = now.AddDays(1), place = "企业会议室", staff = "林岚" });
        foreach (var id in new[] { r1, r2, r3 })
        {
            await ActAsync(staff, id, "resolve", new { text = "已答复" });
        }

        Assert.Equal(HttpStatusCode.OK, (await FeedbackAsync(factory, heping, r1, true, 5)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await FeedbackAsync(factory, heping, r2, false, 3)).StatusCode);

        // Thursday 06-04: 6 is accepted a day late, resolved, and rated solved 4★. 4 is never answered.
        factory.Clock.SetUtcNow(ChinaTime(6, 4, 10));
        (staff, heping, hexi) = (await ServiceAsync(factory), await AgainAsync(factory, heping), await AgainAsync(factory, hexi));
        await ActAsync(staff, r6, "accept");
        await ActAsync(staff, r6, "resolve", new { text = "已安排培训" });
        Assert.Equal(HttpStatusCode.OK, (await FeedbackAsync(factory, hexi, r6, true, 4)).StatusCode);

        // 06-12: 3 was resolved on 06-01 and never rated; the job closes it without feedback, once (the hosted job may
        // have run its round as the clock moved: either way there is one close).
        factory.Clock.SetUtcNow(ChinaTime(6, 12, 10));
        (staff, heping) = (await ServiceAsync(factory), await AgainAsync(factory, heping));
        var window = factory.Services.GetRequiredService<FeedbackWindow>();
        await Task.WhenAll(window.CloseLapsedAsync(default), window.CloseLapsedAsync(default));
        Assert.Equal(0, await window.CloseLapsedAsync(default));
        var closed = await MineAsync(factory, heping, r3);
        Assert.Single(closed.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "closed");
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        Assert.True(closed.GetProperty("closedWithoutFeedback").GetBoolean());
        await ProblemAssert.IsProblemAsync(await FeedbackAsync(factory, heping, r3, true, 5), HttpStatusCode.Conflict, "service_request.feedback_not_open");

        var rates = await RatesAsync(staff, "");
        AssertLine(rates.GetProperty("overall"), requests: 7, due: 7, inTime: 5, responseRate: 71.4, feedback: 3, solved: 2, solveRate: 66.7,
            ratings: 3, satisfied: 2, satisfactionRate: 66.7);
        var byDistrict = rates.GetProperty("byDistrict").EnumerateArray().ToDictionary(l => l.GetProperty("name").GetString()!);
        AssertLine(byDistrict["和平区"], 4, 4, 3, 75.0, 2, 1, 50.0, 2, 1, 50.0);
        AssertLine(byDistrict["河西区"], 3, 3, 2, 66.7, 1, 1, 100.0, 1, 1, 100.0);
        var byKind = rates.GetProperty("byKind").EnumerateArray().ToDictionary(l => l.GetProperty("key").GetString()!);
        AssertLine(byKind["consultation"], 3, 3, 3, 100.0, 2, 1, 50.0, 2, 1, 50.0);
        AssertLine(byKind["visit"], 1, 1, 1, 100.0, 0, 0, null, 0, 0, null);
        AssertLine(byKind["rights"], 1, 1, 0, 0.0, 0, 0, null, 0, 0, null);
        AssertLine(byKind["training"], 2, 2, 1, 50.0, 1, 1, 100.0, 1, 1, 100.0);

        // The ledger's flags, summed per district, are exactly the rates' counts.
        var ledger = (await staff.GetFromJsonAsync<JsonElement>("/api/v1/admin/service-requests?pageSize=50")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(7, ledger.Count);
        foreach (var group in ledger.GroupBy(l => l.GetProperty("districtName").GetString()!))
        {
            var line = byDistrict[group.Key];
            Assert.Equal(line.GetProperty("requests").GetInt64(), group.Count());
            Assert.Equal(line.GetProperty("responseDue").GetInt64(), group.Count(l => l.GetProperty("responseDue").GetBoolean()));
            Assert.Equal(line.GetProperty("respondedInTime").GetInt64(), group.Count(l => l.GetProperty("respondedInTime").GetBoolean()));
            Assert.Equal(line.GetProperty("feedbackGiven").GetInt64(), group.Count(l => l.GetProperty("feedbackGiven").GetBoolean()));
            Assert.Equal(line.GetProperty("solved").GetInt64(), group.Count(l => l.GetProperty("solved").ValueKind == JsonValueKind.True));
            Assert.Equal(line.GetProperty("ratings").GetInt64(), group.Count(l => l.GetProperty("rating").ValueKind == JsonValueKind.Number));
            Assert.Equal(line.GetProperty("satisfied").GetInt64(),
                group.Count(l => l.GetProperty("rating").ValueKind == JsonValueKind.Number && l.GetProperty("rating").GetInt32() >= 4));
        }

        // Only 4 is overdue (never answered); 7 is open but within its 15 working days.
        var overdue = await staff.GetFromJsonAsync<JsonElement>("/api/v1/admin/service-requests?overdue=true");
        Assert.Equal(r4, Assert.Single(overdue.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());

        // A later request is outside a period that ends before it, and the filters narrow the rates as they narrow the ledger.
        var later = await SubmitAsync(factory, heping, Consultation("八"));
        Assert.Equal(7, (await RatesAsync(staff, "?from=2026-06-01&to=2026-06-11")).GetProperty("overall").GetProperty("requests").GetInt64());
        Assert.Equal(later, Assert.Single((await staff.GetFromJsonAsync<JsonElement>("/api/v1/admin/service-requests?from=2026-06-12"))
            .GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());
        var hexiOnly = await RatesAsync(staff, $"?districtId={await DistrictAsync(factory, "河西区")}&kind=training");
        AssertLine(hexiOnly.GetProperty("overall"), 2, 2, 1, 50.0, 1, 1, 100.0, 1, 1, 100.0);
    }

    private static async Task<JsonElement> RatesAsync(HttpClient staff, string query) =>
        await staff.GetFromJsonAsync<JsonElement>("/api/v1/admin/service-requests/rates" + query);

    private static void AssertLine(JsonElement line, long requests, long due, long inTime, double? responseRate, long feedback, long solved,
        double? solveRate, long ratings, long satisfied, double? satisfactionRate)
    {
        Assert.Equal(requests, line.GetProperty("requests").GetInt64());
        Assert.Equal(due, line.GetProperty("responseDue").GetInt64());
        Assert.Equal(inTime, line.GetProperty("respondedInTime").GetInt64());
        Assert.Equal(responseRate, Rate(line, "responseRate"));
        Assert.Equal(feedback, line.GetProperty("feedbackGiven").GetInt64());
        Assert.Equal(solved, line.GetProperty("solved").GetInt64());
        Assert.Equal(solveRate, Rate(line, "solveRate"));
        Assert.Equal(ratings, line.GetProperty("ratings").GetInt64());
        Assert.Equal(satisfied, line.GetProperty("satisfied").GetInt64());
        Assert.Equal(satisfactionRate, Rate(line, "satisfactionRate"));
    }

    private static double? Rate(JsonElement line, string name) =>
        line.GetProperty(name).ValueKind == JsonValueKind.Null ? null : line.GetProperty(name).GetDouble();
}

/// <summary>Deadlines in working days on the calendar the tips use: across a holiday, and counting a make-up working Sunday.</summary>
public class ServiceDeadlineTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Deadlines_skip_the_dragon_boat_holiday_count_a_make_up_sunday_and_flag_overdue_after_the_day()
    {
        // Thursday 2026-06-18; 06-19 to 06-21 are the Dragon Boat holiday.
        factory.Clock.SetUtcNow(new DateTimeOffset(2026, 6, 18, 10, 0, 0, TimeSpan.FromHours(8)));
        var member = await MemberAsync(factory);
        var staff = await ServiceAsync(factory);
        var june = await SubmitAsync(factory, member, Consultation("端午前"));
        var line = (await staff.GetFromJsonAsync<JsonElement>($"/api/v1/admin/service-requests/{june}")).GetProperty("summary");
        Assert.Equal("2026-06-23", line.GetProperty("respondDueOn").GetString());
        Assert.Equal("2026-07-10", line.GetProperty("resolveDueOn").GetString());

        // Friday 2026-09-18; Sunday 09-20 is a make-up working day, then Mid-Autumn and National Day (10-10 a make-up Saturday).
        factory.Clock.SetUtcNow(new DateTimeOffset(2026, 9, 18, 10, 0, 0, TimeSpan.FromHours(8)));
        (staff, member) = (await ServiceAsync(factory), await AgainAsync(factory, member));
        var september = await SubmitAsync(factory, member, Consultation("国庆前"));
        line = (await staff.GetFromJsonAsync<JsonElement>($"/api/v1/admin/service-requests/{september}")).GetProperty("summary");
        Assert.Equal("2026-09-21", line.GetProperty("respondDueOn").GetString());
        Assert.Equal("2026-10-15", line.GetProperty("resolveDueOn").GetString());

        // On the due day it is not overdue yet; the day after it is.
        factory.Clock.SetUtcNow(new DateTimeOffset(2026, 9, 21, 23, 0, 0, TimeSpan.FromHours(8)));
        staff = await ServiceAsync(factory);
        Assert.False((await staff.GetFromJsonAsync<JsonElement>($"/api/v1/admin/service-requests/{september}")).GetProperty("summary")
            .GetProperty("overdue").GetBoolean());
        factory.Clock.SetUtcNow(new DateTimeOffset(2026, 9, 22, 9, 0, 0, TimeSpan.FromHours(8)));
        staff = await ServiceAsync(factory);
        Assert.True((await staff.GetFromJsonAsync<JsonElement>($"/api/v1/admin/service-requests/{september}")).GetProperty("summary")
            .GetProperty("overdue").GetBoolean());
        // Answering late clears "overdue" but the response stays late: it counts against the response rate.
        await ActAsync(staff, september, "accept");
        var answered = (await staff.GetFromJsonAsync<JsonElement>($"/api/v1/admin/service-requests/{september}")).GetProperty("summary");
        Assert.False(answered.GetProperty("overdue").GetBoolean());
        Assert.True(answered.GetProperty("responseDue").GetBoolean());
        Assert.False(answered.GetProperty("respondedInTime").GetBoolean());
    }
}
