namespace Shangmi.Api.Common;

/// <summary>Text fields as people fill them in: surrounding spaces do not count, blank means absent.</summary>
public static class TextInput
{
    public static string? TrimToNull(this string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static int TrimmedLength(this string? value) => value?.Trim().Length ?? 0;
}
