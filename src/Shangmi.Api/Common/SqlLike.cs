namespace Shangmi.Api.Common;

/// <summary>LIKE patterns from user text, with LIKE's wildcards (%, _) and its escape (\) taken literally.</summary>
public static class SqlLike
{
    public static string Escape(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");

    /// <summary>A pattern matching <paramref name="text"/> anywhere.</summary>
    public static string Contains(string text) => $"%{Escape(text)}%";
}
