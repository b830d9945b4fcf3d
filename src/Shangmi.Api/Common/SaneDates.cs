namespace Shangmi.Api.Common;

/// <summary>
/// The one range every date a client sends must fall in: years 2000 to 2100. Nothing the bureau schedules lies
/// outside it, and a date like 9999-12-31 once stored broke every page that showed it.
/// </summary>
public static class SaneDates
{
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, ChinaTime.Offset);

    /// <summary>The first instant after the range (exclusive).</summary>
    public static readonly DateTimeOffset After = new(2101, 1, 1, 0, 0, 0, ChinaTime.Offset);

    public static bool IsSane(DateTimeOffset? value) => value is null || (value >= Earliest && value < After);

    public static bool IsSane(DateOnly? value) => value is null || value.Value.Year is >= 2000 and <= 2100;

    /// <summary>Adds a field error when <paramref name="value"/> is given and outside the range.</summary>
    public static FieldErrors CheckDate(this FieldErrors errors, string field, DateTimeOffset? value) =>
        errors.Check(IsSane(value), field, Message);

    /// <summary>The same for a calendar date (e.g. a holiday).</summary>
    public static FieldErrors CheckDate(this FieldErrors errors, string field, DateOnly? value) =>
        errors.Check(IsSane(value), field, Message);

    private const string Message = "时间须在 2000 年至 2100 年之间";
}
