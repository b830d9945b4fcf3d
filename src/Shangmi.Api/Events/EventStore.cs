using System.Text;
using Dapper;
using MySqlConnector;
using Shangmi.Api.Common;
using Shangmi.Api.Data;
using Shangmi.Api.Experts;

namespace Shangmi.Api.Events;

/// <summary>An event as it is written, validated.</summary>
public sealed record EventWrite(
    EventType Type, string Title, string Description, string Agenda, DateTime StartsAt, DateTime EndsAt, string Venue,
    string? OnlineUrl, int Capacity, DateTime RegistrationOpensAt, DateTime RegistrationClosesAt, bool RequiresApproval,
    int MaxAttendeesPerRegistration, EventStatus Status, IReadOnlyList<long> SpeakerIds);

/// <summary>SQL of events. Capacity changes lock the event row, like registrations do.</summary>
public sealed class EventStore(MySqlDataSource db, RegistrationQueue queue)
{
    private const string Columns = """
        e.id, e.type, e.title, e.description, e.agenda, e.starts_at, e.ends_at, e.venue, e.online_url, e.capacity,
        e.seats_taken, e.registration_opens_at, e.registration_closes_at, e.requires_approval,
        e.max_attendees_per_registration, e.status
        """;

    public async Task<Paged<EventSummary>> ListPublicAsync(
        DateTime now, EventType? type, string? when, PageRequest page, CancellationToken ct)
    {
        var where = new StringBuilder("e.status IN ('published', 'cancelled')");
        if (type is not null)
        {
            where.Append(" AND e.type = @type");
        }

        where.Append(when switch
        {
            "upcoming" => " AND e.ends_at >= @now",
            "past" => " AND e.ends_at < @now",
            _ => "",
        });
        var order = when == "upcoming" ? "e.starts_at, e.id" : "e.starts_at DESC, e.id DESC";
        var args = new { now, type = type?.ToDb(), limit = page.PageSize, offset = page.Offset };
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<EventRow>(new CommandDefinition(
            $"SELECT {Columns} FROM events e WHERE {where} ORDER BY {order} LIMIT @limit OFFSET @offset", args, cancellationToken: ct));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM events e WHERE {where}", args, cancellationToken: ct));
        return page.Of(rows.Select(r => r.ToSummary(now)).ToList(), total);
    }

    /// <summary>
    /// A published or cancelled event and its speakers' ids in order; null for drafts and unknown ids. <c>Speakers</c>
    /// is left empty: what of an expert is public is ExpertStore's to say (<see cref="ExpertStore.SummariesAsync"/>).
    /// </summary>
    public async Task<(EventDetail Detail, IReadOnlyList<long> SpeakerIds)?> FindPublicAsync(long id, DateTime now, CancellationToken ct) =>
        await FindAsync(id, now, publicOnly: true, ct) is { } e
            ? (new EventDetail(e.Id, e.Type, e.Title, e.StartsAt, e.EndsAt, e.Venue, e.OnlineUrl, e.Capacity, e.SeatsLeft,
                e.RegistrationWindow, e.RegistrationOpensAt, e.RegistrationClosesAt, e.RequiresApproval, e.Status, e.Description,
                e.Agenda, e.MaxAttendeesPerRegistration, []), e.SpeakerIds)
            : null;

    /// <summary>An event in any status; <c>Speakers</c> is left empty, as for <see cref="FindPublicAsync"/>.</summary>
    public Task<AdminEvent?> FindAdminAsync(long id, DateTime now, CancellationToken ct) => FindAsync(id, now, publicOnly: false, ct);

    /// <summary>Summaries of the given events in one query, by id (for "my registrations").</summary>
    public async Task<IReadOnlyDictionary<long, EventSummary>> SummariesAsync(IEnumerable<long> ids, DateTime now, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        if (list.Count == 0)
        {
            return new Dictionary<long, EventSummary>();
        }

        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<EventRow>(new CommandDefinition(
            $"SELECT {Columns} FROM events e WHERE e.id IN @list", new { list }, cancellationToken: ct));
        return rows.ToDictionary(r => r.Id, r => r.ToSummary(now));
    }

    public async Task<Paged<EventSummary>> ListAdminAsync(DateTime now, PageRequest page, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<EventRow>(new CommandDefinition(
            $"SELECT {Columns} FROM events e ORDER BY e.starts_at DESC, e.id DESC LIMIT @limit OFFSET @offset",
            new { limit = page.PageSize, offset = page.Offset }, cancellationToken: ct));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM events", cancellationToken: ct));
        return page.Of(rows.Select(r => r.ToSummary(now)).ToList(), total);
    }

