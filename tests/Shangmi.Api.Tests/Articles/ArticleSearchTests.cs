using Shangmi.Api.Articles;

namespace Shangmi.Api.Tests.Articles;

public class ArticleSearchTests
{
    [Fact]
    public void Chinese_runs_become_overlapping_bigrams_and_words_stay_whole()
    {
        Assert.Equal(["商业", "业秘", "秘密", "ai", "保护"], ArticleSearch.Tokens("商业秘密 AI，保护").ToArray());
    }

    [Fact]
    public void A_lone_character_is_its_own_token_and_full_width_letters_fold()
    {
        Assert.Equal(["法", "abc123"], ArticleSearch.Tokens("法 ＡＢＣ１２３").ToArray());
    }

    [Fact]
    public void Every_query_term_becomes_a_required_phrase_of_hex_tokens()
    {
        var query = ArticleSearch.BooleanQuery("商业秘密  保护");

        Assert.Equal("+\"e59586e4b89a e4b89ae7a798 e7a798e5af86\" +\"e4bf9de68aa4\"", query);
        Assert.Equal("e59586e4b89a e4b89ae7a798 e7a798e5af86", ArticleSearch.Index("商业秘密"));
    }

    [Fact]
    public void Queries_without_searchable_text_or_with_lone_characters_are_recognised()
    {
        Assert.Null(ArticleSearch.BooleanQuery("  ，。！ "));
        Assert.Equal(["法"], ArticleSearch.TooShortTerms("法 商业").ToArray());
    }
}
