using System.Text;
using System.Text.RegularExpressions;

namespace Shangmi.Api.Articles;

/// <summary>
/// Chinese keyword search that behaves the same on MySQL 8 and MariaDB.
/// <para>
/// MariaDB has no ngram full-text parser and InnoDB's built-in parser neither splits Chinese nor indexes short
/// tokens. We tried indexing our own CJK bigrams with it: on 10,000 articles a term that occurs in almost every
/// article (商业秘密, on a trade-secret site) took about 500 ms, and its phrase matching missed a quarter of the
/// articles that contain the term. A scan of one normalised binary column with <c>LIKE</c> is exact (substring
/// semantics, so 秘密 finds 商业秘密) and took about 25 ms over the same 10,000 articles (50 ms with ranking and
/// counting); popular searches are then answered from the output cache. Past roughly 100,000 articles, search
/// belongs in a search engine.
/// </para>
/// </summary>
public static partial class ArticleSearch
{
    public const int MaxTerms = 5;

    /// <summary>
    /// Text as it is stored for search and as queries are matched: full-width letters and digits folded (NFKC),
    /// lower case, whitespace collapsed.
    /// </summary>
    public static string Normalise(params string?[] texts) =>
        Whitespace().Replace(string.Join(' ', texts).Normalize(NormalizationForm.FormKC).ToLowerInvariant(), " ").Trim();

    /// <summary>The whitespace-separated terms of a query; an article must contain every one.</summary>
    public static IReadOnlyList<string> Terms(string query) =>
        Normalise(query).Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
