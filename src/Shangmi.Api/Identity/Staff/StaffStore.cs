using System.Security.Cryptography;
using Dapper;
using MySqlConnector;
using Shangmi.Api.Data;

namespace Shangmi.Api.Identity.Staff;

/// <summary>What a request needs to know about the staff member behind a token, read fresh each time.</summary>
public sealed record StaffAccess(bool Disabled, string SecurityStamp, IReadOnlyList<string> Roles);

/// <summary>The row a login decision is made on.</summary>
public sealed record StaffCredentials(long Id, string PasswordHash, string SecurityStamp, bool Disabled);

public sealed record StaffSummary(long Id, string Username, string DisplayName, bool Disabled, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt);

/// <summary>SQL for staff accounts. Roles live in <c>staff_roles</c>, one row per role.</summary>
public sealed class StaffStore(MySqlDataSource db)
{
    public static string NewSecurityStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    public async Task<StaffAccess?> FindAccessAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<(bool Disabled, string SecurityStamp, string? Roles)>(
            new CommandDefinition("""
                SELECT s.disabled, s.security_stamp, GROUP_CONCAT(r.role ORDER BY r.role SEPARATOR ',')
                FROM staff s LEFT JOIN staff_roles r ON r.staff_id = s.id
                WHERE s.id = @id
                GROUP BY s.id, s.disabled, s.security_stamp
                """, new { id }, cancellationToken: ct));
        return row.SecurityStamp is null ? null : new StaffAccess(row.Disabled, row.SecurityStamp, SplitRoles(row.Roles));
    }

    public async Task<bool> AnyAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(
            new CommandDefinition("SELECT EXISTS (SELECT 1 FROM staff)", cancellationToken: ct));
    }

    public enum CreateOutcome { Created, UsernameTaken }

    /// <summary>
    /// Inserts an account with its roles and records who created it (<paramref name="actorId"/> null: the service
    /// itself).
    /// </summary>
    public Task<(CreateOutcome Outcome, long Id)> CreateAsync(string username, string displayName, string passwordHash,
        IReadOnlyCollection<string> roles, long? actorId, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            long id;
            try
            {
                id = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
                    INSERT INTO staff (username, display_name, password_hash, security_stamp, created_at, updated_at)
                    VALUES (@username, @displayName, @passwordHash, @stamp, @now, @now);
                    SELECT LAST_INSERT_ID();
                    """, new { username, displayName, passwordHash, stamp = NewSecurityStamp(), now }, transaction, cancellationToken: ct));
            }
            catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
            {
                return (CreateOutcome.UsernameTaken, 0L);
            }

            await InsertRolesAsync(connection, transaction, id, roles, ct);
            await AuditAsync(connection, transaction, actorId, id, StaffAudit.Actions.Created,
                $"创建账号，角色：{StaffAudit.RoleText(roles.Distinct())}", roles.Intersect(StaffAudit.SensitiveRoles).Any(), now, ct);
            await transaction.CommitAsync(ct);
            return (CreateOutcome.Created, id);
        });

    public async Task<IReadOnlyList<StaffSummary>> ListAsync(CancellationToken ct, long? id = null)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(long Id, string Username, string DisplayName, bool Disabled, string? Roles, DateTime CreatedAt)>(
            new CommandDefinition("""
                SELECT s.id, s.username, s.display_name, s.disabled,
                       GROUP_CONCAT(r.role ORDER BY r.role SEPARATOR ','), s.created_at
                FROM staff s LEFT JOIN staff_roles r ON r.staff_id = s.id
                WHERE @id IS NULL OR s.id = @id
                GROUP BY s.id, s.username, s.display_name, s.disabled, s.created_at
                ORDER BY s.id
                """, new { id }, cancellationToken: ct));
        return rows.Select(r => new StaffSummary(r.Id, r.Username, r.DisplayName, r.Disabled, SplitRoles(r.Roles),
            DbTime.FromUtc(r.CreatedAt))).ToList();
    }

    public async Task<StaffSummary?> FindAsync(long id, CancellationToken ct) =>
        (await ListAsync(ct, id)).SingleOrDefault();

    /// <summary>Replaces the roles of an account and records the change; false when it does not exist.</summary>
    public Task<bool> SetRolesAsync(long id, IReadOnlyCollection<string> roles, long actorId, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var found = await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE staff SET updated_at = @now WHERE id = @id", new { id, now }, transaction, cancellationToken: ct));
            if (found == 0)
            {
                return false;
            }

            var before = (await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT role FROM staff_roles WHERE staff_id = @id", new { id }, transaction, cancellationToken: ct))).ToList();
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM staff_roles WHERE staff_id = @id", new { id }, transaction, cancellationToken: ct));
            await InsertRolesAsync(connection, transaction, id, roles, ct);
            var granted = roles.Distinct().Except(before).ToList();
            var removed = before.Except(roles).ToList();
            await AuditAsync(connection, transaction, actorId, id, StaffAudit.Actions.RolesChanged,
                $"角色：{StaffAudit.RoleText(before)} → {StaffAudit.RoleText(roles.Distinct())}",
                granted.Concat(removed).Intersect(StaffAudit.SensitiveRoles).Any(), now, ct);
            await transaction.CommitAsync(ct);
            return true;
        });

    public Task<bool> SetDisabledAsync(long id, bool disabled, long actorId, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            if (await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE staff SET disabled = @disabled, updated_at = @now WHERE id = @id",
                    new { id, disabled, now }, transaction, cancellationToken: ct)) == 0)
            {
                return false;
            }

            await AuditAsync(connection, transaction, actorId, id,
                disabled ? StaffAudit.Actions.Disabled : StaffAudit.Actions.Enabled, disabled ? "停用账号" : "启用账号",
                await HoldsSensitiveRoleAsync(connection, transaction, id, ct), now, ct);
            await transaction.CommitAsync(ct);
            return true;
        });

    /// <summary>Notes a successful sign-in; returns the one before (null the first time).</summary>
    public async Task<DateTime?> RecordLoginAsync(long id, DateTime now, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var previous = await connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition(
            "SELECT COALESCE(last_login_at, created_at) FROM staff WHERE id = @id", new { id }, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE staff SET last_login_at = @now WHERE id = @id", new { id, now }, cancellationToken: ct));
        return previous;
    }

    /// <summary>
    /// What a sign-in checks the password against; null for an unknown username. The name must match byte for byte:
    /// the column's collation would let look-alikes (ádmin, ａｄｍｉｎ) reach the account, each with a lock-out
    /// counter of its own.
    /// </summary>
    public async Task<StaffCredentials?> FindCredentialsAsync(string username, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<StaffCredentials>(new CommandDefinition("""
            SELECT id, password_hash AS PasswordHash, security_stamp AS SecurityStamp, disabled
            FROM staff WHERE username = @username COLLATE utf8mb4_bin
            """, new { username }, cancellationToken: ct));
    }

    /// <summary>Stores a fresh hash of the same password (the stored one used outdated parameters).</summary>
    public async Task RehashPasswordAsync(long id, string passwordHash, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE staff SET password_hash = @passwordHash WHERE id = @id", new { id, passwordHash }, cancellationToken: ct));
    }

    public async Task<string?> FindPasswordHashAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT password_hash FROM staff WHERE id = @id", new { id }, cancellationToken: ct));
    }

    public enum SetPasswordOutcome { Set, NotFound }

    /// <summary>
    /// Stores a new password and a new security stamp, which ends every token issued before, and records it: as a
    /// change by the owner, or as a reset by the admin <paramref name="actorId"/>. Returns the new stamp.
    /// </summary>
    public Task<(SetPasswordOutcome Outcome, string Stamp)> SetPasswordAsync(
        long id, string passwordHash, long actorId, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync<(SetPasswordOutcome, string)>(async () =>
        {
            var stamp = NewSecurityStamp();
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            if (await connection.ExecuteAsync(new CommandDefinition("""
                    UPDATE staff SET password_hash = @passwordHash, security_stamp = @stamp, updated_at = @now
                    WHERE id = @id
                    """, new { id, passwordHash, stamp, now }, transaction, cancellationToken: ct)) == 0)
            {
                return (SetPasswordOutcome.NotFound, "");
            }

            var byOwner = actorId == id;
            // An admin resetting an officer's or another admin's password could sign in as them: other admins hear of it.
            await AuditAsync(connection, transaction, actorId, id,
                byOwner ? StaffAudit.Actions.PasswordChanged : StaffAudit.Actions.PasswordReset,
                byOwner ? "本人修改密码" : "管理员重置密码",
                !byOwner && await HoldsSensitiveRoleAsync(connection, transaction, id, ct), now, ct);
            await transaction.CommitAsync(ct);
            return (SetPasswordOutcome.Set, stamp);
        });

    /// <summary>
    /// A line of the staff audit log, in the transaction of the change it records (see <see cref="StaffAudit"/>); the
    /// one fragment that writes it, also for the district scope (<see cref="StaffDistricts"/>).
    /// </summary>
    internal static Task AuditAsync(MySqlConnection connection, MySqlTransaction transaction, long? actorId, long staffId,
        string action, string detail, bool tellAdmins, DateTime now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO staff_audit (actor_id, staff_id, action, detail, tell_admins, created_at)
            VALUES (@actorId, @staffId, @action, @detail, @tellAdmins, @now)
            """, new { actorId, staffId, action, detail, tellAdmins, now }, transaction, cancellationToken: ct));

    /// <summary>Whether the account holds a role whose changes other admins are told of (officer, admin).</summary>
    private static async Task<bool> HoldsSensitiveRoleAsync(MySqlConnection connection, MySqlTransaction transaction, long id,
        CancellationToken ct) =>
        await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM staff_roles WHERE staff_id = @id AND role IN @roles)",
            new { id, roles = StaffAudit.SensitiveRoles }, transaction, cancellationToken: ct));

    private static Task InsertRolesAsync(
        MySqlConnection connection, MySqlTransaction transaction, long id, IReadOnlyCollection<string> roles, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO staff_roles (staff_id, role) VALUES (@id, @role)",
            roles.Distinct().Select(role => new { id, role }), transaction, cancellationToken: ct));

    private static string[] SplitRoles(string? roles) =>
        string.IsNullOrEmpty(roles) ? [] : roles.Split(',');
}
