using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Infrastructure;
using Shangmi.Api.Tips;
using static Shangmi.Api.Tests.Tips.TipClient;

namespace Shangmi.Api.Tests.Tips;

public class TipWorkflowTests
{
    [Theory]
    [InlineData(TipStatus.Submitted, TipStatus.Accepted, true)]
    [InlineData(TipStatus.Submitted, TipStatus.Rejected, true)]
    [InlineData(TipStatus.Submitted, TipStatus.Closed, false)]
    [InlineData(TipStatus.Accepted, TipStatus.Closed, true)]
    [InlineData(TipStatus.Rejected, TipStatus.Closed, false)]
    [InlineData(TipStatus.Transferred, TipStatus.Closed, false)]
    [InlineData(TipStatus.Submitted, TipStatus.Discarded, false)] // only through the discard action, with its reason
    public void Moves_follow_the_graph(TipStatus from, TipStatus to, bool allowed) => Assert.Equal(allowed, TipWorkflow.CanMove(from, to));

    [Fact]
    public void Every_state_without_a_way_out_is_final_and_spam_can_be_discarded_until_a_case_is_handled()
    {
        foreach (var status in Enum.GetValues<TipStatus>())
        {
            var noWayOut = Enum.GetValues<TipStatus>().All(to => !TipWorkflow.CanMove(status, to));
            Assert.Equal(noWayOut, TipWorkflow.IsFinal(status));
        }

        Assert.True(TipWorkflow.CanDiscard(TipStatus.Submitted));
        Assert.True(TipWorkflow.CanDiscard(TipStatus.Rejected));
        Assert.False(TipWorkflow.CanDiscard(TipStatus.Closed));
        Assert.False(TipWorkflow.CanDiscard(TipStatus.Discarded));
    }

    [Fact]
    public void Overdue_means_undecided_past_the_decision_date_or_not_told_past_the_notify_date()
    {
        var today = new DateOnly(2026, 6, 10);
        var decided = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.True(TipWorkflow.IsOverdue(new(today.AddDays(-1), null, null, null), today));
        Assert.False(TipWorkflow.IsOverdue(new(today, null, null, null), today));
        Assert.False(TipWorkflow.IsOverdue(new(today.AddDays(-1), decided, null, null), today));
        Assert.True(TipWorkflow.IsOverdue(new(today.AddDays(-9), decided, today.AddDays(-1), null), today));
        Assert.False(TipWorkflow.IsOverdue(new(today.AddDays(-9), decided, today.AddDays(-1), decided), today));
    }
}

/// <summary>The overdue rule is written once in C# and once in SQL: the list filter and each tip's flag must agree.</summary>
public class TipOverdueAgreementTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task The_overdue_filter_and_the_overdue_flag_agree_on_every_tip()
    {
        var officer = await OfficerAsync(factory);
        var (_, old) = await SubmitWithIdAsync(factory, officer);
        var (_, decided) = await SubmitWithIdAsync(factory, officer);
        var (_, realName) = (await SubmitAsync(factory, Tip(identity: new { name = "王某", phone = "13987654321" })), await LatestTipIdAsync(officer));
        await MoveAsync(officer, decided, "accepted");
        factory.Clock.Advance(TimeSpan.FromDays(25));
        officer = await OfficerAsync(factory);
        await MoveAsync(officer, realName, "rejected");
        var (_, fresh) = await SubmitWithIdAsync(factory, officer);
        factory.Clock.Advance(TimeSpan.FromDays(10));
        officer = await OfficerAsync(factory);

        var all = await ItemsAsync(officer, "");
        var overdue = await ItemsAsync(officer, "&overdue=true");
        var onTime = await ItemsAsync(officer, "&overdue=false");

        Assert.Equal(all.Keys.Order(), overdue.Keys.Concat(onTime.Keys).Order());
        Assert.All(overdue.Values, flag => Assert.True(flag));
        Assert.All(onTime.Values, flag => Assert.False(flag));
        Assert.True(all[old] && all[realName]);
        Assert.False(all[decided] || all[fresh]);
    }

    private static async Task<Dictionary<long, bool>> ItemsAsync(HttpClient officer, string filter) =>
        (await officer.GetFromJsonAsync<JsonElement>($"/api/v1/admin/tips?pageSize=50{filter}")).GetProperty("items").EnumerateArray()
        .ToDictionary(t => t.GetProperty("id").GetInt64(), t => t.GetProperty("overdue").GetBoolean());
}
