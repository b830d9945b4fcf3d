using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Shangmi.Api.Files;

/// <summary>
/// Makes our own <c>/files/…</c> URLs absolute for the mini-program, which has no page origin to resolve a relative
/// URL against (<c>&lt;image src&gt;</c>, <c>&lt;rich-text&gt;</c>, <c>wx.downloadFile</c> all need the full address).
/// The base is <c>Storage:PublicBaseUrl</c>, or, when unset, the scheme and host the request came to (after the
/// trusted proxy's forwarded headers). Stored URLs stay site-relative, and the staff routes keep them so, so an edit
/// form sends back what it got and a change of domain needs no data migration.
/// </summary>
public sealed partial class PublicFileUrls(IOptions<StorageOptions> options)
{
    private const string Prefix = "/files/";

    public string? Absolute(HttpRequest request, string? url) =>
        url is not null && url.StartsWith(Prefix, StringComparison.Ordinal) ? Base(request) + url : url;

    /// <summary>Every <c>src</c> and <c>href</c> attribute of sanitised HTML that points at our files.</summary>
    public string AbsoluteInHtml(HttpRequest request, string html) =>
        OwnFileAttribute().Replace(html, match => $"{match.Groups[1].Value}=\"{Base(request)}{Prefix}");

    private string Base(HttpRequest request) =>
        options.Value.PublicBaseUrl is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{request.Scheme}://{request.Host}{request.PathBase}";

    [GeneratedRegex("""\b(src|href)="/files/""")]
    private static partial Regex OwnFileAttribute();
}
