using Shangmi.Api.Identity.Users;

namespace Shangmi.Api.Tests.Identity;

public class UserRulesTests
{
    [Theory]
    [InlineData(" 081abc ", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("08 1abc", false)] // a code never holds whitespace
    public void A_login_code_is_present_and_has_no_whitespace_inside(string? code, bool ok)
    {
        Assert.Equal(!ok, UserRules.CheckLogin(new WeChatLoginRequest(code), out _).Any);
    }

    [Fact]
    public void A_login_code_longer_than_128_characters_is_refused_and_a_good_one_is_trimmed()
    {
        Assert.True(UserRules.CheckLogin(new WeChatLoginRequest(new string('a', 129)), out _).Any);
        UserRules.CheckLogin(new WeChatLoginRequest(" 081abc "), out var trimmed);
        Assert.Equal("081abc", trimmed);
    }
}
