using Dapper;
using MySqlConnector;
using Shangmi.Api.Data;
using Shangmi.Api.Events;

namespace Shangmi.Api.Identity.Users;

/// <summary>
/// SQL of deleting a mini-program account (注销, PIPL Art 47). The handler first closes the account (its token is
/// refused from then on, so nothing can be added behind the erasure), ends the user's enterprise claims, cancels the
/// registrations for events still ahead as their owner would (their seats go to the waiting list), then erases: the
/// contact data of every registration as the retention job would, and unsent subscribe messages. Tips are untouched:
/// they were never linked to an account. Signing in again later makes a new, empty account.
/// </summary>
public sealed class AccountDeletion(MySqlDataSource db)
{
    /// <summary>Erases the openid and unionid and marks the account deleted, which ends its sessions.</summary>
    public async Task CloseAsync(long userId, DateTime now, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE users SET openid = CONCAT('deleted:', id), unionid = NULL, deleted_at = @now WHERE id = @userId
            """, new { userId, now }, cancellationToken: ct));
    }

    /// <summary>The user's registrations still standing for events that have not started.</summary>
    public async Task<IReadOnlyList<long>> RegistrationsAheadAsync(long userId, DateTime now, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<long>(new CommandDefinition("""
            SELECT r.id FROM registrations r JOIN events e ON e.id = r.event_id
            WHERE r.user_id = @userId AND r.status IN ('pending', 'confirmed', 'waitlisted') AND e.starts_at > @now
            """, new { userId, now }, cancellationToken: ct))).ToList();
    }

    /// <summary>
    /// Erases the contact data of all the user's registrations and service requests and drops their unsent messages,
    /// together. The requests stay with the enterprise (its ledger), without this person's name and phone.
    /// </summary>
    public Task EraseAsync(long userId, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
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
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE event_notifications n JOIN service_request_events e ON e.id = n.service_event_id
                     JOIN service_requests r ON r.id = e.request_id
                SET n.sent_at = @now, n.outcome = 'account_deleted'
                WHERE r.user_id = @userId AND n.sent_at IS NULL;
                UPDATE service_requests SET contact_sealed = NULL, contact_mask = '', idempotency_key = NULL WHERE user_id = @userId;
                """, new { userId, now }, transaction, cancellationToken: ct));
            await transaction.CommitAsync(ct);
        });
}
