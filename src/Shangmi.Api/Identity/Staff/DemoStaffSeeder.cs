using Microsoft.Extensions.Options;
using Shangmi.Api.Common;
using Shangmi.Api.Data;

namespace Shangmi.Api.Identity.Staff;

/// <summary>
/// With <c>Seed:Demo</c> on, adds an editor, a case officer and a city-wide enterprise-services account so a developer can try every staff role locally.
/// Accounts that already exist are left alone.
/// </summary>
internal sealed partial class DemoStaffSeeder(
    StaffStore store, PasswordCheck passwords, IOptions<SeedOptions> options, TimeProvider time,
    ILogger<DemoStaffSeeder> logger) : IAfterMigration
{
    private static readonly (string Username, string DisplayName, string Role)[] Accounts =
    [
        ("demo-editor", "演示编辑 周宁", AuthPolicies.Roles.Editor),
        ("demo-officer", "演示办案员 韩松", AuthPolicies.Roles.Officer),
        ("demo-service", "演示企业服务专员 林岚", AuthPolicies.Roles.Service),
        ("demo-analyst", "演示调研分析员 苏晴", AuthPolicies.Roles.Analyst),
    ];

    public async Task RunAsync(CancellationToken ct)
    {
        var seed = options.Value;
        if (!seed.Demo)
        {
            return;
        }

        foreach (var (username, displayName, role) in Accounts)
        {
            if (new FieldErrors().CheckPassword("password", seed.DemoPassword, username).Any)
            {
                LogNoPassword(logger);
                return;
            }

            var (outcome, _) = await store.CreateAsync(username, displayName, passwords.Hash(seed.DemoPassword!), [role],
                actorId: null, time.GetUtcNow().UtcDateTime, ct);
            if (outcome == StaffStore.CreateOutcome.Created)
            {
                LogSeeded(logger, username, role);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seed:Demo is on but Seed:DemoPassword is missing or weak; no demo staff seeded.")]
    private static partial void LogNoPassword(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded demo staff account {Username} ({Role})")]
    private static partial void LogSeeded(ILogger logger, string username, string role);
}
