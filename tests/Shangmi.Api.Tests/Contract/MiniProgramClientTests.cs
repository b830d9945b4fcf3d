using System.Diagnostics;
using System.Net.Http.Json;
using Shangmi.Api.Tests.Articles;
using Shangmi.Api.Tests.Events;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Contract;

/// <summary>
/// The mini-program's shipped client (miniprogram-contract/request.ts) and a client written the obvious way over it
/// (check/flows.ts) compile with tsc --strict against the committed types, and drive every public flow against the
/// running service through a <c>wx</c> stand-in: reading with 304, experts by field and region, registration with a
/// lost answer and a retry, my registrations and cancel, account deletion, and a tip with evidence and a message.
/// </summary>
public class MiniProgramClientTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static string ContractFolder => RepoFiles.PathOf("miniprogram-contract");

    [Fact]
    public async Task The_typed_client_compiles_strictly_and_drives_every_public_flow()
    {
        var tsc = Path.Combine(ContractFolder, "node_modules", "typescript", "bin", "tsc");
        Assert.True(File.Exists(tsc), "typescript is not installed: run `npm ci` in miniprogram-contract (test.sh does)");
        await SeedAsync();
        var output = Path.Combine(Path.GetTempPath(), $"shangmi-client-{Guid.NewGuid():N}");
        var evidence = Path.Combine(Path.GetTempPath(), $"shangmi-evidence-{Guid.NewGuid():N}.jpg");
        await File.WriteAllBytesAsync(evidence, Tips.TipClient.Jpeg(4096));
        try
        {
            var (compiled, compilerOutput) = await NodeAsync([tsc, "-p", ContractFolder, "--outDir", output], []);
            Assert.True(compiled == 0, $"tsc --strict failed:\n{compilerOutput}");

            var (exit, log) = await NodeAsync([Path.Combine(output, "check", "flows.js")], new()
            {
                ["SHANGMI_BASE_URL"] = factory.CreateClient().BaseAddress!.ToString().TrimEnd('/'),
                ["SHANGMI_EVIDENCE_FILE"] = evidence,
            });
            Assert.True(exit == 0, $"a client flow failed:\n{log}");
            Assert.Contains("ok: tip", log);
        }
        finally
        {
            File.Delete(evidence);
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    /// <summary>What the flows read: a published article, a public expert with a field and a district, an open event.</summary>
    private async Task SeedAsync()
    {
        var editor = await factory.EditorAsync();
        await ArticleClient.CreateAsync(editor, new() { ["title"] = "商业秘密保护指引", ["contentHtml"] = "<p>企业应建立保密制度。</p>" });
        var expert = await editor.PostAsJsonAsync("/api/v1/admin/experts", new
        {
            name = "张教授", organization = "南开大学法学院", fields = new[] { "知识产权" }, region = "南开区", bio = "研究商业秘密保护。",
        });
        Assert.True(expert.IsSuccessStatusCode, await expert.Content.ReadAsStringAsync());
        await EventClient.CreateAsync(factory, editor, capacity: 30);
    }

    private static async Task<(int ExitCode, string Output)> NodeAsync(string[] arguments, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("node", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = ContractFolder,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
