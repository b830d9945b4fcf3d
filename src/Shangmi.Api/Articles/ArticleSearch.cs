using System.Globalization;
using System.Text;

namespace Shangmi.Api.Articles;

/// <summary>
/// Chinese keyword search that runs the same on MySQL 8 and MariaDB. MariaDB has no ngram full-text parser and
/// InnoDB's built-in parser neither splits Chinese nor indexes tokens under three characters, so we tokenise
/// ourselves: each run of CJK characters becomes its overlapping bigrams (商业秘密 → 商业 业秘 秘密), each run of
/// letters or digits one lower-case word, and every token is stored hex-encoded (always ≥ 4 plain [0-9a-f]
/// characters, which the built-in parser indexes as one word). A query term becomes a full-text phrase of its
/// tokens, so it matches exactly where the term occurs as a substring, using the FULLTEXT index instead of a scan.
/// </summary>
public static class ArticleSearch
{
    // innodb_ft_max_token_size is 84 characters: 42 bytes of hex.
    private const int MaxTokenBytes = 42;

    /// <summary>The indexed form of <paramref name="texts"/>: hex tokens separated by spaces.</summary>
    public static string Index(params string?[] texts) =>
        string.Join(' ', texts.SelectMany(text => Tokens(text ?? "")).Select(Hex));

    /// <summary>
    /// A boolean-mode full-text query requiring every whitespace-separated term as a phrase; null when the query
    /// holds nothing searchable.
    /// </summary>
    public static string? BooleanQuery(string query)
    {
        var phrases = Terms(query)
            .Select(term => Tokens(term).Select(Hex).ToList())
            .Where(tokens => tokens.Count > 0)
            .Select(tokens => $"+\"{string.Join(' ', tokens)}\"")
            .ToList();
        return phrases.Count == 0 ? null : string.Join(' ', phrases);
    }

    /// <summary>Terms of a query that a bigram index cannot find: a single Chinese character on its own.</summary>
    public static IEnumerable<string> TooShortTerms(string query) =>
        Terms(query).Where(term => term.Length == 1 && IsCjk(term[0]));

    public static IEnumerable<string> Tokens(string text)
    {
        var normalised = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var i = 0;
        while (i < normalised.Length)
        {
            var start = i;
            if (IsCjk(normalised[i]))
            {
                while (i < normalised.Length && IsCjk(normalised[i]))
                {
                    i++;
                }

                if (i - start == 1)
                {
                    yield return normalised.Substring(start, 1);
                }

                for (var j = start; j + 1 < i; j++)
                {
                    yield return normalised.Substring(j, 2);
                }
            }
            else if (char.IsLetterOrDigit(normalised[i]))
            {
                while (i < normalised.Length && char.IsLetterOrDigit(normalised[i]) && !IsCjk(normalised[i]))
                {
                    i++;
                }

                yield return normalised[start..i];
            }
            else
            {
                i++;
            }
        }
    }

    private static IEnumerable<string> Terms(string query) =>
        query.Normalize(NormalizationForm.FormKC).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static string Hex(string token)
    {
        var bytes = Encoding.UTF8.GetBytes(token);
        return Convert.ToHexStringLower(bytes.AsSpan(0, Math.Min(bytes.Length, MaxTokenBytes)));
    }

    private static bool IsCjk(char c) =>
        CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.OtherLetter
        && c is >= '\u3400' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF';
}
