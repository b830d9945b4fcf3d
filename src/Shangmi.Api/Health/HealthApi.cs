using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Shangmi.Api.Common.Problems;
using Shangmi.Api.Data;

namespace Shangmi.Api.Health;

/// <summary>The answer of a health probe.</summary>
/// <param name="Status"><c>live</c> or <c>ready</c>.</param>
public sealed record ProbeAnswer(string Status);

public static class HealthApi
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: [ReadyTag]);
        return services;
    }

    /// <summary>Probes for the load balancer: never rate-limited, never cached.</summary>
    public static RouteGroupBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Operations");
        group.MapGet("/live", Live).WithName("HealthLive").WithSummary("The process is up.");
        group.MapGet("/ready", ReadyAsync).WithName("HealthReady")
            .WithSummary("The database is reachable and migrated; 503 otherwise.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    private static Ok<ProbeAnswer> Live() => TypedResults.Ok(new ProbeAnswer("live"));

    private static async Task<Results<Ok<ProbeAnswer>, ProblemHttpResult>> ReadyAsync(
        HealthCheckService health, CancellationToken ct)
    {
        var report = await health.CheckHealthAsync(check => check.Tags.Contains(ReadyTag), ct);
        if (report.Status == HealthStatus.Healthy)
        {
            return TypedResults.Ok(new ProbeAnswer("ready"));
        }

        var reasons = string.Join("；", report.Entries.Values.Select(entry => entry.Description).OfType<string>());
        return ApiProblem.Create(503, "service.not_ready", "服务暂时不可用，请稍后再试", reasons);
    }
}
