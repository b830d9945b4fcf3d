using Dapper;
using Shangmi.Api.Data;
using MySqlConnector;

namespace Shangmi.Api.Identity.Users;

/// <summary>A mini-program user as they see themselves.</summary>
public sealed record UserProfile(long Id, DateTimeOffset CreatedAt, DateTimeOffset LastLoginAt);

public sealed class UserStore(MySqlDataSource db)
{
    /// <summary>Finds the user by openid or creates them, records the login, and returns their id.</summary>
    public Task<long> SignInAsync(string openId, string? unionId, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync<long>(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            // LAST_INSERT_ID(id) makes the existing row's id come back when the openid is already known.
            return await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
                INSERT INTO users (openid, unionid, created_at, last_login_at) VALUES (@openId, @unionId, @now, @now)
                ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id), unionid = COALESCE(@unionId, unionid), last_login_at = @now;
                SELECT LAST_INSERT_ID();
                """, new { openId, unionId, now }, cancellationToken: ct));
        });

    public async Task<UserProfile?> FindAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<(long Id, DateTime CreatedAt, DateTime LastLoginAt)?>(
            new CommandDefinition("SELECT id, created_at, last_login_at FROM users WHERE id = @id AND deleted_at IS NULL", new { id },
                cancellationToken: ct));
        return row is { } r
            ? new UserProfile(r.Id, DbTime.FromUtc(r.CreatedAt), DbTime.FromUtc(r.LastLoginAt))
            : null;
    }

    /// <summary>Whether a user token's account still exists (not deleted); checked on every user request.</summary>
    public async Task<bool> IsActiveAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM users WHERE id = @id AND deleted_at IS NULL)", new { id }, cancellationToken: ct));
    }
}
