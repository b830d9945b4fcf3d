using System.Net;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Foundation;

/// <summary>Every error the framework produces leaves as problem+json with a stable code and a Chinese title.</summary>
public class ErrorResponseTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Unknown_route_is_a_404_problem()
    {
        var response = await factory.CreateClient().GetAsync("/api/v1/no-such-thing");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Wrong_method_is_a_405_problem()
    {
        var response = await factory.CreateClient().DeleteAsync("/health/live");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.MethodNotAllowed, "method.not_allowed");
    }
}