    /// <summary>
    /// Inserts an event and its speakers. A new event has no speakers to delete, and deleting them anyway took gap
    /// locks that deadlocked parallel creations, so only the inserts run.
    /// </summary>
    public Task<long> CreateAsync(EventWrite write, long staffId, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var parameters = Parameters(write, new { staffId, now });
            var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
                INSERT INTO events (type, title, description, agenda, starts_at, ends_at, venue, online_url, capacity,
                                    registration_opens_at, registration_closes_at, requires_approval,
                                    max_attendees_per_registration, status, created_by, created_at, updated_at)
                VALUES (@Type, @Title, @Description, @Agenda, @StartsAt, @EndsAt, @Venue, @OnlineUrl, @Capacity,
                        @RegistrationOpensAt, @RegistrationClosesAt, @RequiresApproval, @MaxAttendeesPerRegistration, @Status,
                        @staffId, @now, @now);
                SELECT LAST_INSERT_ID();
                """, parameters, transaction, cancellationToken: ct));
            await InsertSpeakersAsync(connection, transaction, id, write.SpeakerIds, ct);
            await transaction.CommitAsync(ct);
            return id;
        });

    public enum UpdateOutcome { Updated, NotFound, CapacityBelowTaken, Cancelled }

    /// <summary>Replaces an event; a raised capacity promotes the head of the waiting list in the same transaction.</summary>
    public Task<UpdateOutcome> UpdateAsync(long id, EventWrite write, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var current = await connection.QuerySingleOrDefaultAsync<(int SeatsTaken, EventStatus Status)?>(new CommandDefinition(
                "SELECT seats_taken, status FROM events WHERE id = @id FOR UPDATE", new { id }, transaction, cancellationToken: ct));
            if (current is not { } locked)
            {
                return UpdateOutcome.NotFound;
            }

            if (locked.Status == EventStatus.Cancelled)
            {
                return UpdateOutcome.Cancelled;
            }

            if (write.Capacity < locked.SeatsTaken)
            {
                return UpdateOutcome.CapacityBelowTaken;
            }

            var parameters = Parameters(write, new { id, now });
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE events SET type = @Type, title = @Title, description = @Description, agenda = @Agenda,
                    starts_at = @StartsAt, ends_at = @EndsAt, venue = @Venue, online_url = @OnlineUrl, capacity = @Capacity,
                    registration_opens_at = @RegistrationOpensAt, registration_closes_at = @RegistrationClosesAt,
                    requires_approval = @RequiresApproval, max_attendees_per_registration = @MaxAttendeesPerRegistration,
                    status = @Status, updated_at = @now
                WHERE id = @id
                """, parameters, transaction, cancellationToken: ct));
            await SetSpeakersAsync(connection, transaction, id, write.SpeakerIds, ct);
            await queue.PromoteAsync(connection, transaction, id, now, ct);
            await transaction.CommitAsync(ct);
            return UpdateOutcome.Updated;
        });

    /// <summary>Cancels an event and tells everyone still registered; false when there is no such event.</summary>
    public Task<bool> CancelAsync(long id, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var found = await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE events SET status = 'cancelled', updated_at = @now WHERE id = @id AND status <> 'draft'",
                new { id, now }, transaction, cancellationToken: ct));
            if (found == 0)
            {
                return false;
            }

            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT IGNORE INTO event_notifications (registration_id, kind, created_at)
                SELECT id, 'event_cancelled', @now FROM registrations
                WHERE event_id = @id AND status IN ('pending', 'confirmed', 'waitlisted')
                """, new { id, now }, transaction, cancellationToken: ct));
            await transaction.CommitAsync(ct);
            return true;
        });

    public async Task<bool> ExistsAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM events WHERE id = @id)", new { id }, cancellationToken: ct));
    }

    public async Task<byte[]?> ShareCodeAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<byte[]?>(new CommandDefinition(
            "SELECT share_code FROM events WHERE id = @id", new { id }, cancellationToken: ct));
    }

    public async Task SaveShareCodeAsync(long id, byte[] image, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE events SET share_code = @image WHERE id = @id", new { id, image }, cancellationToken: ct));
    }

    private async Task<AdminEvent?> FindAsync(long id, DateTime now, bool publicOnly, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<EventRow>(new CommandDefinition(
            $"SELECT {Columns} FROM events e WHERE e.id = @id {(publicOnly ? "AND e.status <> 'draft'" : "")}",
            new { id }, cancellationToken: ct));
        if (row is null)
        {
            return null;
        }

        var speakerIds = (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT expert_id FROM event_speakers WHERE event_id = @id ORDER BY position", new { id }, cancellationToken: ct))).ToList();
        var summary = row.ToSummary(now);
        return new AdminEvent(row.Id, summary.Type, row.Title, row.Description, row.Agenda, summary.StartsAt, summary.EndsAt, row.Venue,
            row.OnlineUrl, row.Capacity, summary.RegistrationOpensAt, summary.RegistrationClosesAt, row.RequiresApproval,
            row.MaxAttendeesPerRegistration, speakerIds, summary.Status, row.SeatsTaken, summary.SeatsLeft, summary.RegistrationWindow,
            []);
    }

    /// <summary>The event's fields, its type and status as their columns' words (Dapper would write the enums' numbers), and <paramref name="more"/>.</summary>
    private static DynamicParameters Parameters(EventWrite write, object more)
    {
        var parameters = new DynamicParameters(write);
        parameters.AddDynamicParams(more);
        parameters.Add(nameof(EventWrite.Type), write.Type.ToDb());
        parameters.Add(nameof(EventWrite.Status), write.Status.ToDb());
        return parameters;
    }

    /// <summary>
    /// Replaces the speakers of an event whose row the transaction has already locked (lock order: the event row,
    /// then its speaker rows, then the experts the foreign key checks).
    /// </summary>
    private static async Task SetSpeakersAsync(
        MySqlConnection connection, MySqlTransaction transaction, long id, IReadOnlyList<long> speakerIds, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM event_speakers WHERE event_id = @id", new { id }, transaction, cancellationToken: ct));
        await InsertSpeakersAsync(connection, transaction, id, speakerIds, ct);
    }

    /// <summary>One multi-row INSERT, so the rows and their foreign-key checks are taken in one statement.</summary>
    private static async Task InsertSpeakersAsync(
        MySqlConnection connection, MySqlTransaction transaction, long id, IReadOnlyList<long> speakerIds, CancellationToken ct)
    {
        if (speakerIds.Count == 0)
        {
            return;
        }

        var parameters = new DynamicParameters(new { id });
        var rows = speakerIds.Select((expertId, position) =>
        {
            parameters.Add($"p{position}", position);
            parameters.Add($"e{position}", expertId);
            return $"(@id, @p{position}, @e{position})";
        });
        await connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO event_speakers (event_id, position, expert_id) VALUES {string.Join(", ", rows)}",
            parameters, transaction, cancellationToken: ct));
    }

    /// <summary>An events row. Dapper reads the ENUM words into the C# enums (case-insensitively): statuses are typed from here on.</summary>
    internal sealed class EventRow
    {
        public long Id { get; init; }
        public EventType Type { get; init; }
        public EventStatus Status { get; init; }
        public string Title { get; init; } = "";
        public string Description { get; init; } = "";
        public string Agenda { get; init; } = "";

        // Where and when (UTC, as stored).
        public DateTime StartsAt { get; init; }
        public DateTime EndsAt { get; init; }
        public string Venue { get; init; } = "";
        public string? OnlineUrl { get; init; }

        // Seats and the registration window; EventRules.RegistrationWindowAt reads them.
        public int Capacity { get; init; }
        public int SeatsTaken { get; init; }
        public DateTime RegistrationOpensAt { get; init; }
        public DateTime RegistrationClosesAt { get; init; }
        public bool RequiresApproval { get; init; }
        public int MaxAttendeesPerRegistration { get; init; }

        public EventSummary ToSummary(DateTime now)
        {
            var window = Status != EventStatus.Published ? RegistrationWindow.Closed
                : EventRules.RegistrationWindowAt(now, RegistrationOpensAt, RegistrationClosesAt, StartsAt) switch
                {
                    RegistrationWindow.Open when SeatsTaken >= Capacity => RegistrationWindow.Waitlist,
                    var byClock => byClock,
                };
            return new EventSummary(Id, Type, Title, DbTime.FromUtc(StartsAt), DbTime.FromUtc(EndsAt), Venue,
                OnlineUrl, Capacity, Math.Max(0, Capacity - SeatsTaken), window, DbTime.FromUtc(RegistrationOpensAt),
                DbTime.FromUtc(RegistrationClosesAt), RequiresApproval, Status);
        }
    }
}
