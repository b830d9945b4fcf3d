using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using AngleSharp.Css.Dom;
using Ganss.Xss;

namespace Shangmi.Api.Articles;

/// <summary>
/// Article bodies as the mini-program's &lt;rich-text&gt; can render them safely (see WECHAT.md): exactly its
/// trusted tags and attributes; no scripts, event handlers, id, href, javascript: or data: URLs; unknown tags
/// unwrapped so their text survives; style limited to presentational properties; images only from https or our
/// own /files/ URLs.
/// </summary>
public static partial class ArticleHtml
{
    private static readonly string[] Tags =
    [
        "a", "abbr", "address", "article", "aside", "b", "bdi", "bdo", "big", "blockquote", "br", "caption", "center",
        "cite", "code", "col", "colgroup", "dd", "del", "div", "dl", "dt", "em", "fieldset", "font", "footer",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "img", "ins", "label", "legend", "li", "mark", "nav",
        "ol", "p", "pre", "q", "rt", "ruby", "s", "section", "small", "span", "strong", "sub", "sup", "table", "tbody",
        "td", "tfoot", "th", "thead", "tr", "tt", "u", "ul",
    ];

    private static readonly string[] Attributes =
        ["class", "style", "dir", "span", "width", "height", "alt", "src", "start", "type", "colspan", "rowspan"];

    private static readonly string[] CssProperties =
    [
        "color", "background-color", "font-size", "font-weight", "font-style", "text-align", "text-decoration",
        "text-indent", "line-height", "letter-spacing", "vertical-align", "white-space", "list-style-type",
        "margin", "margin-top", "margin-right", "margin-bottom", "margin-left",
        "padding", "padding-top", "padding-right", "padding-bottom", "padding-left",
        "border", "border-top", "border-right", "border-bottom", "border-left", "border-color", "border-style",
        "border-width", "border-collapse", "border-radius", "width", "max-width", "height",
    ];

    // Elements whose content is code or form controls, not article text: removed together with what they hold.
    private static readonly HashSet<string> DroppedWithContent = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "template", "noscript", "iframe", "frame", "frameset", "object", "embed", "applet",
        "svg", "math", "textarea", "select", "button", "input", "form", "head", "title", "meta", "link", "base",
    };

    private static readonly HtmlSanitizer Sanitizer = Create();
    private static readonly HtmlParser Parser = new();

    public static string Sanitize(string html) => Sanitizer.Sanitize(html);

    /// <summary>
    /// The visible text of sanitised HTML, whitespace collapsed. Block boundaries become spaces, inline ones do
    /// not, so that "&lt;b&gt;商业&lt;/b&gt;秘密" stays one word for search.
    /// </summary>
    public static string PlainText(string html)
    {
        var spaced = BlockTag().Replace(html, tag => $" {tag.Value} ");
        var text = Parser.ParseDocument($"<body>{spaced}</body>").Body?.TextContent ?? "";
        return Whitespace().Replace(text, " ").Trim();
    }

    /// <summary>A summary for lists when the editor gave none: the first sentences of the text.</summary>
    public static string Summary(string plainText, int maxLength = 120) =>
        plainText.Length <= maxLength ? plainText : plainText[..(maxLength - 1)].TrimEnd() + "…";

    /// <summary>Images may come only from https or from files we serve ourselves.</summary>
    public static bool IsAllowedImageUrl(string? url) =>
        url is not null && (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                            || url.StartsWith("/files/", StringComparison.Ordinal));

    private static HtmlSanitizer Create()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(Tags, StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(Attributes, StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(CssProperties, StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(["https"], StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<CssRuleType>(),
        };
        var sanitizer = new HtmlSanitizer(options) { KeepChildNodes = true };
        sanitizer.RemovingTag += (_, e) =>
        {
            if (DroppedWithContent.Contains(e.Tag.LocalName))
            {
                e.Tag.TextContent = string.Empty;
            }
        };
        sanitizer.FilterUrl += (_, e) =>
        {
            // Only <img src> carries a URL in the allowed set; url() in styles is never needed in an article.
            e.SanitizedUrl = e.Tag.LocalName == "img" && IsAllowedImageUrl(e.OriginalUrl) ? e.SanitizedUrl : null;
        };
        return sanitizer;
    }

    [GeneratedRegex(@"</?(?:p|div|br|hr|li|ul|ol|dl|dt|dd|h[1-6]|table|caption|tr|td|th|thead|tbody|tfoot|section|article|aside|header|footer|nav|blockquote|pre|address|fieldset|legend|center)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockTag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
