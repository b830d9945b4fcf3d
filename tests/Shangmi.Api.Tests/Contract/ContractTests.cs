using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Contract;

/// <summary>
/// The committed contract in miniprogram-contract/ must be what the running service serves, and the
/// mini-program's TypeScript types must be what openapi-typescript makes of it. To regenerate both after a
/// change: <c>scripts/update-contract.sh</c> (sets SHANGMI_UPDATE_CONTRACT=1 and runs these tests).
/// </summary>
public class ContractTests(ContractTests.Factory factory) : IClassFixture<ContractTests.Factory>
{
    /// <summary>The document is served only when enabled (outside Development it is off by default).</summary>
    public sealed class Factory : ApiFactory
    {
        public Factory() => Settings["ApiDocument:Enabled"] = "true";
    }

    private static readonly bool Update = Environment.GetEnvironmentVariable("SHANGMI_UPDATE_CONTRACT") == "1";

    private static string ContractFolder => RepoFiles.PathOf("miniprogram-contract");

    private static string OpenApiPath => Path.Combine(ContractFolder, "openapi.json");

    private static string TypesPath => Path.Combine(ContractFolder, "types", "api.d.ts");

    [Fact]
    public async Task The_committed_openapi_document_is_what_the_service_serves()
    {
        var served = Normalise(await factory.CreateClient().GetStringAsync("/swagger/v1/swagger.json"));
        if (Update)
        {
            await File.WriteAllTextAsync(OpenApiPath, served);
        }

        Assert.True(File.Exists(OpenApiPath), $"{OpenApiPath} is missing; run scripts/update-contract.sh");
        var committed = await File.ReadAllTextAsync(OpenApiPath);
        Assert.True(committed == served,
            "miniprogram-contract/openapi.json differs from the served document; run scripts/update-contract.sh and commit it");
    }

    [Fact]
    public async Task The_committed_typescript_types_match_the_contract()
    {
        var generator = Path.Combine(ContractFolder, "node_modules", "openapi-typescript", "bin", "cli.js");
        Assert.True(File.Exists(generator), "openapi-typescript is not installed: run `npm ci` in miniprogram-contract (test.sh does)");

        var output = Path.Combine(Path.GetTempPath(), $"shangmi-types-{Guid.NewGuid():N}.d.ts");
        try
        {
            var process = Process.Start(new ProcessStartInfo("node", [generator, OpenApiPath, "-o", output])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"openapi-typescript failed: {errors}");

            var generated = await File.ReadAllTextAsync(output);
            if (Update)
            {
                await File.WriteAllTextAsync(TypesPath, generated);
            }

            Assert.True(File.Exists(TypesPath), $"{TypesPath} is missing; run scripts/update-contract.sh");
            Assert.True(await File.ReadAllTextAsync(TypesPath) == generated,
                "miniprogram-contract/types/api.d.ts is stale; run scripts/update-contract.sh and commit it");
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>Indented, with Chinese left readable and a final newline, so diffs of the contract are reviewable.</summary>
    private static string Normalise(string json) =>
        JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }) + "\n";
}
