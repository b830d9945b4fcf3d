using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.Options;
using MySqlConnector;
using Shangmi.Api.Common.RateLimiting;
using Shangmi.Api.Data;

namespace Shangmi.Api.Identity.Staff;

/// <summary>
/// Slows password guessing per account name and client address, with growing delays: after
/// <see cref="AuthOptions.MaxFailedLogins"/> wrong passwords from one address, that address waits
/// <see cref="AuthOptions.FirstLockout"/>, then twice as long after each further wrong one, up to
/// <see cref="AuthOptions.LockoutDuration"/>. The owner signing in from their usual address is never locked out
/// by someone guessing elsewhere, and unknown names are counted like known ones, so the answers tell nothing
/// about which names exist. Counts live in the database (any instance may answer), keyed by an HMAC of name and
/// address; a day without a wrong guess forgets them.
/// </summary>
public sealed class LoginThrottle(MySqlDataSource db, IOptions<AuthOptions> options, TimeProvider time)
{
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromDays(1);

    /// <summary>What happened to an attempt: refused unseen (wait <see cref="Wait"/>), or run.</summary>
    public readonly record struct Outcome(bool Blocked, TimeSpan Wait);

    /// <summary>
    /// Runs <paramref name="attempt"/> (true when the password was right) unless this name and address must wait;
    /// counts a wrong password, forgets the count after a right one. Attempts for one name and address run one at
    /// a time, so parallel guesses are all counted.
    /// </summary>
    public Task<Outcome> TryAsync(string username, HttpContext http, Func<Task<bool>> attempt, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            var key = KeyOf(username, ClientAddress.PartitionKey(http));
            var now = time.GetUtcNow().UtcDateTime;
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT IGNORE INTO login_throttle (attempt_key, failures, blocked_until, updated_at) VALUES (@key, 0, NULL, @now)
                """, new { key, now }, transaction, cancellationToken: ct));
            var row = await connection.QuerySingleAsync<(int Failures, DateTime? BlockedUntil, DateTime UpdatedAt)>(new CommandDefinition(
                "SELECT failures, blocked_until, updated_at FROM login_throttle WHERE attempt_key = @key FOR UPDATE",
                new { key }, transaction, cancellationToken: ct));
            if (row.BlockedUntil > now)
            {
                return new Outcome(true, row.BlockedUntil.Value - now);
            }

            if (await attempt())
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "DELETE FROM login_throttle WHERE attempt_key = @key", new { key }, transaction, cancellationToken: ct));
            }
            else
            {
                var failures = (now - row.UpdatedAt > ForgetAfter ? 0 : row.Failures) + 1;
                await connection.ExecuteAsync(new CommandDefinition("""
                    UPDATE login_throttle SET failures = @failures, blocked_until = @blockedUntil, updated_at = @now
                    WHERE attempt_key = @key
                    """, new { key, failures, blockedUntil = now + DelayAfter(failures), now }, transaction, cancellationToken: ct));
                await connection.ExecuteAsync(new CommandDefinition(
                    "DELETE FROM login_throttle WHERE updated_at < @forgotten LIMIT 100", new { forgotten = now - ForgetAfter },
                    transaction, cancellationToken: ct));
            }

            await transaction.CommitAsync(ct);
            return new Outcome(false, TimeSpan.Zero);
        });

    /// <summary>How long to wait after <paramref name="failures"/> wrong passwords in a row (zero while under the limit).</summary>
    public TimeSpan DelayAfter(int failures)
    {
        var auth = options.Value;
        if (failures < auth.MaxFailedLogins)
        {
            return TimeSpan.Zero;
        }

        var doublings = Math.Min(failures - auth.MaxFailedLogins, 30);
        var delay = auth.FirstLockout * Math.Pow(2, doublings);
        return delay < auth.LockoutDuration ? delay : auth.LockoutDuration;
    }

    private byte[] KeyOf(string username, string address) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes("login-throttle\n" + options.Value.SigningKey),
            Encoding.UTF8.GetBytes(username + "\n" + address));
}
