using Dapper;
using MySqlConnector;
using Shangmi.Api.Data;

namespace Shangmi.Api.Tips;

/// <summary>Who read or changed a tip, and when; kept with the tip and deleted with it.</summary>
public sealed class TipAuditLog(MySqlDataSource db)
{
    /// <summary>One audit row per tip, in a single statement (a list page audits every tip it shows).</summary>
    public async Task AuditAsync(IEnumerable<long> tipIds, long staffId, string action, string detail, DateTime now, CancellationToken ct)
    {
        var ids = tipIds.ToList();
        if (ids.Count == 0)
        {
            return;
        }

        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO tip_audit (tip_id, at, staff_id, action, detail)
            SELECT id, @now, @staffId, @action, @detail FROM tips WHERE id IN @ids ORDER BY id
            """, new { ids, now, staffId, action, detail }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<TipAuditEntry>> TrailAsync(long tipId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<(DateTime At, long StaffId, string? StaffName, string Action, string Detail)>(new CommandDefinition("""
                SELECT a.at, a.staff_id, s.display_name, a.action, a.detail
                FROM tip_audit a LEFT JOIN staff s ON s.id = a.staff_id WHERE a.tip_id = @tipId ORDER BY a.id
                """, new { tipId }, cancellationToken: ct)))
            .Select(a => new TipAuditEntry(DbTime.FromUtc(a.At), a.StaffId, a.StaffName, a.Action, a.Detail)).ToList();
    }
}
