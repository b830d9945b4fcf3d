using Dapper;
using MySqlConnector;
using Shangmi.Api.Data;

namespace Shangmi.Api.Enterprises;

/// <summary>
/// An enterprise's history: members' profile changes (field, old → new), staff decisions, staff reads of a claim's
/// contact or proof, and exports. Written in the transaction of the change it records, or right after a read.
/// </summary>
public sealed class EnterpriseLog(MySqlDataSource db)
{
    /// <summary>What happened; stored as its snake_case word (<c>ClaimVerified</c> → <c>claim_verified</c>).</summary>
    public enum Action
    {
        Claimed, ClaimVerified, ClaimRejected, MemberLeft, MemberRevoked, Changed, ChangeRequested, ChangeVerified, ChangeRejected,
        Designated, Undesignated, Imported, Viewed, ContactRead, ProofRead, Exported, SurveyReopened,
    }

    public static string Word(Action action) => string.Concat(action.ToString().Select((c, i) =>
        char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    /// <summary>Who did it: a mini-program user or a staff member.</summary>
    public readonly record struct Actor(long? UserId, long? StaffId)
    {
        public static Actor User(long id) => new(id, null);
        public static Actor Staff(long id) => new(null, id);
    }

    public static Task RecordAsync(MySqlConnection connection, MySqlTransaction? transaction, long? enterpriseId, long? claimId,
        Actor actor, Action action, DateTime now, CancellationToken ct, string? field = null, string? oldValue = null,
        string? newValue = null) =>
        connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO enterprise_log (enterprise_id, claim_id, user_id, staff_id, action, field, old_value, new_value, at)
            VALUES (@enterpriseId, @claimId, @UserId, @StaffId, @action, @field, @oldValue, @newValue, @now)
            """, new
        {
            enterpriseId, claimId, actor.UserId, actor.StaffId, action = Word(action), field, oldValue = Clip(oldValue), newValue = Clip(newValue), now,
        }, transaction, cancellationToken: ct));

    /// <summary>Records a read (or an export) on its own connection.</summary>
    public async Task RecordReadAsync(long? enterpriseId, long? claimId, long staffId, Action action, DateTime now, CancellationToken ct,
        string? detail = null)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await RecordAsync(connection, null, enterpriseId, claimId, Actor.Staff(staffId), action, now, ct, newValue: detail);
    }

    public static async Task<IReadOnlyList<EnterpriseLogEntry>> HistoryAsync(MySqlConnection connection, long enterpriseId, CancellationToken ct) =>
        (await connection.QueryAsync<LogRow>(new CommandDefinition("""
            SELECT l.at, l.action, l.field, l.old_value, l.new_value, l.user_id, l.staff_id, s.display_name AS staff_name, l.claim_id
            FROM enterprise_log l LEFT JOIN staff s ON s.id = l.staff_id
            WHERE l.enterprise_id = @enterpriseId ORDER BY l.id DESC LIMIT 200
            """, new { enterpriseId }, cancellationToken: ct)))
        .Select(e => new EnterpriseLogEntry(DbTime.FromUtc(e.At), e.Action, e.Field, e.OldValue, e.NewValue, e.UserId, e.StaffId,
            e.StaffName, e.ClaimId))
        .ToList();

    private sealed class LogRow
    {
        public DateTime At { get; init; }
        public string Action { get; init; } = "";
        public string? Field { get; init; }
        public string? OldValue { get; init; }
        public string? NewValue { get; init; }
        public long? UserId { get; init; }
        public long? StaffId { get; init; }
        public string? StaffName { get; init; }
        public long? ClaimId { get; init; }
    }

    private static string? Clip(string? value) => value is { Length: > 500 } ? value[..500] : value;
}
