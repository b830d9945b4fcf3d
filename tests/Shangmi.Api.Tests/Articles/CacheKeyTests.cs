using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Articles;

/// <summary>
/// Every cached public route must key its cache by every query parameter it reads; otherwise one caller's
/// filtered (or empty) answer is served to everybody for the cache duration.
/// </summary>
public class CacheKeyTests(CacheKeyTests.Factory factory) : IClassFixture<CacheKeyTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        public Factory() => Settings["PublicCache:Duration"] = "00:05:00";
    }

    [Fact]
    public async Task Every_query_parameter_of_every_cached_route_is_part_of_the_cache_key()
    {
        var samples = await SampleValuesAsync();
        var routes = CachedRoutesWithQueryParameters();
        Assert.Contains(routes, r => r.Path == "api/v1/experts");

        var client = factory.CreateClient();
        var checkedPairs = 0;
        foreach (var (path, parameters) in routes)
        {
            Assert.DoesNotContain("{", path);
            foreach (var parameter in parameters)
            {
                Assert.True(samples.TryGetValue(parameter, out var values),
                    $"{path} reads ?{parameter}: give it two valid sample values in this test");
                var first = $"/{path}?{parameter}={Uri.EscapeDataString(values[0])}";
                var second = $"/{path}?{parameter}={Uri.EscapeDataString(values[1])}";

                // The first answer is cacheable (200) and is cached: a repeat comes from the cache.
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(first)).StatusCode);
                Assert.NotNull((await client.GetAsync(first)).Headers.Age);

                // Another value of the same parameter is not answered from that entry.
                var other = await client.GetAsync(second);
                Assert.Equal(HttpStatusCode.OK, other.StatusCode);
                Assert.True(other.Headers.Age is null, $"{second} was answered from the cache entry of {first}");
                checkedPairs++;
            }
        }

        Assert.True(checkedPairs >= 8, $"only {checkedPairs} parameters checked");
    }

    [Fact]
    public async Task A_filtered_expert_list_does_not_replace_the_unfiltered_one()
    {
        var editor = await factory.EditorAsync();
        var fields = await FieldIdsAsync();
        foreach (var (name, region) in new[] { ("缓存甲", "和平区"), ("缓存乙", "河西区") })
        {
            var created = await editor.PostAsJsonAsync("/api/v1/admin/experts", new
            {
                name, organization = "大学", fields = new[] { "学术研究" }, region, isPublic = true, bio = "简介",
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var client = factory.CreateClient();
        async Task<int> TotalAsync(string query) =>
            (await client.GetFromJsonAsync<JsonElement>($"/api/v1/experts{query}")).GetProperty("total").GetInt32();

        var all = await TotalAsync("");
        Assert.Equal(1, await TotalAsync($"?region={Uri.EscapeDataString("河西区")}"));
        Assert.Equal(0, await TotalAsync($"?fieldId={fields.Max()}&region={Uri.EscapeDataString("无此区")}"));
        Assert.Equal(all, await TotalAsync(""));
        Assert.True(all >= 2);
    }

    /// <summary>GET routes under the public cache policy, with the query parameters each one binds.</summary>
    private List<(string Path, string[] Parameters)> CachedRoutesWithQueryParameters()
    {
        var explorer = factory.Services.GetRequiredService<IApiDescriptionGroupCollectionProvider>();
        return explorer.ApiDescriptionGroups.Items.SelectMany(g => g.Items)
            .Where(d => d.HttpMethod == "GET" && d.ActionDescriptor.EndpointMetadata.OfType<IOutputCachePolicy>().Any())
            .Select(d => (Path: d.RelativePath!.TrimEnd('/'),
                Parameters: d.ParameterDescriptions.Where(p => p.Source == BindingSource.Query).Select(p => p.Name).ToArray()))
            .Where(r => r.Parameters.Length > 0)
            .ToList();
    }

    private async Task<long[]> FieldIdsAsync() =>
        (await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/expert-fields")).EnumerateArray()
        .Select(f => f.GetProperty("id").GetInt64()).Order().ToArray();

    private async Task<Dictionary<string, string[]>> SampleValuesAsync()
    {
        var columns = (await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/columns")).EnumerateArray()
            .Select(c => c.GetProperty("id").GetInt64().ToString()).ToArray();
        var fields = (await FieldIdsAsync()).Select(f => f.ToString()).ToArray();
        return new Dictionary<string, string[]>
        {
            ["page"] = ["1", "2"],
            ["pageSize"] = ["10", "20"],
            ["q"] = ["商业秘密", "专家"],
            ["tag"] = ["政策", "案例"],
            ["columnId"] = [columns[0], columns[1]],
            ["fieldId"] = [fields[0], fields[1]],
            ["region"] = ["和平区", "河西区"],
            ["districtId"] = ["1", "2"],
            ["kind"] = ["standard", "guide"],
        };
    }
}
