using Shangmi.Api.Tips;

namespace Shangmi.Api.Tests.Tips;

public class WorkCalendarTests
{
    // National Day 2026: 1–7 October off, Saturday 10 October a make-up working day; Sunday 20 September too.
    private static readonly Dictionary<DateOnly, bool> Calendar = new()
    {
        [new(2026, 9, 20)] = true,
        [new(2026, 10, 1)] = false, [new(2026, 10, 2)] = false, [new(2026, 10, 3)] = false, [new(2026, 10, 4)] = false,
        [new(2026, 10, 5)] = false, [new(2026, 10, 6)] = false, [new(2026, 10, 7)] = false,
        [new(2026, 10, 10)] = true,
    };

    [Fact]
    public void Fifteen_working_days_skip_the_holiday_and_count_the_make_up_saturday()
    {
        // From Wednesday 30 September: 8, 9, 10 (Sat, make-up), 12–16, 19–23, 26, 27 October.
        Assert.Equal(new DateOnly(2026, 10, 27), WorkCalendar.AddWorkingDays(new DateOnly(2026, 9, 30), 15, Calendar));
    }

    [Fact]
    public void A_make_up_sunday_counts_and_ordinary_weekends_do_not()
    {
        // From Friday 18 September: 20 (Sun, make-up), 21, 22, 23, 24.
        Assert.Equal(new DateOnly(2026, 9, 24), WorkCalendar.AddWorkingDays(new DateOnly(2026, 9, 18), 5, Calendar));
        // An ordinary week: Friday 6 November + 5 → Friday 13 November.
        Assert.Equal(new DateOnly(2026, 11, 13), WorkCalendar.AddWorkingDays(new DateOnly(2026, 11, 6), 5, Calendar));
    }

    [Fact]
    public void Working_days_left_count_from_tomorrow_and_skip_the_holiday_and_due_by_is_their_last_date()
    {
        // Tuesday 29 September: 30 September, then the holiday, then Thursday 8 October.
        Assert.Equal(1, WorkCalendar.WorkingDaysAfter(new DateOnly(2026, 9, 29), new DateOnly(2026, 10, 7), Calendar));
        Assert.Equal(2, WorkCalendar.WorkingDaysAfter(new DateOnly(2026, 9, 29), new DateOnly(2026, 10, 8), Calendar));
        Assert.Equal(0, WorkCalendar.WorkingDaysAfter(new DateOnly(2026, 9, 29), new DateOnly(2026, 9, 29), Calendar));
        Assert.Equal(0, WorkCalendar.WorkingDaysAfter(new DateOnly(2026, 9, 29), new DateOnly(2026, 9, 28), Calendar));
        // Three working days after 29 September are 30 September, 8 and 9 October; Saturday 10 October is a make-up
        // working day, the fourth, so the last date with at most three left is 9 October.
        Assert.Equal(new DateOnly(2026, 10, 9), WorkCalendar.DueBy(new DateOnly(2026, 9, 29), 3, Calendar));
        // From Saturday 7 November the weekend does not count: Monday to Wednesday are the three; a Sunday deadline has none.
        Assert.Equal(new DateOnly(2026, 11, 11), WorkCalendar.DueBy(new DateOnly(2026, 11, 7), 3, Calendar));
        Assert.Equal(0, WorkCalendar.WorkingDaysAfter(new DateOnly(2026, 11, 7), new DateOnly(2026, 11, 8), Calendar));
    }

    [Fact]
    public void A_tip_runs_against_the_decision_then_the_notice_then_nothing()
    {
        var today = new DateOnly(2026, 11, 10);
        var undecided = new TipDeadlines(new DateOnly(2026, 11, 12), null, null, null);
        Assert.Equal(new TipDue(new DateOnly(2026, 11, 12), 2, null), TipWorkflow.Due(undecided, today, Calendar));
        var late = undecided with { DecisionDueOn = new DateOnly(2026, 11, 6) };
        Assert.Equal(new TipDue(new DateOnly(2026, 11, 6), null, 4), TipWorkflow.Due(late, today, Calendar));
        var decided = late with { DecidedAt = DateTimeOffset.Parse("2026-11-09T02:00:00Z"), NotifyDueOn = new DateOnly(2026, 11, 16) };
        Assert.Equal(new TipDue(new DateOnly(2026, 11, 16), 4, null), TipWorkflow.Due(decided, today, Calendar));
        var told = decided with { NotifiedAt = DateTimeOffset.Parse("2026-11-10T02:00:00Z") };
        Assert.Equal(new TipDue(null, null, null), TipWorkflow.Due(told, today, Calendar));
    }
}
