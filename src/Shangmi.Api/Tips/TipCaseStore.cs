using System.Text;
using System.Text.Json;
using Dapper;
using MySqlConnector;
using Shangmi.Api.Common;
using Shangmi.Api.Data;

namespace Shangmi.Api.Tips;

/// <summary>The officers' side of a tip: the desk list, the case file, and every move of the case under a row lock.</summary>
public sealed class TipCaseStore(MySqlDataSource db, TipCrypto crypto, TipRecords records, EvidenceDeletions deletions)
{
    private const string Columns = """
        t.id, t.status, t.category_code, t.key_id, t.crypto_format, t.report_enc, t.identity_enc IS NOT NULL AS real_name,
        t.submitted_at, t.decision_due_on, t.extended, t.decided_at, t.notify_due_on, t.notified_at
        """;

    public async Task<Paged<OfficerTipItem>> ListAsync(
        TipStatus? status, string? category, bool? overdue, int? dueWithin, DateTime now, PageRequest page, CancellationToken ct)
    {
        var where = new StringBuilder("1 = 1");
        if (status is not null)
        {
            where.Append(" AND t.status = @status");
        }

        if (category is not null)
        {
            where.Append(" AND t.category_code = @category");
        }

        if (overdue is not null)
        {
            where.Append(overdue.Value ? $" AND {TipWorkflow.OverdueSql}" : $" AND NOT {TipWorkflow.OverdueSql}");
        }

        if (dueWithin is not null)
        {
            where.Append($" AND {TipWorkflow.DueSoonSql}");
        }

        var today = WorkCalendar.ChinaDate(now);
        await using var connection = await db.OpenConnectionAsync(ct);
        var dueBy = dueWithin is { } days ? await WorkCalendar.DueByAsync(connection, today, days, ct) : today;
        var args = new
        {
            status = status?.ToDb(), category, today = today.ToDateTime(TimeOnly.MinValue), dueBy = dueBy.ToDateTime(TimeOnly.MinValue),
            limit = page.PageSize, offset = page.Offset,
        };
        var rows = await connection.QueryAsync<TipRow>(new CommandDefinition($"""
            SELECT {Columns},
                   (SELECT COUNT(*) FROM tip_attachments a WHERE a.tip_id = t.id AND a.state = 'ready') AS attachment_count
            FROM tips t WHERE {where} ORDER BY t.decision_due_on, t.id LIMIT @limit OFFSET @offset
            """, args, cancellationToken: ct));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM tips t WHERE {where}", args, cancellationToken: ct));
        var list = rows.ToList();
        var calendar = await CalendarAsync(connection, today, list, ct);
        return page.Of(list.Select(r => new OfficerTipItem(r.Id, r.Status, r.CategoryCode, Report(r).TargetName,
            DbTime.FromUtc(r.SubmittedAt), DateOnly.FromDateTime(r.DecisionDueOn), r.Deadlines.NotifyDueOn,
            TipWorkflow.IsOverdue(r.Deadlines, today), r.RealName, (int)r.AttachmentCount,
            TipWorkflow.Due(r.Deadlines, today, calendar))).ToList(), total);
    }

    /// <summary>The calendar from today through the latest deadline of these tips, read once for the whole page.</summary>
    private static async Task<IReadOnlyDictionary<DateOnly, bool>> CalendarAsync(
        MySqlConnection connection, DateOnly today, IReadOnlyList<TipRow> rows, CancellationToken ct)
    {
        var last = rows.Select(r => TipWorkflow.NextDueOn(r.Deadlines)).Where(d => d > today).Max();
        return last is { } until ? await WorkCalendar.ExceptionsAsync(connection, today, until, ct) : new Dictionary<DateOnly, bool>();
    }

    public async Task<OfficerTip?> FindAsync(long tipId, DateTime now, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<TipRow>(new CommandDefinition(
            $"SELECT {Columns} FROM tips t WHERE t.id = @tipId", new { tipId }, cancellationToken: ct));
        if (row is null)
        {
            return null;
        }

        var deadlines = row.Deadlines;
        var today = WorkCalendar.ChinaDate(now);
        var calendar = await CalendarAsync(connection, today, [row], ct);
        return new OfficerTip(row.Id, row.Status, row.CategoryCode, Report(row), row.RealName, DbTime.FromUtc(row.SubmittedAt),
            deadlines.DecisionDueOn, row.Extended, deadlines.NotifyDueOn, deadlines.NotifiedAt,
            TipWorkflow.IsOverdue(deadlines, today),
            await records.TimelineAsync(connection, tipId, ct), await records.MessagesAsync(connection, tipId, forOfficers: true, ct),
            await records.AttachmentsAsync(connection, tipId, ct), TipWorkflow.Due(deadlines, today, calendar),
            TipWorkflow.ActionsOf(row.Status, deadlines, row.Extended, today),
            await LinkedRequestsAsync(connection, tipId, ct));
    }

