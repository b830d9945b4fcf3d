using Dapper;
using Microsoft.Extensions.Options;
using MySqlConnector;
using Shangmi.Api.Data;

namespace Shangmi.Api.Surveys;

/// <summary>
/// With <c>Seed:Demo</c> on, adds six fictional verified enterprises, each with a member who signs in through the
/// local WeChat stand-in with a code <c>demo-ent-N:anything</c> (N = 1…6; each code works once), so a survey can be answered and its report read
/// locally (README, “Surveys”). Three are in 和平区 and three in 河西区, across two industry sections, so the report
/// shows both figures and suppressed cells. Skipped when the first of them exists.
/// </summary>
internal sealed partial class DemoSurveySeeder(
    MySqlDataSource db, IOptions<SeedOptions> options, TimeProvider time, ILogger<DemoSurveySeeder> logger) : IAfterMigration
{
    private static readonly (string Code, string Name, string District, string Industry)[] Enterprises =
    [
        ("91120100000000001T", "（演示）津门精密机械有限公司", "和平区", "C"),
        ("91120100000000002X", "（演示）海河新材料科技有限公司", "和平区", "C"),
        ("911201000000000031", "（演示）渤海云数据服务有限公司", "和平区", "I"),
        ("911201000000000044", "（演示）西岸智能装备有限公司", "河西区", "C"),
        ("911201000000000057", "（演示）友谊路软件有限公司", "河西区", "I"),
        ("91120100000000006A", "（演示）梅江信息技术有限公司", "河西区", "I"),
    ];

    public async Task RunAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        if (!options.Value.Demo || await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM enterprises WHERE credit_code = @Code)", new { Enterprises[0].Code }, cancellationToken: ct)))
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await connection.BeginTransactionAsync(ct);
        for (var n = 0; n < Enterprises.Length; n++)
        {
            var (code, name, district, industry) = Enterprises[n];
            var args = new { code, name, district, industry, openid = $"o_demo-ent-{n + 1}", now };
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO users (openid, created_at, last_login_at) VALUES (@openid, @now, @now)
                ON DUPLICATE KEY UPDATE last_login_at = last_login_at;
                INSERT INTO enterprises (credit_code, name, status, district_id, industry_id, employees, created_at, updated_at)
                SELECT @code, @name, 'verified', (SELECT id FROM districts WHERE name = @district),
                       (SELECT id FROM industries WHERE code = @industry), NULL, @now, @now;
                INSERT INTO enterprise_claims (enterprise_id, user_id, active_user, status, kind, credit_code, claimed_name, district_id,
                                               decided_at, created_at, updated_at)
                SELECT LAST_INSERT_ID(), u.id, u.id, 'verified', 'enterprise', @code, @name, (SELECT id FROM districts WHERE name = @district),
                       @now, @now, @now
                FROM users u WHERE u.openid = @openid
                  AND NOT EXISTS (SELECT 1 FROM enterprise_claims c WHERE c.active_user = u.id);
                """, args, transaction, cancellationToken: ct));
        }

        await transaction.CommitAsync(ct);
        LogSeeded(logger, Enterprises.Length);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded {Count} demo enterprises with members demo-ent-1 … demo-ent-N")]
    private static partial void LogSeeded(ILogger logger, int count);
}
