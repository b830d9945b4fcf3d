namespace Shangmi.Api.Common;

/// <summary>
/// Enum filters in query strings, written as in JSON (camelCase: <c>?status=waitlisted</c>). The framework's own
/// binding is case-sensitive and answers a bare 400, so routes take a string and read it here.
/// </summary>
public static class EnumQuery
{
    public static T? Parse<T>(string? value, string field, FieldErrors errors) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _))
        {
            return parsed;
        }

        errors.Add(field, $"{field} 只能是 {string.Join("、", Enum.GetNames<T>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]))}");
        return null;
    }
}
