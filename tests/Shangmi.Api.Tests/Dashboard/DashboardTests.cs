using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Events;
using Shangmi.Api.Tests.Infrastructure;
using Shangmi.Api.Tests.Tips;
using static Shangmi.Api.Tests.Enterprises.EnterpriseClient;

namespace Shangmi.Api.Tests.Dashboard;

/// <summary>The console's front page: one request, the figures each role may see, equal to the lists they lead to.</summary>
public class DashboardTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task An_officer_sees_tips_due_within_three_working_days_and_overdue_equal_to_the_filtered_lists()
    {
        // The clock stands at Monday 1 June 2026 (China). With a holiday on Tuesday 2 June, the working days after today
        // are 3, 4, 5 and 8 June: a deadline on Friday 5 June leaves three, Monday 8 June four.
        var admin = factory.ClientWith(await factory.SignInStaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword));
        (await admin.PutAsJsonAsync("/api/v1/admin/work-calendar/2026-06-02", new { isWorkday = false, note = "测试假日" })).EnsureSuccessStatusCode();
        var officer = await TipClient.OfficerAsync(factory);
        var due = new Dictionary<string, long>();
        foreach (var (name, dueOn) in new[] { ("late", "2026-05-28"), ("today", "2026-06-01"), ("thursday", "2026-06-04"), ("friday", "2026-06-05"), ("monday", "2026-06-08") })
        {
            var (_, id) = await TipClient.SubmitWithIdAsync(factory, officer);
            await factory.ScalarAsync<int>("UPDATE tips SET decision_due_on = @dueOn WHERE id = @id", new { dueOn, id });
            due[name] = id;
        }

        // A decided real-name tip runs against telling the reporter (due Wednesday: one working day left); a decided
        // anonymous one has nothing due.
        await TipClient.SubmitAsync(factory, TipClient.Tip(identity: new { name = "张三", phone = "13812345678" }));
        var realNameId = await TipClient.LatestTipIdAsync(officer);
        await TipClient.MoveAsync(officer, realNameId, "accepted");
        await factory.ScalarAsync<int>("UPDATE tips SET notify_due_on = '2026-06-03' WHERE id = @realNameId", new { realNameId });
        var (_, decidedId) = await TipClient.SubmitWithIdAsync(factory, officer);
        await TipClient.MoveAsync(officer, decidedId, "rejected");

        var dashboard = await officer.GetFromJsonAsync<JsonElement>("/api/v1/admin/dashboard");
        var tips = dashboard.GetProperty("tips");
        Assert.Equal(3, tips.GetProperty("dueWithinWorkingDays").GetInt32());
        Assert.Equal(4, tips.GetProperty("dueSoon").GetInt64());
        Assert.Equal(1, tips.GetProperty("overdue").GetInt64());
        Assert.Equal(JsonValueKind.Null, dashboard.GetProperty("events").ValueKind);
        Assert.Equal(JsonValueKind.Null, dashboard.GetProperty("articles").ValueKind);
        Assert.Equal(JsonValueKind.Null, dashboard.GetProperty("enterprises").ValueKind);

        var soon = await ItemsAsync(officer, "/api/v1/admin/tips?dueWithin=3");
        Assert.Equal(new[] { due["today"], due["thursday"], due["friday"], realNameId }.Order(), soon.Keys.Order());
        Assert.Equal(0, soon[due["today"]].GetProperty("workingDaysLeft").GetInt32());
        Assert.Equal(2, soon[due["thursday"]].GetProperty("workingDaysLeft").GetInt32());
        Assert.Equal(3, soon[due["friday"]].GetProperty("workingDaysLeft").GetInt32());
        Assert.Equal("2026-06-03", soon[realNameId].GetProperty("dueOn").GetString());
        Assert.Equal(1, soon[realNameId].GetProperty("workingDaysLeft").GetInt32());
        var overdue = await ItemsAsync(officer, "/api/v1/admin/tips?overdue=true");
        Assert.Equal([due["late"]], overdue.Keys);
        Assert.Equal(4, overdue[due["late"]].GetProperty("daysOverdue").GetInt32());
        Assert.Equal(JsonValueKind.Null, overdue[due["late"]].GetProperty("workingDaysLeft").ValueKind);

        var all = await ItemsAsync(officer, "/api/v1/admin/tips?pageSize=50");
        Assert.Equal(4, all[due["monday"]].GetProperty("workingDaysLeft").GetInt32());
        Assert.Equal(JsonValueKind.Null, all[decidedId].GetProperty("dueOn").ValueKind);
        var detail = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/admin/tips/{due["thursday"]}");
        Assert.Equal(2, detail.GetProperty("due").GetProperty("workingDaysLeft").GetInt32());
        var actions = detail.GetProperty("actions");
        Assert.Equal(["accepted", "rejected"], actions.GetProperty("moves").EnumerateArray().Select(m => m.GetString()));
        Assert.True(actions.GetProperty("extend").GetBoolean());
        Assert.False(actions.GetProperty("notify").GetBoolean());
        var accepted = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/admin/tips/{realNameId}");
        Assert.Equal(["investigating", "transferred", "closed"],
            accepted.GetProperty("actions").GetProperty("moves").EnumerateArray().Select(m => m.GetString()));
        Assert.False(accepted.GetProperty("actions").GetProperty("extend").GetBoolean());
        Assert.True(accepted.GetProperty("actions").GetProperty("notify").GetBoolean());

        await ProblemAssert.IsProblemAsync(await officer.GetAsync("/api/v1/admin/tips?dueWithin=0"), HttpStatusCode.BadRequest, "validation.failed");
        await ProblemAssert.IsProblemAsync(await officer.GetAsync("/api/v1/admin/tips?dueWithin=99999"), HttpStatusCode.BadRequest, "validation.failed");
    }

    [Fact]
    public async Task Each_role_gets_only_its_own_sections_and_district_staff_count_only_their_district()
    {
        var hexiId = await DistrictAsync(factory, "河西区");
        var nankaiId = await DistrictAsync(factory, "南开区");
        await ClaimedAsync(factory, await EventClient.UserAsync(factory), ClaimForm(NewCode(), "河西待审科技有限公司", districtId: hexiId));
        await ClaimedAsync(factory, await EventClient.UserAsync(factory), ClaimForm(NewCode(), "南开待审科技有限公司", districtId: nankaiId));
        await ClaimedAsync(factory, await EventClient.UserAsync(factory), ClaimForm(NewCode(), "南开另一家有限公司", districtId: nankaiId));
        var editor = await factory.EditorAsync();
        var eventId = await EventClient.CreateAsync(factory, editor, capacity: 10, requiresApproval: true);
        await EventClient.RegisteredAsync(factory, await EventClient.UserAsync(factory), eventId, EventClient.Registration(code: 0));
        await EventClient.RegisteredAsync(factory, await EventClient.UserAsync(factory), eventId, EventClient.Registration(code: 1));

        var hexi = await (await ServiceAsync(factory, "河西区")).GetFromJsonAsync<JsonElement>("/api/v1/admin/dashboard");
        Assert.Equal(1, hexi.GetProperty("enterprises").GetProperty("pendingClaims").GetInt64());
        Assert.Equal(JsonValueKind.Null, hexi.GetProperty("tips").ValueKind);
        Assert.Equal(JsonValueKind.Null, hexi.GetProperty("events").ValueKind);
        var city = await (await ServiceAsync(factory)).GetFromJsonAsync<JsonElement>("/api/v1/admin/dashboard");
        Assert.Equal(3, city.GetProperty("enterprises").GetProperty("pendingClaims").GetInt64());

        var columns = await editor.GetFromJsonAsync<JsonElement>("/api/v1/admin/columns");
        var article = await editor.PostAsJsonAsync("/api/v1/admin/articles", new
        {
            columnId = columns[0].GetProperty("id").GetInt64(), title = "定时发布的解读", contentHtml = "<p>正文</p>",
            status = "scheduled", publishAt = factory.Clock.GetUtcNow().AddDays(2),
        });
        Assert.True(article.IsSuccessStatusCode, await article.Content.ReadAsStringAsync());
        var forEditor = await editor.GetFromJsonAsync<JsonElement>("/api/v1/admin/dashboard");
        Assert.Equal(1, forEditor.GetProperty("articles").GetProperty("scheduled").GetInt64());
        Assert.Equal(JsonValueKind.Null, forEditor.GetProperty("tips").ValueKind);
        var events = forEditor.GetProperty("events");
        Assert.Equal(2, events.GetProperty("pendingRegistrations").GetInt64());
        var top = Assert.Single(events.GetProperty("topEvents").EnumerateArray());
        Assert.Equal((eventId, 2L), (top.GetProperty("id").GetInt64(), top.GetProperty("pending").GetInt64()));

        var adminOnly = factory.ClientWith((await factory.CreateStaffAsync("admin")).Token);
        var nothing = await adminOnly.GetFromJsonAsync<JsonElement>("/api/v1/admin/dashboard");
        Assert.All(new[] { "tips", "articles", "events", "enterprises", "ledger" }, name => Assert.Equal(JsonValueKind.Null, nothing.GetProperty(name).ValueKind));
        // Admins may read surveys (the analyst policy), so they see the open ones like analysts.
        Assert.Equal(JsonValueKind.Array, nothing.GetProperty("surveys").GetProperty("open").ValueKind);
        var (user, _) = await factory.SignInUserAsync($"dash{Guid.NewGuid():N}:1");
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.ClientWith(user).GetAsync("/api/v1/admin/dashboard")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync("/api/v1/admin/dashboard")).StatusCode);
    }

    private static async Task<Dictionary<long, JsonElement>> ItemsAsync(HttpClient officer, string url) =>
        (await officer.GetFromJsonAsync<JsonElement>(url)).GetProperty("items").EnumerateArray()
        .ToDictionary(t => t.GetProperty("id").GetInt64(), t => t.GetProperty("due"));
}
