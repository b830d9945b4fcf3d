using Dapper;
using MySqlConnector;
using Shangmi.Api.Data;
using Shangmi.Api.Enterprises;
using Shangmi.Api.Events;

namespace Shangmi.Api.Identity.Users;

/// <summary>
/// Deletes a mini-program account (注销, PIPL Art 47): registrations for events still ahead are cancelled (their seats
/// go to the waiting list), the contact data of every registration is erased as the retention job would, unsent
/// subscribe messages are dropped, and the openid and unionid are erased. Tips are untouched: they were never linked
/// to an account. The user stops acting for their enterprise, and their claims lose contact data and proof files.
/// Signing in again later makes a new, empty account.
/// </summary>
public sealed class AccountDeletion(MySqlDataSource db, RegistrationStore registrations, ClaimStore claims)
{
    public async Task DeleteAsync(long userId, DateTime now, CancellationToken ct)
    {
        // The account goes first: from here its token is refused, so nothing (a claim, a registration) can be added
        // behind the erasure below.
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE users SET openid = CONCAT('deleted:', id), unionid = NULL, deleted_at = @now WHERE id = @userId
                """, new { userId, now }, cancellationToken: ct));
        }

        await claims.ForgetUserAsync(userId, now, ct);
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            var ahead = await connection.QueryAsync<long>(new CommandDefinition("""
                SELECT r.id FROM registrations r JOIN events e ON e.id = r.event_id
                WHERE r.user_id = @userId AND r.status IN ('pending', 'confirmed', 'waitlisted') AND e.starts_at > @now
                """, new { userId, now }, cancellationToken: ct));
            foreach (var id in ahead)
            {
                await registrations.CancelAsync(id, userId, now, ct);
            }
        }

        await Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE event_notifications n JOIN registrations r ON r.id = n.registration_id
                SET n.sent_at = @now, n.outcome = 'account_deleted'
                WHERE r.user_id = @userId AND n.sent_at IS NULL
                """, new { userId, now }, transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE registrations SET contact_name = @erased, phone = '', position = '', remark = '', idempotency_key = NULL
                WHERE user_id = @userId
                """, new { userId, erased = ContactRetention.ErasedName }, transaction, cancellationToken: ct));
            await transaction.CommitAsync(ct);
        });
    }
}
