using Dapper;
using MySqlConnector;
using Shangmi.Api.Common;
using Shangmi.Api.Data;

namespace Shangmi.Api.Identity.Staff;

/// <summary>Someone in the audit log: the account id and the username it had.</summary>
public sealed record StaffRef(long Id, string Username);

/// <summary>
/// One change to a staff account: when, who did it (null: the service itself, e.g. the first admin from
/// configuration), to whom, what (<c>created</c>, <c>roles_changed</c>, <c>disabled</c>, <c>enabled</c>,
/// <c>password_reset</c>, <c>password_changed</c>) and the detail in Chinese (roles before and after). Never
/// carries a password.
/// </summary>
public sealed record StaffAuditEntry(long Id, DateTimeOffset At, StaffRef? Actor, StaffRef Staff, string Action, string Detail);

/// <summary>
/// The staff audit log: written by <see cref="StaffStore"/> in the same transaction as the change it records, read by admins. Granting a
/// sensitive role (officer, who reads tips, or admin) is flagged so that every other admin sees it at their next
/// sign-in: an admin cannot quietly make themselves an officer.
/// </summary>
public sealed class StaffAudit(MySqlDataSource db)
{
    public static class Actions
    {
        public const string Created = "created";
        public const string RolesChanged = "roles_changed";
        public const string Disabled = "disabled";
        public const string Enabled = "enabled";
        public const string PasswordReset = "password_reset";
        public const string PasswordChanged = "password_changed";
        public const string DistrictChanged = "district_changed";
        public const string ServiceRouteChanged = "service_route_changed";

        /// <summary>A date of the working-day calendar set or cleared (the account is the one who did it).</summary>
        public const string CalendarChanged = "calendar_changed";
    }

    /// <summary>Roles whose granting every other admin is told about.</summary>
    public static readonly string[] SensitiveRoles = [AuthPolicies.Roles.Officer, AuthPolicies.Roles.Admin];

    /// <summary>"editor、officer", or "无" for none.</summary>
    public static string RoleText(IEnumerable<string> roles) =>
        roles.Order().ToList() is { Count: > 0 } list ? string.Join("、", list) : "无";

    public async Task<Paged<StaffAuditEntry>> ListAsync(PageRequest page, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"{Row.Select} ORDER BY a.id DESC LIMIT @limit OFFSET @offset",
            new { limit = page.PageSize, offset = page.Offset }, cancellationToken: ct));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM staff_audit", cancellationToken: ct));
        return page.Of(rows.Select(r => r.ToEntry()).ToList(), total);
    }

    /// <summary>Sensitive grants by other admins since <paramref name="since"/>, newest first, for an admin signing in.</summary>
    public async Task<IReadOnlyList<StaffAuditEntry>> NoticesForAsync(long adminId, DateTime since, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition($"""
            {Row.Select}
            WHERE a.tell_admins = 1 AND a.created_at > @since AND (a.actor_id IS NULL OR a.actor_id <> @adminId)
            ORDER BY a.id DESC LIMIT 50
            """, new { adminId, since }, cancellationToken: ct));
        return rows.Select(r => r.ToEntry()).ToList();
    }

    private sealed class Row
    {
        public const string Select = """
            SELECT a.id, a.created_at AS CreatedAt, a.actor_id AS ActorId, actor.username AS ActorUsername,
                   a.staff_id AS StaffId, target.username AS StaffUsername, a.action, a.detail
            FROM staff_audit a
            JOIN staff target ON target.id = a.staff_id
            LEFT JOIN staff actor ON actor.id = a.actor_id
            """;

        public long Id { get; init; }
        public DateTime CreatedAt { get; init; }
        public long? ActorId { get; init; }
        public string? ActorUsername { get; init; }
        public long StaffId { get; init; }
        public string StaffUsername { get; init; } = "";
        public string Action { get; init; } = "";
        public string Detail { get; init; } = "";

        public StaffAuditEntry ToEntry() => new(Id, DbTime.FromUtc(CreatedAt),
            ActorId is { } actor ? new StaffRef(actor, ActorUsername ?? "") : null, new StaffRef(StaffId, StaffUsername), Action, Detail);
    }
}
