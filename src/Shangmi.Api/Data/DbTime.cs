namespace Shangmi.Api.Data;

/// <summary>DATETIME(6) columns hold UTC; this turns what they return into an instant.</summary>
public static class DbTime
{
    public static DateTimeOffset FromUtc(DateTime stored) => new(DateTime.SpecifyKind(stored, DateTimeKind.Utc));
}
