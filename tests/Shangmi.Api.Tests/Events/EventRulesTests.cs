using Shangmi.Api.Common;
using Shangmi.Api.Events;

namespace Shangmi.Api.Tests.Events;

/// <summary>The events' small request checks, without HTTP.</summary>
public class EventRulesTests
{
    [Theory]
    [InlineData(null, true)]
    [InlineData("upcoming", true)]
    [InlineData("past", true)]
    [InlineData("Upcoming", false)]
    [InlineData("", false)]
    public void The_list_is_of_upcoming_or_past_events_or_of_all(string? when, bool ok)
    {
        Assert.Equal(!ok, EventRules.CheckWhen(when, new FieldErrors()).Any);
    }

    [Fact]
    public void A_check_in_code_is_32_hexadecimal_digits_read_in_lower_case()
    {
        Assert.False(EventRules.CheckCheckIn(new CheckInRequest(" 0123456789ABCDEF0123456789abcdef "), out var code).Any);
        Assert.Equal("0123456789abcdef0123456789abcdef", code);

        Assert.True(EventRules.CheckCheckIn(new CheckInRequest("0123456789abcdef0123456789abcdeg"), out _).Any);
        Assert.True(EventRules.CheckCheckIn(new CheckInRequest(null), out _).Any);
    }
}
