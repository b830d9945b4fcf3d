using Shangmi.Api.Events;

namespace Shangmi.Api.Tests.Events;

/// <summary>The one registration-window rule that both the event lists and registering follow.</summary>
public class RegistrationWindowTests
{
    private static readonly DateTime Opens = new(2026, 5, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Closes = Opens.AddDays(10);
    private static readonly DateTime Starts = Opens.AddDays(12);

    [Theory]
    [InlineData(-1, RegistrationWindow.NotOpen)] // a minute before it opens
    [InlineData(0, RegistrationWindow.Open)] // opens on the minute
    [InlineData(10 * 24 * 60 - 1, RegistrationWindow.Open)] // the last minute before the deadline
    [InlineData(10 * 24 * 60, RegistrationWindow.Closed)] // the deadline itself is closed
    [InlineData(12 * 24 * 60, RegistrationWindow.Closed)] // the event has started
    public void The_clock_decides_where_registration_stands(int minutesAfterOpening, RegistrationWindow expected)
    {
        Assert.Equal(expected, EventRules.RegistrationWindowAt(Opens.AddMinutes(minutesAfterOpening), Opens, Closes, Starts));
    }

    [Fact]
    public void An_event_that_starts_before_the_deadline_closes_registration_when_it_starts()
    {
        var startsEarly = Opens.AddDays(5);

        Assert.Equal(RegistrationWindow.Closed, EventRules.RegistrationWindowAt(startsEarly, Opens, Closes, startsEarly));
    }
}
