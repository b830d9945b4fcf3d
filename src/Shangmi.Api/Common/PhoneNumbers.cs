using System.Text.RegularExpressions;

namespace Shangmi.Api.Common;

/// <summary>Chinese phone numbers as people type them, stored in one normalised form.</summary>
public static partial class PhoneNumbers
{
    /// <summary>
    /// A mainland mobile number (1[3-9] and 9 more digits), accepting a +86/86 prefix, spaces and dashes;
    /// returns the 11 digits, or null when it is not one.
    /// </summary>
    public static string? NormaliseMobile(string? input)
    {
        var digits = Separators().Replace(input ?? "", "");
        if (digits.StartsWith("+86", StringComparison.Ordinal))
        {
            digits = digits[3..];
        }
        else if (digits.Length == 13 && digits.StartsWith("86", StringComparison.Ordinal))
        {
            digits = digits[2..];
        }

        return Mobile().IsMatch(digits) ? digits : null;
    }

    /// <summary>A mobile number, or a landline with its area code (022-23456789), normalised; null otherwise.</summary>
    public static string? NormaliseMobileOrLandline(string? input)
    {
        if (NormaliseMobile(input) is { } mobile)
        {
            return mobile;
        }

        var match = Landline().Match(Spaces().Replace(input ?? "", ""));
        return match.Success ? $"{match.Groups[1].Value}-{match.Groups[2].Value}" : null;
    }

    /// <summary>138****5678: enough for staff to tell numbers apart, not enough to call.</summary>
    public static string Mask(string phone) =>
        phone.Length == 11 ? $"{phone[..3]}****{phone[7..]}" : new string('*', Math.Max(0, phone.Length - 4)) + phone[^Math.Min(4, phone.Length)..];

    [GeneratedRegex(@"[\s\-()（）]")]
    private static partial Regex Separators();

    [GeneratedRegex(@"\s")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex Mobile();

    [GeneratedRegex(@"^(0\d{2,3})-?(\d{7,8})$")]
    private static partial Regex Landline();
}
