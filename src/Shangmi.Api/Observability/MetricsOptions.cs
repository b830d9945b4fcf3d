using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Shangmi.Api.Common;

namespace Shangmi.Api.Observability;

/// <summary>Configuration section <c>Metrics</c>.</summary>
public sealed class MetricsOptions
{
    /// <summary>
    /// Who may read the Prometheus endpoint <c>/metrics</c>: addresses or CIDR networks, matched against the client
    /// address after the trusted proxies (<c>Network:KnownProxies</c>). Others get 404. Unset: loopback only.
    /// </summary>
    // Null rather than a default list: the configuration binder appends to an existing array instead of replacing it.
    public string[]? ScrapeNetworks { get; set; }

    public IEnumerable<string> ScrapeNetworksOrLoopback => ScrapeNetworks ?? ["127.0.0.0/8", "::1"];

    /// <summary>An OTLP collector to push metrics to as well (e.g. <c>http://otel-collector:4317</c>); empty: none.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>How often the work-backlog gauges (outbox, overdue tips, registrations) are read from the database.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Refuses to start with a scrape network that is not an address or a CIDR network, or a bad OTLP address.</summary>
internal sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsOptions options)
    {
        // Empty means "none" (the sample file's value), so [Url], which refuses "", does not fit.
        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint)
            && !(Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var otlp) && otlp.Scheme is "http" or "https"))
        {
            return ValidateOptionsResult.Fail($"Metrics:OtlpEndpoint \"{options.OtlpEndpoint}\" is not an http(s) address.");
        }

        foreach (var entry in options.ScrapeNetworksOrLoopback)
        {
            try
            {
                HostingSetup.ParseNetwork(entry, "Metrics:ScrapeNetworks");
            }
            catch (InvalidOperationException e)
            {
                return ValidateOptionsResult.Fail(e.Message);
            }
        }

        return ValidateOptionsResult.Success;
    }
}
