using System.Security.Cryptography;
using Dapper;
using MySqlConnector;
using Shangmi.Api.Data;

namespace Shangmi.Api.Events;

/// <summary>
/// The seat bookkeeping shared by every change that frees or adds seats. Callers hold the event row lock
/// (<c>SELECT … FOR UPDATE</c>) in the same transaction, so seats_taken and the queue change together or not at all.
/// </summary>
public sealed class RegistrationQueue
{
    /// <summary>An unguessable code the mini-program shows as a QR code for check-in.</summary>
    public static string NewCheckInCode() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// Moves registrations from the head of the waiting list into free seats, strictly first come first served:
    /// when the head does not fit (it brings more attendees than there are seats), nobody behind it jumps ahead.
    /// Promoted registrations become confirmed, or pending when the event requires approval.
    /// </summary>
    public async Task PromoteAsync(MySqlConnection connection, MySqlTransaction transaction, long eventId, DateTime now, CancellationToken ct)
    {
        var ev = await connection.QuerySingleAsync<(int Capacity, int SeatsTaken, bool RequiresApproval, EventStatus Status)>(
            new CommandDefinition("SELECT capacity, seats_taken, requires_approval, status FROM events WHERE id = @eventId",
                new { eventId }, transaction, cancellationToken: ct));
        if (ev.Status != EventStatus.Published)
        {
            return;
        }

        var free = ev.Capacity - ev.SeatsTaken;
        while (free > 0)
        {
            var head = await connection.QuerySingleOrDefaultAsync<(long Id, int Attendees)?>(new CommandDefinition("""
                SELECT id, attendees FROM registrations WHERE event_id = @eventId AND status = 'waitlisted'
                ORDER BY id LIMIT 1 FOR UPDATE
                """, new { eventId }, transaction, cancellationToken: ct));
            if (head is not { } next || next.Attendees > free)
            {
                break;
            }

            var status = (ev.RequiresApproval ? RegistrationStatus.Pending : RegistrationStatus.Confirmed).ToDb();
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE registrations SET status = @status, check_in_code = @code, updated_at = @now WHERE id = @id
                """, new { status, code = ev.RequiresApproval ? null : NewCheckInCode(), now, id = next.Id }, transaction,
                cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE events SET seats_taken = seats_taken + @attendees WHERE id = @eventId",
                new { attendees = next.Attendees, eventId }, transaction, cancellationToken: ct));
            if (!ev.RequiresApproval)
            {
                // A promotion to pending is told when staff approve it (as a confirmation), not now.
                await EnqueueAsync(connection, transaction, next.Id, Notifications.Promoted, now, ct);
            }

            free -= next.Attendees;
        }
    }

    /// <summary>Queues a subscribe message in the caller's transaction; a second one of the same kind is ignored.</summary>
    public static Task EnqueueAsync(
        MySqlConnection connection, MySqlTransaction transaction, long registrationId, string kind, DateTime now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("""
            INSERT IGNORE INTO event_notifications (registration_id, kind, created_at) VALUES (@registrationId, @kind, @now)
            """, new { registrationId, kind, now }, transaction, cancellationToken: ct));
}