    /// <summary>The 维权诉求 linked to the tip (the enterprise named them; no contact data).</summary>
    private static async Task<IReadOnlyList<LinkedServiceRequest>> LinkedRequestsAsync(MySqlConnection connection, long tipId, CancellationToken ct) =>
        (await connection.QueryAsync<(long Id, string Name, string Subject, string Description, DateTime CreatedAt)>(new CommandDefinition("""
            SELECT r.id, e.name, r.subject, r.description, r.created_at
            FROM service_requests r JOIN enterprises e ON e.id = r.enterprise_id WHERE r.tip_id = @tipId ORDER BY r.id
            """, new { tipId }, cancellationToken: ct)))
        .Select(r => new LinkedServiceRequest(r.Id, r.Name, r.Subject, r.Description, DbTime.FromUtc(r.CreatedAt))).ToList();

    public async Task<bool> ExistsAsync(long tipId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM tips WHERE id = @tipId)", new { tipId }, cancellationToken: ct));
    }

    public enum MoveOutcome { Moved, NotFound, NotAllowed }

    /// <summary>Moves a tip along <see cref="TipWorkflow"/> under a row lock, with the officer's note on the timeline.</summary>
    public Task<MoveOutcome> TransitionAsync(long tipId, TipStatus to, string note, long staffId, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync<MoveOutcome>(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            if (await LockAsync(connection, transaction, tipId, ct) is not { } tip)
            {
                return MoveOutcome.NotFound;
            }

            if (!TipWorkflow.CanMove(tip.Status, to))
            {
                return MoveOutcome.NotAllowed;
            }

            var decision = TipWorkflow.IsDecision(to);
            DateTime? notifyDue = decision && tip.RealName
                ? (await WorkCalendar.AddWorkingDaysAsync(connection, transaction, WorkCalendar.ChinaDate(now), TipWorkflow.NotifyWorkingDays, ct)).ToDateTime(TimeOnly.MinValue)
                : null;
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE tips SET status = @to,
                    decided_at = CASE WHEN @decision THEN @now ELSE decided_at END,
                    notify_due_on = CASE WHEN @decision THEN @notifyDue ELSE notify_due_on END,
                    final_at = CASE WHEN @final THEN @now ELSE final_at END
                WHERE id = @tipId
                """, new { to = to.ToDb(), decision, now, notifyDue, final = TipWorkflow.IsFinal(to), tipId },
                transaction, cancellationToken: ct));
            await records.InsertEventAsync(connection, transaction, tipId, "status", to, staffId, note, now, ct);
            await transaction.CommitAsync(ct);
            return MoveOutcome.Moved;
        });

    /// <summary>
    /// Discards a tip as spam: final at once, no deadlines left, and every evidence file deleted now (the files are
    /// queued in the same transaction, so a failed deletion is retried by the retention job).
    /// </summary>
    public async Task<MoveOutcome> DiscardAsync(long tipId, string reason, long staffId, DateTime now, CancellationToken ct)
    {
        var outcome = await Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            if (await LockAsync(connection, transaction, tipId, ct) is not { } tip)
            {
                return MoveOutcome.NotFound;
            }

            if (!TipWorkflow.CanDiscard(tip.Status))
            {
                return MoveOutcome.NotAllowed;
            }

            await deletions.QueueAttachmentsAsync(connection, transaction, "tip_id = @tipId", new { tipId, now }, ct);
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE tips SET status = 'discarded', final_at = @now, decided_at = COALESCE(decided_at, @now),
                                notify_due_on = NULL
                WHERE id = @tipId
                """, new { tipId, now }, transaction, cancellationToken: ct));
            await records.InsertEventAsync(connection, transaction, tipId, "status", TipStatus.Discarded, staffId, reason, now, ct);
            await transaction.CommitAsync(ct);
            return MoveOutcome.Moved;
        });
        if (outcome == MoveOutcome.Moved)
        {
            await deletions.DeleteQueuedAsync(ct);
        }

        return outcome;
    }

    public enum ExtendOutcome { Extended, NotFound, AlreadyExtended, AlreadyDecided, TooLate }

    /// <summary>Extends the decision deadline once, before it passes, with the reason on the timeline.</summary>
    public Task<ExtendOutcome> ExtendAsync(long tipId, string reason, long staffId, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync<ExtendOutcome>(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var tip = await connection.QuerySingleOrDefaultAsync<(DateTime DueOn, bool Extended, DateTime? DecidedAt)?>(new CommandDefinition(
                "SELECT decision_due_on, extended, decided_at FROM tips WHERE id = @tipId FOR UPDATE", new { tipId }, transaction,
                cancellationToken: ct));
            if (tip is not { } found)
            {
                return ExtendOutcome.NotFound;
            }

            var deadlines = new TipDeadlines(DateOnly.FromDateTime(found.DueOn), found.DecidedAt is { } at ? DbTime.FromUtc(at) : null, null, null);
            if (!TipWorkflow.CanExtend(deadlines, found.Extended, WorkCalendar.ChinaDate(now)))
            {
                return found.Extended ? ExtendOutcome.AlreadyExtended
                    : found.DecidedAt is not null ? ExtendOutcome.AlreadyDecided
                    : ExtendOutcome.TooLate;
            }

            var due = await WorkCalendar.AddWorkingDaysAsync(connection, transaction, DateOnly.FromDateTime(found.DueOn), TipWorkflow.ExtensionWorkingDays, ct);
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE tips SET decision_due_on = @due, extended = 1 WHERE id = @tipId",
                new { due = due.ToDateTime(TimeOnly.MinValue), tipId }, transaction, cancellationToken: ct));
            await records.InsertEventAsync(connection, transaction, tipId, "extension", null, staffId, reason, now, ct);
            await transaction.CommitAsync(ct);
            return ExtendOutcome.Extended;
        });

    public enum NotifyOutcome { Recorded, NotFound, NotApplicable }

    /// <summary>Records that a real-name reporter was told the decision (by phone or letter), with how, on the timeline.</summary>
    public Task<NotifyOutcome> MarkNotifiedAsync(long tipId, string note, long staffId, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync<NotifyOutcome>(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var changed = await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE tips SET notified_at = @now
                WHERE id = @tipId AND notify_due_on IS NOT NULL AND notified_at IS NULL
                """, new { tipId, now }, transaction, cancellationToken: ct));
            if (changed == 0)
            {
                return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                    "SELECT EXISTS (SELECT 1 FROM tips WHERE id = @tipId)", new { tipId }, transaction, cancellationToken: ct))
                    ? NotifyOutcome.NotApplicable
                    : NotifyOutcome.NotFound;
            }

            await records.InsertEventAsync(connection, transaction, tipId, "notified", null, staffId, note, now, ct);
            await transaction.CommitAsync(ct);
            return NotifyOutcome.Recorded;
        });

    /// <summary>An officer's message to the reporter; false when the tip does not exist.</summary>
    public Task<bool> AddMessageAsync(long tipId, long staffId, string text, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync<bool>(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            if (await LockAsync(connection, transaction, tipId, ct) is null)
            {
                return false;
            }

            await records.InsertMessageAsync(connection, transaction, tipId, staffId, text, now, ct);
            await transaction.CommitAsync(ct);
            return true;
        });

    public async Task<TipIdentity?> IdentityAsync(long tipId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<(string KeyId, byte Format, byte[]? Identity)>(new CommandDefinition(
            "SELECT key_id, crypto_format, identity_enc FROM tips WHERE id = @tipId", new { tipId }, cancellationToken: ct));
        return row.Identity is null
            ? null
            : JsonSerializer.Deserialize<TipIdentity>(crypto.Open(row.Format, row.KeyId, row.Identity, TipSealContext.Identity(tipId)));
    }

    private static async Task<(TipStatus Status, bool RealName)?> LockAsync(
        MySqlConnection connection, MySqlTransaction transaction, long tipId, CancellationToken ct)
    {
        var row = await connection.QuerySingleOrDefaultAsync<(TipStatus Status, bool RealName)?>(new CommandDefinition(
            "SELECT status, identity_enc IS NOT NULL FROM tips WHERE id = @tipId FOR UPDATE", new { tipId }, transaction,
            cancellationToken: ct));
        return row is { } r ? (r.Status, r.RealName) : null;
    }

    private TipReport Report(TipRow row) =>
        JsonSerializer.Deserialize<TipReport>(crypto.Open(row.CryptoFormat, row.KeyId, row.ReportEnc, TipSealContext.Report(row.Id)))!;

    private sealed class TipRow
    {
        public long Id { get; init; }
        public TipStatus Status { get; init; }
        public string CategoryCode { get; init; } = "";
        public string KeyId { get; init; } = "";
        public byte CryptoFormat { get; init; }
        public byte[] ReportEnc { get; init; } = [];
        public bool RealName { get; init; }
        public DateTime SubmittedAt { get; init; }
        public DateTime DecisionDueOn { get; init; }
        public bool Extended { get; init; }
        public DateTime? DecidedAt { get; init; }
        public DateTime? NotifyDueOn { get; init; }
        public DateTime? NotifiedAt { get; init; }
        public long AttachmentCount { get; init; }

        public TipDeadlines Deadlines => new(DateOnly.FromDateTime(DecisionDueOn),
            DecidedAt is { } decided ? DbTime.FromUtc(decided) : null,
            NotifyDueOn is { } notify ? DateOnly.FromDateTime(notify) : null,
            NotifiedAt is { } notified ? DbTime.FromUtc(notified) : null);
    }
}
