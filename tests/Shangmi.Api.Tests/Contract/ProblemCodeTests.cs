using System.Text.Json;
using System.Text.RegularExpressions;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Contract;

/// <summary>
/// The app switches on <c>code</c>: every code the service can send must be in the contract's ApiProblemCode enum,
/// and every error response of every operation must be an ApiProblem.
/// </summary>
public partial class ProblemCodeTests
{
    private static JsonElement Contract() =>
        JsonDocument.Parse(File.ReadAllText(RepoFiles.PathOf("miniprogram-contract", "openapi.json"))).RootElement;

    /// <summary>A status followed by a code: <c>Create(404, "x.y"</c>, <c>RetryLater(…, 429, "x"</c>, <c>[401] = new("x"</c>.</summary>
    [GeneratedRegex(@"[(\[,]\s*[45]\d\d\]?\s*(?:=\s*new\(|,)\s*""([a-z][a-z_]*(?:\.[a-z_]+)*)""")]
    private static partial Regex StatusThenCode();

    /// <summary>Codes handed on in a record first and turned into a problem later (the spreadsheet import).</summary>
    [GeneratedRegex(@"new SheetProblem\(""([a-z_.]+)""")]
    private static partial Regex SheetCode();

    [Fact]
    public void Every_code_used_in_the_source_is_in_the_contract_enum()
    {
        var sources = Directory.EnumerateFiles(RepoFiles.PathOf("src", "Shangmi.Api"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));
        var used = new HashSet<string> { "validation.failed" };
        foreach (var text in sources.Select(File.ReadAllText))
        {
            used.UnionWith(StatusThenCode().Matches(text).Select(m => m.Groups[1].Value));
            used.UnionWith(SheetCode().Matches(text).Select(m => m.Groups[1].Value));
        }

        var listed = Contract().GetProperty("components").GetProperty("schemas").GetProperty("ApiProblemCode").GetProperty("enum")
            .EnumerateArray().Select(e => e.GetString()).ToHashSet();

        Assert.True(used.Count > 60, $"the walk found only {used.Count} codes; has the way codes are written changed?");
        Assert.Empty(used.Where(code => !listed.Contains(code)).Order());
    }

    /// <summary>Extra members handed to a problem: <c>new Dictionary&lt;string, object?&gt; { ["offset"] = … }</c>.</summary>
    [GeneratedRegex(@"Dictionary<string, object\?> \{ \[(?:ApiProblem\.\w+|""(\w+)"")\]")]
    private static partial Regex ProblemMember();

    [Fact]
    public void Every_member_a_problem_carries_is_in_the_ApiProblem_schema()
    {
        var members = Directory.EnumerateFiles(RepoFiles.PathOf("src", "Shangmi.Api"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .SelectMany(f => ProblemMember().Matches(File.ReadAllText(f)))
            .Where(m => m.Groups[1].Success).Select(m => m.Groups[1].Value).ToHashSet();
        var declared = Contract().GetProperty("components").GetProperty("schemas").GetProperty("ApiProblem").GetProperty("properties")
            .EnumerateObject().Select(p => p.Name).ToHashSet();

        Assert.Contains("offset", members);
        Assert.Empty(members.Where(m => !declared.Contains(m)).Order());
    }

    [Fact]
    public void Every_error_response_of_every_operation_is_an_ApiProblem()
    {
        var wrong = new List<string>();
        foreach (var path in Contract().GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                foreach (var response in operation.Value.GetProperty("responses").EnumerateObject()
                             .Where(r => r.Name == "default" || r.Name[0] is '4' or '5'))
                {
                    var schema = response.Value.TryGetProperty("content", out var content)
                                 && content.TryGetProperty("application/problem+json", out var media)
                        ? media.GetProperty("schema").GetProperty("$ref").GetString()
                        : null;
                    if (schema != "#/components/schemas/ApiProblem")
                    {
                        wrong.Add($"{operation.Name} {path.Name} {response.Name}");
                    }
                }
            }
        }

        Assert.Empty(wrong);
    }
}
