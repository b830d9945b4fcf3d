using Shangmi.Api.Common;
using Shangmi.Api.Experts;

namespace Shangmi.Api.Tests.Experts;

/// <summary>The expert directory's list filters, without HTTP.</summary>
public class ExpertRulesTests
{
    [Fact]
    public void The_public_filters_are_trimmed_and_a_blank_search_is_none()
    {
        var errors = new FieldErrors();

        var (region, search) = ExpertRules.CheckPublicQuery(" 南山区 ", "   ", 7, [3, 7], errors);

        Assert.False(errors.Any);
        Assert.Equal(("南山区", (string?)null), (region, search));
    }

    [Fact]
    public void An_empty_district_a_long_search_and_an_unknown_field_are_refused()
    {
        var errors = new FieldErrors();

        ExpertRules.CheckPublicQuery(" ", new string('查', 51), 9, [3, 7], errors);

        Assert.Equal(["region", "q", "fieldId"], errors.Messages.Select(m => m.Field));
    }
}
