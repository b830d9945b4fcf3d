using Microsoft.AspNetCore.Http.Features;

namespace Shangmi.Api.Common.Problems;

public static class ProblemSetup
{
    /// <summary>
    /// Every error leaves as RFC 7807 problem+json with <c>code</c>, a Chinese <c>title</c> and <c>traceId</c>,
    /// whether our handlers, the exception handler or the status-code pages produced it.
    /// </summary>
    public static IServiceCollection AddApiProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = Complete);
        services.AddExceptionHandler<ApiExceptionHandler>();
        // Binding failures (bad JSON, wrong content type, unparsable route values) throw, so the exception
        // handler can tell them apart and answer with a precise code instead of an empty 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    private static void Complete(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        problem.Status = status;

        // A problem without our code came from the framework: its English title and detail mean nothing to a
        // user on a phone, so both are replaced by the catalogue's Chinese text.
        if (!problem.Extensions.ContainsKey(ApiProblem.CodeKey))
        {
            var entry = ProblemCatalog.For(status);
            problem.Extensions[ApiProblem.CodeKey] = entry.Code;
            problem.Title = entry.Title;
            problem.Detail = null;
        }

        if (!problem.Extensions.ContainsKey("traceId"))
        {
            problem.Extensions["traceId"] = context.HttpContext.Features.Get<IHttpActivityFeature>()?.Activity.Id
                                            ?? context.HttpContext.TraceIdentifier;
        }
    }
}
