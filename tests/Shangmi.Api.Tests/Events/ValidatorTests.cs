using Shangmi.Api.Common;

namespace Shangmi.Api.Tests.Events;

public class ValidatorTests
{
    [Theory]
    [InlineData("9144030071526726XG")]
    [InlineData("91110108551385082Q")]
    [InlineData("911200007186767478")]
    [InlineData("9144030071526726xg")]
    public void Real_credit_codes_pass(string code)
    {
        Assert.Equal(code.ToUpperInvariant(), CreditCode.Normalise(code));
    }

    [Theory]
    [InlineData("9144030071526726XH")] // wrong check character
    [InlineData("911200007186767479")]
    [InlineData("9144030071526726X")] // 17 characters
    [InlineData("9I44030071526726XG")] // I is not in the alphabet
    [InlineData("")]
    [InlineData(null)]
    public void Wrong_credit_codes_fail(string? code)
    {
        Assert.Null(CreditCode.Normalise(code));
    }

    [Theory]
    [InlineData("13812345678", "13812345678")]
    [InlineData("+86 138-1234-5678", "13812345678")]
    [InlineData("8613812345678", "13812345678")]
    [InlineData("199 1234 5678", "19912345678")]
    [InlineData("12812345678", null)]
    [InlineData("1381234567", null)]
    [InlineData("022-23456789", null)]
    public void Mobile_numbers_are_validated_and_normalised(string input, string? expected)
    {
        Assert.Equal(expected, PhoneNumbers.NormaliseMobile(input));
    }

    [Fact]
    public void Phones_are_masked_for_staff_lists()
    {
        Assert.Equal("138****5678", PhoneNumbers.Mask("13812345678"));
    }
}
