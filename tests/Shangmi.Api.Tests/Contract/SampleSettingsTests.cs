using System.Text.Json;
using System.Text.Json.Nodes;
using Shangmi.Api.Data;
using Shangmi.Api.Identity;
using Shangmi.Api.Identity.Staff;
using Shangmi.Api.Tests.Infrastructure;
using Shangmi.Api.WeChat;

namespace Shangmi.Api.Tests.Contract;

/// <summary>appsettings.sample.json documents every setting the service reads.</summary>
public class SampleSettingsTests
{
    private static HashSet<string> LeafKeys(string file)
    {
        var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        Walk(JsonNode.Parse(File.ReadAllText(file), documentOptions: options)!, "", keys);
        return keys;
    }

    private static void Walk(JsonNode node, string path, HashSet<string> keys)
    {
        if (node is JsonObject obj && obj.Count > 0)
        {
            foreach (var (key, child) in obj)
            {
                Walk(child!, path.Length == 0 ? key : $"{path}:{key}", keys);
            }
        }
        else
        {
            keys.Add(path);
        }
    }

    [Fact]
    public void Every_key_of_appsettings_json_is_in_the_sample()
    {
        var sample = LeafKeys(RepoFiles.PathOf("appsettings.sample.json"));

        var missing = LeafKeys(RepoFiles.PathOf("src", "Shangmi.Api", "appsettings.json"))
            .Where(key => !key.StartsWith("Logging:Console:FormatterOptions", StringComparison.Ordinal) && key != "AllowedHosts")
            .Where(key => !sample.Contains(key));

        Assert.Empty(missing);
    }

    [Theory]
    [InlineData("Auth", typeof(AuthOptions))]
    [InlineData("WeChat", typeof(WeChatOptions))]
    [InlineData("Database", typeof(DatabaseOptions))]
    [InlineData("Seed", typeof(SeedOptions))]
    [InlineData("Bootstrap", typeof(BootstrapOptions))]
    [InlineData("Events", typeof(Shangmi.Api.Events.EventOptions))]
    [InlineData("Tips", typeof(Shangmi.Api.Tips.TipOptions))]
    [InlineData("Storage", typeof(Shangmi.Api.Files.StorageOptions))]
    [InlineData("PublicCache", typeof(Shangmi.Api.Common.PublicCacheOptions))]
    [InlineData("Articles", typeof(Shangmi.Api.Articles.ArticleOptions))]
    [InlineData("RateLimits:Login", typeof(Shangmi.Api.Common.RateLimiting.FixedWindowLimit))]
    public void Every_bound_option_is_in_the_sample(string section, Type options)
    {
        var sample = LeafKeys(RepoFiles.PathOf("appsettings.sample.json"));

        var missing = options.GetProperties()
            .Where(p => p.CanWrite)
            .Select(p => $"{section}:{p.Name}")
            .Where(key => !sample.Contains(key) && !sample.Any(leaf => leaf.StartsWith(key + ":", StringComparison.OrdinalIgnoreCase)));

        Assert.Empty(missing);
    }
}
