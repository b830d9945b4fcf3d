namespace Shangmi.Api.Data;

/// <summary>
/// The one mapping from a C# status enum to the word its ENUM column stores (<c>Cancelled</c> → <c>cancelled</c>).
/// Dapper reads those words back into enums by itself, but would write an enum parameter as its number.
/// </summary>
public static class DbWords
{
    public static string ToDb<T>(this T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
