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
}
