using Shangmi.Api.Articles;
using Shangmi.Api.Common;

namespace Shangmi.Api.Tests.Articles;

public class ArticleSearchTests
{
    [Fact]
    public void Text_is_folded_to_half_width_lower_case_with_single_spaces()
    {
        Assert.Equal("商业秘密 abc123 保护", ArticleSearch.Normalise("商业秘密\n\n ＡＢＣ１２３", "  保护 "));
    }

    [Fact]
    public void A_query_splits_into_distinct_normalised_terms()
    {
        Assert.Equal(["竞业限制", "ai", "协议"], ArticleSearch.Terms(" 竞业限制　AI 协议 ai "));
    }

    [Fact]
    public void Like_wildcards_in_a_term_are_taken_literally()
    {
        Assert.Equal("%100\\%\\_a\\\\b%", SqlLike.Contains("100%_a\\b"));
    }
}
