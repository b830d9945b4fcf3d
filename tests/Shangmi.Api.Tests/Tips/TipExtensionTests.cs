using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Tips;

/// <summary>The one extension is taken before the decision deadline passes; a missed deadline stays missed.</summary>
public class TipExtensionTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task An_overdue_tip_cannot_be_extended_after_the_fact_and_stays_overdue()
    {
        var officer = await TipClient.OfficerAsync(factory);
        var (_, id) = await TipClient.SubmitWithIdAsync(factory, officer);
        // The clock stands at Monday 1 June 2026; the deadline was Friday 29 May.
        await factory.ScalarAsync<int>("UPDATE tips SET decision_due_on = '2026-05-29' WHERE id = @id", new { id });

        var tip = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/admin/tips/{id}");
        Assert.False(tip.GetProperty("actions").GetProperty("extend").GetBoolean());
        var problem = await ProblemAssert.IsProblemAsync(
            await officer.PostAsJsonAsync($"/api/v1/admin/tips/{id}/extend", new { reason = "补办延期" }), HttpStatusCode.Conflict,
            "tip.extension_too_late");
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", problem.GetProperty("title").GetString());

        var after = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/admin/tips/{id}");
        Assert.False(after.GetProperty("extended").GetBoolean());
        Assert.True(after.GetProperty("overdue").GetBoolean());
        Assert.Equal("2026-05-29", after.GetProperty("decisionDueOn").GetString());
        var dashboard = await officer.GetFromJsonAsync<JsonElement>("/api/v1/admin/dashboard");
        Assert.Equal(1, dashboard.GetProperty("tips").GetProperty("overdue").GetInt64());
    }

    [Fact]
    public async Task A_tip_due_today_can_still_be_extended_once()
    {
        var officer = await TipClient.OfficerAsync(factory);
        var (_, id) = await TipClient.SubmitWithIdAsync(factory, officer);
        await factory.ScalarAsync<int>("UPDATE tips SET decision_due_on = '2026-06-01' WHERE id = @id", new { id });

        Assert.True((await officer.GetFromJsonAsync<JsonElement>($"/api/v1/admin/tips/{id}")).GetProperty("actions").GetProperty("extend").GetBoolean());
        var response = await officer.PostAsJsonAsync($"/api/v1/admin/tips/{id}/extend", new { reason = "需权利人补充材料" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var extended = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(extended.GetProperty("extended").GetBoolean());
        Assert.False(extended.GetProperty("actions").GetProperty("extend").GetBoolean());
        await ProblemAssert.IsProblemAsync(await officer.PostAsJsonAsync($"/api/v1/admin/tips/{id}/extend", new { reason = "再次" }),
            HttpStatusCode.Conflict, "tip.already_extended");
    }
}
