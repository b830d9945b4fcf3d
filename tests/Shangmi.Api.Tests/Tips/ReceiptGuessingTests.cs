using System.Net;
using Shangmi.Api.Tests.Infrastructure;
using static Shangmi.Api.Tests.Tips.TipClient;

namespace Shangmi.Api.Tests.Tips;

/// <summary>Wrong receipt codes: one answer for all of them, and a limit per address.</summary>
public class ReceiptGuessingTests(ReceiptGuessingTests.Factory factory) : IClassFixture<ReceiptGuessingTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        public Factory() => Settings["Tips:WrongCodesPerWindow"] = "5";
    }

    [Fact]
    public async Task Every_wrong_code_gets_the_same_404_and_too_many_get_429()
    {
        var bodies = new List<string>();
        foreach (var code in new[] { "0000 0000 0000 0000", "12", "not-a-code", "" })
        {
            var response = await WithReceipt(factory, code).GetAsync("/api/v1/tips/mine");
            var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "tip.not_found");
            bodies.Add(problem.GetProperty("title").GetString() + problem.GetProperty("detail").GetString());
        }

        Assert.Single(bodies.Distinct());
        var blocked = await WithReceipt(factory, "1111 1111 1111 1111").GetAsync("/api/v1/tips/mine");
        var sixth = await WithReceipt(factory, "2222 2222 2222 2222").GetAsync("/api/v1/tips/mine");
        Assert.Equal(HttpStatusCode.NotFound, blocked.StatusCode); // the fifth wrong code
        await ProblemAssert.IsProblemAsync(sixth, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(TimeSpan.FromMinutes(10), sixth.Headers.RetryAfter?.Delta);

        // Four minutes on, the answer gives the six minutes left of the window, not the whole window again.
        factory.Clock.Advance(TimeSpan.FromMinutes(4));
        var later = await WithReceipt(factory, "3333 3333 3333 3333").GetAsync("/api/v1/tips/mine");
        await ProblemAssert.IsProblemAsync(later, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(TimeSpan.FromMinutes(6), later.Headers.RetryAfter?.Delta);
        factory.Clock.Advance(TimeSpan.FromMinutes(6));
        await ProblemAssert.IsProblemAsync(await WithReceipt(factory, "4444 4444 4444 4444").GetAsync("/api/v1/tips/mine"),
            HttpStatusCode.NotFound, "tip.not_found");
    }
}

public class ReceiptRightCodeTests(ReceiptGuessingTests.Factory factory) : IClassFixture<ReceiptGuessingTests.Factory>
{
    [Fact]
    public async Task A_right_code_does_not_count_against_the_limit()
    {
        var receipt = await SubmitAsync(factory);
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await WithReceipt(factory, receipt).GetAsync("/api/v1/tips/mine")).StatusCode);
        }
    }
}
