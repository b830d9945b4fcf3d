using Shangmi.Api.Articles;

namespace Shangmi.Api.Tests.Articles;

/// <summary>The articles' pure rules: what editors see of a stored state, when a publish takes effect, column checks.</summary>
public class ArticleRulesTests
{
    private static readonly DateTime Now = new(2026, 5, 1, 8, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(ArticleState.Draft, null, ArticleStatus.Draft)]
    [InlineData(ArticleState.Published, -1, ArticleStatus.Published)]
    [InlineData(ArticleState.Published, 0, ArticleStatus.Published)] // public on the minute
    [InlineData(ArticleState.Published, 1, ArticleStatus.Scheduled)]
    [InlineData(ArticleState.Archived, 1, ArticleStatus.Archived)] // archived stays archived, whatever its time
    public void A_published_article_whose_time_lies_ahead_is_scheduled(ArticleState state, int? minutesFromNow, ArticleStatus expected)
    {
        DateTime? publishAt = minutesFromNow is { } minutes ? Now.AddMinutes(minutes) : null;

        Assert.Equal(expected, ArticleRules.StatusOf(state, publishAt, Now));
    }

    [Fact]
    public void Publishing_at_a_time_ahead_schedules_and_a_past_or_missing_time_publishes_now()
    {
        Assert.False(ArticleRules.CheckPublish(new PublishRequest(new DateTimeOffset(Now.AddDays(1))), Now, out var later).Any);
        Assert.Equal(Now.AddDays(1), later);

        ArticleRules.CheckPublish(new PublishRequest(new DateTimeOffset(Now.AddDays(-1))), Now, out var past);
        ArticleRules.CheckPublish(null, Now, out var none);
        Assert.Equal([Now, Now], [past, none]);
    }

    [Fact]
    public void A_publish_time_outside_the_sane_years_is_refused()
    {
        var errors = ArticleRules.CheckPublish(new PublishRequest(new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero)), Now, out _);

        Assert.Equal(["at"], errors.Messages.Select(m => m.Field));
    }

    [Fact]
    public void A_column_needs_a_short_name_a_short_description_and_a_bounded_order()
    {
        Assert.False(ArticleRules.CheckColumn(new ColumnRequest(" 政策解读 ", null, null, null)).Any);

        var errors = ArticleRules.CheckColumn(new ColumnRequest("  ", new string('说', 201), 100_001, false));

        Assert.Equal(["name", "description", "sortOrder"], errors.Messages.Select(m => m.Field));
    }
}
