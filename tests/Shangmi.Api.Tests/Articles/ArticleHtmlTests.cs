using Shangmi.Api.Articles;

namespace Shangmi.Api.Tests.Articles;

/// <summary>The body HTML policy: what the mini-program's &lt;rich-text&gt; can show, nothing that can run.</summary>
public class ArticleHtmlTests
{
    [Theory]
    [InlineData("<p>前<script>alert(1)</script>后</p>", "<p>前后</p>")]
    [InlineData("<img src=\"https://img.example.cn/a.png\" onerror=\"alert(1)\">", "<img src=\"https://img.example.cn/a.png\">")]
    [InlineData("<a href=\"javascript:alert(1)\">链接文字</a>", "<a>链接文字</a>")]
    [InlineData("<a href=\"https://example.cn\">外链</a>", "<a>外链</a>")]
    [InlineData("<p id=\"x\" class=\"lead\">段落</p>", "<p class=\"lead\">段落</p>")]
    [InlineData("<custom><blink>闪烁<marquee>滚动文字</marquee></blink></custom>", "闪烁滚动文字")]
    [InlineData("<p style=\"position: fixed; top: 0\">浮层</p>", "<p>浮层</p>")]
    [InlineData("<img src=\"data:image/png;base64,AAAA\">", "<img>")]
    [InlineData("<img src=\"http://plain.example.cn/a.png\">", "<img>")]
    [InlineData("<img src=\"/files/0123456789abcdef0123456789abcdef.png\" alt=\"图\">", "<img src=\"/files/0123456789abcdef0123456789abcdef.png\" alt=\"图\">")]
    [InlineData("<iframe src=\"https://example.cn\">框架内容</iframe><p>正文</p>", "<p>正文</p>")]
    [InlineData("<style>p { color: red }</style><p>正文</p>", "<p>正文</p>")]
    [InlineData("<svg><script>alert(1)</script></svg>文字", "文字")]
    [InlineData("<table width=\"100%\"><tr><td colspan=\"2\" onclick=\"x()\">格</td></tr></table>",
        "<table width=\"100%\"><tbody><tr><td colspan=\"2\">格</td></tr></tbody></table>")]
    [InlineData("<form action=\"https://x\"><input value=\"1\"><button>提交</button></form>安全", "安全")]
    public void Hostile_html_is_reduced_to_the_rich_text_whitelist(string input, string expected)
    {
        Assert.Equal(expected, ArticleHtml.Sanitize(input));
    }

    [Theory]
    [InlineData("<p style=\"width: expression(alert(1)); color: red\">样式</p>", "color: rgba(255, 0, 0, 1)")]
    [InlineData("<p style=\"background: url(https://evil.example/x.png); font-weight: bold\">背景</p>", "font-weight: bold")]
    [InlineData("<p style=\"behavior: url(x.htc); text-align: center\">居中</p>", "text-align: center")]
    public void Styles_keep_presentation_and_lose_expressions_and_urls(string input, string kept)
    {
        var html = ArticleHtml.Sanitize(input);

        Assert.Contains(kept, html);
        Assert.DoesNotContain("expression", html);
        Assert.DoesNotContain("url(", html);
        Assert.DoesNotContain("behavior", html);
    }

    [Fact]
    public void Plain_text_keeps_inline_runs_together_and_separates_blocks()
    {
        var text = ArticleHtml.PlainText("<h3>标题</h3><p><b>商业</b>秘密保护</p><p>第二段</p>");

        Assert.Equal("标题 商业秘密保护 第二段", text);
    }

    [Fact]
    public void A_summary_is_cut_with_an_ellipsis()
    {
        var summary = ArticleHtml.Summary(new string('字', 300), 120);

        Assert.Equal(120, summary.Length);
        Assert.EndsWith("…", summary);
        Assert.Equal("短文", ArticleHtml.Summary("短文"));
    }
}
