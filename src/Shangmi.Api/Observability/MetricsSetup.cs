using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Shangmi.Api.Common;

namespace Shangmi.Api.Observability;

/// <summary>
/// OpenTelemetry metrics: ASP.NET Core, HttpClient (the WeChat calls), the runtime, MySqlConnector's connection pool
/// and our own <see cref="ShangmiMetrics"/>, scraped by Prometheus at <c>/metrics</c> and pushed over OTLP when a
/// collector is configured.
/// </summary>
public static class MetricsSetup
{
    private const string ScrapePath = "/metrics";

    public static IServiceCollection AddMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<MetricsOptions>("Metrics");
        services.AddSingleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidator>();
        services.AddSingleton<ShangmiMetrics>();
        services.AddHostedService<BacklogSampler>();

        var otlp = configuration["Metrics:OtlpEndpoint"];
        services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MySqlConnector", ShangmiMetrics.MeterName)
                // Every scrape collects afresh: the exporter's default keeps an answer for 300 ms.
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
            ((IDeferredMeterProviderBuilder)metrics).Configure((provider, builder) =>
                builder.AddView(OnlyThisHost(provider.GetRequiredService<IMeterFactory>())));
            if (!string.IsNullOrWhiteSpace(otlp))
            {
                metrics.AddOtlpExporter(exporter => exporter.Endpoint = new Uri(otlp));
            }
        });
        return services;
    }

    /// <summary>
    /// OpenTelemetry listens to every meter of the process by name, but the meters of ASP.NET Core and ours are made per
    /// host by its <see cref="IMeterFactory"/>. With several hosts in one process (the integration tests) a host would
    /// export the others' numbers, and one host's meters being disposed stops the same-named streams of all
    /// (open-telemetry/opentelemetry-dotnet#6412). So a host keeps only its own factory's instruments and the
    /// process-wide ones (runtime, MySqlConnector).
    /// </summary>
    private static Func<Instrument, MetricStreamConfiguration?> OnlyThisHost(IMeterFactory own) => instrument =>
        instrument.Meter.Scope is IMeterFactory factory && !ReferenceEquals(factory, own) ? MetricStreamConfiguration.Drop : null;

    /// <summary>
    /// <c>/metrics</c> for the configured networks only; everyone else gets 404, as if it did not exist. The numbers
    /// (overdue tips, failures) are internal, and scraping costs work.
    /// </summary>
    public static IEndpointConventionBuilder MapMetrics(this WebApplication app)
    {
        var networks = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value.ScrapeNetworksOrLoopback
            .Select(entry => HostingSetup.ParseNetwork(entry, "Metrics:ScrapeNetworks")).ToArray();
        return app.MapPrometheusScrapingEndpoint(ScrapePath, meterProvider: null, configureBranchedPipeline: branch =>
            branch.Use((http, next) =>
            {
                // A forwarded header left over came through a proxy that is not trusted (UseForwardedHeaders consumes
                // the trusted ones): nginx on the same host would otherwise make every visitor look like loopback.
                if (http.Request.Headers.ContainsKey("X-Forwarded-For"))
                {
                    http.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                }

                var client = http.Connection.RemoteIpAddress;
                if (client is { IsIPv4MappedToIPv6: true })
                {
                    client = client.MapToIPv4();
                }

                if (client is not null && networks.Any(network => network.Contains(client)))
                {
                    return next(http);
                }

                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }), optionsName: null);
    }
}
