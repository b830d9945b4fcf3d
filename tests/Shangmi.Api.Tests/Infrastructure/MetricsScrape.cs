using System.Globalization;
using System.Net;

namespace Shangmi.Api.Tests.Infrastructure;

/// <summary>/metrics read as Prometheus reads it (the test client comes from loopback, a scrape network by default).</summary>
public static class MetricsScrape
{
    public static async Task<string> ReadAsync(ApiFactory factory)
    {
        var response = await factory.CreateClient().GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The sum of the samples of <paramref name="name"/> whose labels contain <paramref name="label"/>; 0 when none.</summary>
    public static double Value(string scrape, string name, string label = "")
    {
        var samples = scrape.Split('\n')
            .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
            .Where(line => line.Contains(label, StringComparison.Ordinal))
            .Select(line => line.Contains('}') ? line[(line.LastIndexOf('}') + 1)..] : line[name.Length..])
            .Select(rest => double.Parse(rest.Trim().Split(' ')[0], CultureInfo.InvariantCulture))
            .ToList();
        return samples.Count == 0 ? 0 : samples.Sum();
    }
}
