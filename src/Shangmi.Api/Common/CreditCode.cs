namespace Shangmi.Api.Common;

/// <summary>
/// The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from
/// 0-9 and A-Y without I, O, Z, S, V; the 18th is a check character over the first 17 with weights 3^i mod 31.
/// </summary>
public static class CreditCode
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>The code in upper case without spaces when it is valid, else null.</summary>
    public static string? Normalise(string? input)
    {
        var code = (input ?? "").Replace(" ", "").ToUpperInvariant();
        if (code.Length != 18 || code.Any(c => Alphabet.IndexOf(c) < 0))
        {
            return null;
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += Alphabet.IndexOf(code[i]) * Weights[i];
        }

        return Alphabet[(31 - sum % 31) % 31] == code[17] ? code : null;
    }
}
