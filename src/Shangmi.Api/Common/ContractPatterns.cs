namespace Shangmi.Api.Common;

/// <summary>
/// The shapes of inputs the server accepts, as regular expressions for the contract (a client can check a form before
/// sending it). The server's own checks (<see cref="CreditCode"/>, <see cref="PhoneNumbers"/>) go further: the credit
/// code's checksum, for one. A test sends values on both sides of each pattern to keep the two in step.
/// </summary>
public static class ContractPatterns
{
    /// <summary>18 characters of 0-9 and A-Y without I, O, Z, S, V; case and spaces ignored.</summary>
    public const string CreditCode = "^ *([0-9A-HJ-NP-RTUW-Ya-hj-np-rtuw-y] *){18}$";

    private const string MobileBody = @"[\s()（）-]*(\+?86[\s()（）-]*)?1[\s()（）-]*[3-9]([\s()（）-]*[0-9]){9}[\s()（）-]*";

    /// <summary>A mainland mobile number, with an optional +86 or 86, and spaces, dashes or brackets anywhere.</summary>
    public const string Mobile = "^" + MobileBody + "$";

    /// <summary>A mobile number, or a landline with its area code (022-23456789).</summary>
    public const string Phone = "^(" + MobileBody + @"|\s*0(\s*[0-9]){2,3}\s*-?(\s*[0-9]){7,8}\s*)$";
}
