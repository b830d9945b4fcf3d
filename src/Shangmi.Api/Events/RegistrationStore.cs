using Dapper;
using MySqlConnector;
using Shangmi.Api.Common;
using Shangmi.Api.Data;

namespace Shangmi.Api.Events;

/// <summary>
/// A registration as it is written, validated and normalised; <c>EnterpriseId</c>: the verified enterprise the user acts
/// for, whose name and code it carries.
/// </summary>
public sealed record RegistrationWrite(
    string CompanyName, string CreditCode, string ContactName, string Phone, string Position, int Attendees, string Remark,
    long? EnterpriseId = null);

/// <summary>SQL of registrations. Every change of seats locks the event row first, then the registration.</summary>
public sealed class RegistrationStore(MySqlDataSource db, RegistrationQueue queue)
{
    public enum RegisterOutcome
    {
        Created, Repeated, EventNotFound, EventCancelled, NotOpen, Closed, TooManyAttendees, Duplicate, KeyReused,
    }

    /// <summary>What cancelling, approving or rejecting a registration came to.</summary>
    public enum ChangeOutcome { Done, NotFound, NotActive, EventStarted }

    /// <summary>
    /// Registers a user, taking seats under the event row lock so concurrent registrations can never oversell:
    /// confirmed (or pending with approval) while seats are free and nobody waits, waitlisted otherwise.
    /// A retry with the same idempotency key returns the first registration.
    /// </summary>
    public Task<(RegisterOutcome Outcome, long RegistrationId)> RegisterAsync(
        long eventId, long userId, RegistrationWrite registration, string? idempotencyKey, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var ev = await connection.QuerySingleOrDefaultAsync<EventLock>(new CommandDefinition("""
                SELECT status, capacity, seats_taken, registration_opens_at, registration_closes_at, starts_at,
                       requires_approval, max_attendees_per_registration
                FROM events WHERE id = @eventId FOR UPDATE
                """, new { eventId }, transaction, cancellationToken: ct));
            if (ev is null || ev.Status == EventStatus.Draft)
            {
                return (RegisterOutcome.EventNotFound, 0L);
            }

            // Checked under the lock, so a retry racing its own first attempt sees the first attempt's row.
            if (idempotencyKey is not null)
            {
                var earlier = await connection.QuerySingleOrDefaultAsync<(long Id, long EventId)?>(new CommandDefinition(
                    "SELECT id, event_id FROM registrations WHERE user_id = @userId AND idempotency_key = @idempotencyKey",
                    new { userId, idempotencyKey }, transaction, cancellationToken: ct));
                if (earlier is { } first)
                {
                    return first.EventId == eventId ? (RegisterOutcome.Repeated, first.Id) : (RegisterOutcome.KeyReused, 0L);
                }
            }

            var refusal = ev.Status == EventStatus.Cancelled ? RegisterOutcome.EventCancelled
                : EventRules.RegistrationWindowAt(now, ev.RegistrationOpensAt, ev.RegistrationClosesAt, ev.StartsAt) switch
                {
                    RegistrationWindow.NotOpen => RegisterOutcome.NotOpen,
                    RegistrationWindow.Closed => RegisterOutcome.Closed,
                    _ when registration.Attendees > ev.MaxAttendeesPerRegistration => RegisterOutcome.TooManyAttendees,
                    _ => (RegisterOutcome?)null,
                };
            if (refusal is not null)
            {
                return (refusal.Value, 0L);
            }

            var duplicate = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM registrations WHERE event_id = @eventId AND active_user = @userId)",
                new { eventId, userId }, transaction, cancellationToken: ct));
            if (duplicate)
            {
                return (RegisterOutcome.Duplicate, 0L);
            }

            var someoneWaits = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM registrations WHERE event_id = @eventId AND status = 'waitlisted')",
                new { eventId }, transaction, cancellationToken: ct));
            var seated = !someoneWaits && registration.Attendees <= ev.Capacity - ev.SeatsTaken;
            var status = !seated ? RegistrationStatus.Waitlisted : ev.RequiresApproval ? RegistrationStatus.Pending : RegistrationStatus.Confirmed;
            var parameters = new DynamicParameters(registration);
            parameters.AddDynamicParams(new
            {
                eventId, userId, status = status.ToDb(), idempotencyKey, now,
                code = status == RegistrationStatus.Confirmed ? RegistrationQueue.NewCheckInCode() : null,
            });
            var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
                INSERT INTO registrations (event_id, user_id, active_user, status, company_name, credit_code, contact_name,
                                           phone, position, attendees, remark, idempotency_key, check_in_code,
                                           enterprise_id, created_at, updated_at)
                VALUES (@eventId, @userId, @userId, @status, @CompanyName, @CreditCode, @ContactName, @Phone, @Position,
                        @Attendees, @Remark, @idempotencyKey, @code, @EnterpriseId, @now, @now);
                SELECT LAST_INSERT_ID();
                """, parameters, transaction, cancellationToken: ct));
            if (seated)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE events SET seats_taken = seats_taken + @Attendees WHERE id = @eventId",
                    new { registration.Attendees, eventId }, transaction, cancellationToken: ct));
            }

            if (status == RegistrationStatus.Confirmed)
            {
                await RegistrationQueue.EnqueueAsync(connection, transaction, id, Notifications.Confirmed, now, ct);
            }

            await transaction.CommitAsync(ct);
            return (RegisterOutcome.Created, id);
        });

    /// <summary>The user cancels their own registration before the event starts; freed seats promote the waiting list.</summary>
    public Task<ChangeOutcome> CancelAsync(long registrationId, long userId, DateTime now, CancellationToken ct) =>
        EndAsync(registrationId, userId, RegistrationStatus.Cancelled,
            [RegistrationStatus.Pending, RegistrationStatus.Confirmed, RegistrationStatus.Waitlisted], now, ct);

    /// <summary>Staff reject a pending registration; its seats promote the waiting list.</summary>
    public Task<ChangeOutcome> RejectAsync(long registrationId, DateTime now, CancellationToken ct) =>
        EndAsync(registrationId, null, RegistrationStatus.Rejected, [RegistrationStatus.Pending], now, ct);

    /// <summary>Staff approve a pending registration: it keeps its seats and gets a check-in code.</summary>
    public Task<ChangeOutcome> ApproveAsync(long registrationId, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var changed = await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE registrations SET status = 'confirmed', check_in_code = @code, updated_at = @now
                WHERE id = @registrationId AND status = 'pending'
                """, new { registrationId, now, code = RegistrationQueue.NewCheckInCode() }, transaction, cancellationToken: ct));
            if (changed == 0)
            {
                return await ExistsAsync(connection, transaction, registrationId, ct) ? ChangeOutcome.NotActive : ChangeOutcome.NotFound;
            }

            await RegistrationQueue.EnqueueAsync(connection, transaction, registrationId, Notifications.Confirmed, now, ct);
            await transaction.CommitAsync(ct);
            return ChangeOutcome.Done;
        });

    public enum CheckInOutcome { CheckedIn, NotFound, NotConfirmed, Already }

    /// <summary>Checks an attendee in by their code; a second scan reports the time of the first.</summary>
    public Task<(CheckInOutcome Outcome, CheckInResult? Result)> CheckInAsync(string code, long staffId, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync<(CheckInOutcome Outcome, CheckInResult? Result)>(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            var changed = await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE registrations SET checked_in_at = @now, checked_in_by = @staffId, updated_at = @now
                WHERE check_in_code = @code AND status = 'confirmed' AND checked_in_at IS NULL
                """, new { code, staffId, now }, cancellationToken: ct));
            var row = await connection.QuerySingleOrDefaultAsync<(long Id, RegistrationStatus Status, string CompanyName, string ContactName, int Attendees, DateTime? CheckedInAt)?>(
                new CommandDefinition("""
                    SELECT id, status, company_name, contact_name, attendees, checked_in_at FROM registrations WHERE check_in_code = @code
                    """, new { code }, cancellationToken: ct));
            if (row is not { } found)
            {
                return (CheckInOutcome.NotFound, null);
            }

            if (found.Status != RegistrationStatus.Confirmed)
            {
                return (CheckInOutcome.NotConfirmed, null);
            }

            var result = new CheckInResult(found.Id, found.CompanyName, found.ContactName, found.Attendees,
                DbTime.FromUtc(found.CheckedInAt!.Value));
            return (changed > 0 ? CheckInOutcome.CheckedIn : CheckInOutcome.Already, result);
        });

    /// <summary>One registration of this user; null for anyone else's (the caller answers 404 either way).</summary>
    public async Task<RegistrationRow?> FindOwnAsync(long registrationId, long userId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<RegistrationRow>(new CommandDefinition(
            $"{RegistrationRow.Select} WHERE r.id = @registrationId AND r.user_id = @userId", new { registrationId, userId },
            cancellationToken: ct));
    }

    /// <summary>This user's registrations, newest first, one page.</summary>
    public async Task<Paged<RegistrationRow>> ListOwnAsync(long userId, PageRequest page, CancellationToken ct)
    {
        var args = new { userId, limit = page.PageSize, offset = page.Offset };
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = (await connection.QueryAsync<RegistrationRow>(new CommandDefinition(
            $"{RegistrationRow.Select} WHERE r.user_id = @userId ORDER BY r.id DESC LIMIT @limit OFFSET @offset", args,
            cancellationToken: ct))).ToList();
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM registrations r WHERE r.user_id = @userId", args, cancellationToken: ct));
        return page.Of(rows, total);
    }

    public async Task<Paged<RegistrationRow>> ListForEventAsync(
        long eventId, RegistrationStatus? status, PageRequest page, CancellationToken ct)
    {
        var where = "r.event_id = @eventId" + (status is null ? "" : " AND r.status = @status");
        var args = new { eventId, status = status?.ToDb(), limit = page.PageSize, offset = page.Offset };
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = (await connection.QueryAsync<RegistrationRow>(new CommandDefinition(
            $"{RegistrationRow.Select} WHERE {where} ORDER BY r.id LIMIT @limit OFFSET @offset", args, cancellationToken: ct))).ToList();
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM registrations r WHERE {where}", args, cancellationToken: ct));
        return page.Of(rows, total);
    }

    /// <summary>Every registration of an event for the export, and a record of who took it.</summary>
    public Task<IReadOnlyList<RegistrationRow>> ExportAsync(long eventId, long staffId, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync<IReadOnlyList<RegistrationRow>>(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var rows = (await connection.QueryAsync<RegistrationRow>(new CommandDefinition(
                $"{RegistrationRow.Select} WHERE r.event_id = @eventId ORDER BY r.id", new { eventId }, transaction,
                cancellationToken: ct))).ToList();
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO registration_exports (event_id, staff_id, row_count, created_at) VALUES (@eventId, @staffId, @count, @now)
                """, new { eventId, staffId, count = rows.Count, now }, transaction, cancellationToken: ct));
            await transaction.CommitAsync(ct);
            return rows;
        });

    private Task<ChangeOutcome> EndAsync(
        long registrationId, long? userId, RegistrationStatus newStatus, RegistrationStatus[] from, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var eventId = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT event_id FROM registrations WHERE id = @registrationId AND (@userId IS NULL OR user_id = @userId)",
                new { registrationId, userId }, transaction, cancellationToken: ct));
            if (eventId is null)
            {
                return ChangeOutcome.NotFound;
            }

            // Lock order everywhere: the event row, then the registration.
            var startsAt = await connection.ExecuteScalarAsync<DateTime>(new CommandDefinition(
                "SELECT starts_at FROM events WHERE id = @eventId FOR UPDATE", new { eventId }, transaction, cancellationToken: ct));
            var current = await connection.QuerySingleAsync<(RegistrationStatus Status, int Attendees)>(new CommandDefinition(
                "SELECT status, attendees FROM registrations WHERE id = @registrationId FOR UPDATE", new { registrationId },
                transaction, cancellationToken: ct));
            if (!from.Contains(current.Status))
            {
                return ChangeOutcome.NotActive;
            }

            if (userId is not null && now >= startsAt)
            {
                return ChangeOutcome.EventStarted;
            }

            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE registrations SET status = @newStatus, active_user = NULL, updated_at = @now WHERE id = @registrationId
                """, new { newStatus = newStatus.ToDb(), now, registrationId }, transaction, cancellationToken: ct));
            if (current.Status is RegistrationStatus.Pending or RegistrationStatus.Confirmed)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE events SET seats_taken = seats_taken - @Attendees WHERE id = @eventId",
                    new { current.Attendees, eventId }, transaction, cancellationToken: ct));
                await queue.PromoteAsync(connection, transaction, eventId.Value, now, ct);
            }

            await transaction.CommitAsync(ct);
            return ChangeOutcome.Done;
        });

    private static Task<bool> ExistsAsync(MySqlConnection connection, MySqlTransaction transaction, long id, CancellationToken ct) =>
        connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM registrations WHERE id = @id)", new { id }, transaction, cancellationToken: ct));

    private sealed class EventLock
    {
        public EventStatus Status { get; init; }
        public int Capacity { get; init; }
        public int SeatsTaken { get; init; }
        public DateTime RegistrationOpensAt { get; init; }
        public DateTime RegistrationClosesAt { get; init; }
        public DateTime StartsAt { get; init; }
        public bool RequiresApproval { get; init; }
        public int MaxAttendeesPerRegistration { get; init; }
    }
}

/// <summary>A registration with its position in the waiting list (computed, never stored).</summary>
public sealed class RegistrationRow
{
    public const string Select = """
        SELECT r.id, r.event_id, r.status, r.company_name, r.credit_code, r.contact_name, r.phone, r.position, r.attendees,
               r.remark, r.check_in_code, r.checked_in_at, r.created_at, r.enterprise_id,
               CASE WHEN r.status = 'waitlisted' THEN
                   (SELECT COUNT(*) FROM registrations w WHERE w.event_id = r.event_id AND w.status = 'waitlisted' AND w.id <= r.id)
               END AS waitlist_position
        FROM registrations r
        """;

    public long Id { get; init; }
    public long EventId { get; init; }
    public RegistrationStatus Status { get; init; }
    public string CompanyName { get; init; } = "";
    public string CreditCode { get; init; } = "";
    public string ContactName { get; init; } = "";
    public string Phone { get; init; } = "";
    public string Position { get; init; } = "";
    public int Attendees { get; init; }
    public string Remark { get; init; } = "";
    public string? CheckInCode { get; init; }
    public DateTime? CheckedInAt { get; init; }
    public DateTime CreatedAt { get; init; }
    public long? WaitlistPosition { get; init; }
    public long? EnterpriseId { get; init; }

    public DateTimeOffset? CheckedInAtUtc => CheckedInAt is { } at ? DbTime.FromUtc(at) : null;

    public DateTimeOffset CreatedAtUtc => DbTime.FromUtc(CreatedAt);

    /// <summary>Only a confirmed registration can be checked in, so only it shows its code.</summary>
    public string? VisibleCheckInCode => Status == RegistrationStatus.Confirmed ? CheckInCode : null;

    public RegistrationResult ToResult() =>
        new(Id, Status, (int?)WaitlistPosition, VisibleCheckInCode);

    public StaffRegistration ToStaff() =>
        new(Id, Status, (int?)WaitlistPosition, CompanyName, CreditCode, ContactName, PhoneNumbers.Mask(Phone), Position,
            Attendees, Remark, CreatedAtUtc, CheckedInAtUtc, EnterpriseId);
}
