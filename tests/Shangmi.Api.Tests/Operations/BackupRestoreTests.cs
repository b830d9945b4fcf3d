using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Enterprises;
using Shangmi.Api.Tests.Events;
using Shangmi.Api.Tests.Infrastructure;
using Shangmi.Api.Tests.Tips;

namespace Shangmi.Api.Tests.Operations;

/// <summary>
/// scripts/backup.sh and scripts/restore.sh as an operator runs them: a backup of a running instance, restored into a
/// fresh database and folders, serves a second instance (same keys) that reads everything back.
/// </summary>
public class BackupRestoreTests(ApiFactory source) : IClassFixture<ApiFactory>
{
    private static readonly byte[] Png =
    [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    ];

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_restored_backup_serves_the_tip_with_its_evidence_the_registration_and_the_files()
    {
        // What the running instance holds: a tip with evidence, a registration, a public file, an officer account.
        var receipt = await TipClient.SubmitAsync(source);
        var evidence = TipClient.Jpeg(200_000);
        var attached = await TipClient.UploadAsync(source, receipt, evidence, "现场照片.jpg");
        Assert.True(attached.IsSuccessStatusCode, await attached.Content.ReadAsStringAsync());
        var (officerName, officerPassword) = await CreateOfficerAsync();
        var claimant = await EventClient.UserAsync(source);
        var proof = EnterpriseClient.Pdf;
        var claimId = await EnterpriseClient.ClaimedAsync(source, claimant,
            EnterpriseClient.ClaimForm(EnterpriseClient.NewCode(), proof: proof));

        var editor = await source.EditorAsync();
        var eventId = await EventClient.CreateAsync(source, editor, capacity: 10);
        var userToken = await EventClient.UserAsync(source);
        await EventClient.RegisteredAsync(source, userToken, eventId);

        var file = new ByteArrayContent(Png);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        var uploaded = await editor.PostAsync("/api/v1/admin/files", new MultipartFormDataContent { { file, "file", "封面.png" } });
        var fileUrl = (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;

        var backups = Directory.CreateTempSubdirectory("shangmi-backups-");
        await using var restored = new RestoredApiFactory();
        try
        {
            var archive = await RunAsync("backup.sh", source, backups.FullName);
            Assert.True(File.Exists(archive), archive);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(archive));
            // The archive is opaque without the keys: no tip text in the clear, nor hex-encoded (--hex-blob).
            var unpacked = Path.Combine(backups.FullName, "unpacked");
            Directory.CreateDirectory(unpacked);
            var found = await ShellAsync($"tar -C '{unpacked}' -xf '{archive}' && gunzip '{unpacked}'/*/database.sql.gz"
                + $" && grep -rci -e 'ZX-7731' -e '5A582D37373331' '{unpacked}' | grep -vc ':0$' || true");
            Assert.Equal("0", found.Trim());
            Assert.True(Directory.EnumerateFiles(unpacked, "database.sql", SearchOption.AllDirectories).Any());

            await RunAsync("restore.sh", restored, archive);
            await restored.InitializeAsync();

            // The reporter follows the case with the same receipt code and sees the evidence listed.
            var mine = await TipClient.WithReceipt(restored, receipt).GetFromJsonAsync<JsonElement>("/api/v1/tips/mine");
            Assert.Equal("现场照片.jpg", mine.GetProperty("attachments")[0].GetProperty("name").GetString());

            // The officer (restored account) downloads the same bytes.
            var officer = restored.ClientWith(await restored.SignInStaffAsync(officerName, officerPassword));
            var tipId = await TipClient.LatestTipIdAsync(officer);
            var tip = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/admin/tips/{tipId}");
            Assert.Equal(TipClient.Description, tip.GetProperty("report").GetProperty("description").GetString());
            var attachmentId = tip.GetProperty("attachments")[0].GetProperty("id").GetInt64();
            var download = await officer.GetAsync($"/api/v1/admin/tips/{tipId}/attachments/{attachmentId}");
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(evidence, await download.Content.ReadAsByteArrayAsync());

            // The enterprise claim's sealed proof file came along too.
            var restoredProof = await officer.GetAsync($"/api/v1/admin/enterprise-claims/{claimId}/proof");
            Assert.Equal(HttpStatusCode.OK, restoredProof.StatusCode);
            Assert.Equal(proof, await restoredProof.Content.ReadAsByteArrayAsync());

            // The user's registration and the public file came along.
            var registrations = await restored.ClientWith(userToken).GetFromJsonAsync<JsonElement>("/api/v1/me/registrations");
            Assert.Contains(registrations.GetProperty("items").EnumerateArray(),
                r => r.GetProperty("event").GetProperty("id").GetInt64() == eventId);
            Assert.Equal(Png, await restored.CreateClient().GetByteArrayAsync(new Uri(fileUrl).AbsolutePath));
        }
        finally
        {
            backups.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Restore_refuses_a_database_that_already_has_tables()
    {
        var backups = Directory.CreateTempSubdirectory("shangmi-backups-");
        try
        {
            var archive = await RunAsync("backup.sh", source, backups.FullName);
            var empty = Path.Combine(backups.FullName, "empty");

            var error = await Assert.ThrowsAsync<ScriptFailed>(() =>
                RunAsync("restore.sh", source.ConnectionString, empty + "-files", empty + "-evidence", empty + "-proofs", archive));

            Assert.Contains("already has", error.Message);
        }
        finally
        {
            backups.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("relative")]
    public async Task Backup_refuses_a_folder_setting_that_names_no_folder_rather_than_back_up_nothing(string mistake)
    {
        var backups = Directory.CreateTempSubdirectory("shangmi-backups-");
        try
        {
            var evidence = mistake == "missing" ? source.EvidenceFolder + "-typo" : "data/tip-evidence";

            var error = await Assert.ThrowsAsync<ScriptFailed>(() => RunAsync("backup.sh", source.ConnectionString,
                source.FilesFolder, evidence, source.ProofFolder, backups.FullName));

            Assert.Contains(mistake == "missing" ? "does not exist" : "is relative", error.Message);
            Assert.Empty(Directory.EnumerateFileSystemEntries(backups.FullName));
        }
        finally
        {
            backups.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Restore_refuses_a_damaged_dump()
    {
        var backups = Directory.CreateTempSubdirectory("shangmi-backups-");
        await using var restored = new RestoredApiFactory();
        try
        {
            var archive = await RunAsync("backup.sh", source, backups.FullName);
            var unpacked = Path.Combine(backups.FullName, "unpacked");
            Directory.CreateDirectory(unpacked);
            await ShellAsync($"tar -C '{unpacked}' -xf '{archive}' && echo 'changed' >> '{unpacked}'/*/database.sql.gz"
                + $" && cd '{unpacked}' && tar -cf '{archive}' shangmi-backup-*");

            var error = await Assert.ThrowsAsync<ScriptFailed>(() =>
                RunAsync("restore.sh", restored, archive));

            Assert.Contains("damaged", error.Message);
        }
        finally
        {
            backups.Delete(recursive: true);
        }
    }

    private async Task<(string Name, string Password)> CreateOfficerAsync()
    {
        var name = $"officer{Guid.NewGuid().ToString("N")[..8]}";
        const string password = "officer-password-123";
        var admin = source.ClientWith(await source.SignInStaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword));
        var created = await admin.PostAsJsonAsync("/api/v1/admin/staff",
            new { username = name, password, displayName = "办案人员", roles = new[] { "officer", "service" } });
        created.EnsureSuccessStatusCode();
        return (name, password);
    }

    /// <summary>Runs a script the way an operator does, with the service's settings in the environment; its last line.</summary>
    private static Task<string> RunAsync(string script, ApiFactory instance, string argument) =>
        RunAsync(script, instance.ConnectionString, instance.FilesFolder, instance.EvidenceFolder, instance.ProofFolder, argument);

    private static async Task<string> RunAsync(string script, string connection, string files, string evidence, string proofs,
        string argument)
    {
        var start = new ProcessStartInfo("bash", [RepoFiles.PathOf("scripts", script), argument])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.Environment["ConnectionStrings__Shangmi"] = connection;
        start.Environment["Storage__Path"] = files;
        start.Environment["Storage__EvidencePath"] = evidence;
        start.Environment["Storage__ProofPath"] = proofs;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new ScriptFailed($"{script} exited {process.ExitCode}: {await error}{await output}");
        }

        return (await output).TrimEnd().Split('\n')[^1];
    }

    private static async Task<string> ShellAsync(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    private sealed class ScriptFailed(string message) : Exception(message);

    /// <summary>A second instance whose database and folders the restore creates; started by the test afterwards.</summary>
    private sealed class RestoredApiFactory : ApiFactory
    {
        protected override bool CreateDatabaseFirst => false;
    }
}
