using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using MySqlConnector;
using Shangmi.Api.Common;
using Shangmi.Api.Data;

namespace Shangmi.Api.Tips;

/// <summary>SQL of tips. Every text a person wrote goes through <see cref="TipCrypto"/> on the way in and out.</summary>
public sealed class TipStore(MySqlDataSource db, TipCrypto crypto, WorkCalendar calendar)
{
    public const int DecisionWorkingDays = 15;
    public const int NotifyWorkingDays = 5;

    private static readonly Dictionary<TipStatus, TipStatus[]> Allowed = new()
    {
        [TipStatus.Submitted] = [TipStatus.Accepted, TipStatus.Rejected],
        [TipStatus.Accepted] = [TipStatus.Investigating, TipStatus.Transferred, TipStatus.Closed],
        [TipStatus.Investigating] = [TipStatus.Transferred, TipStatus.Closed],
    };

    // Past the decision deadline undecided, or past the deadline to tell a real-name reporter the decision.
    private const string OverdueCondition = """
        ((t.decided_at IS NULL AND t.decision_due_on < @today)
         OR (t.notify_due_on IS NOT NULL AND t.notified_at IS NULL AND t.notify_due_on < @today))
        """;

    public static bool CanMove(TipStatus from, TipStatus to) => Allowed.TryGetValue(from, out var next) && next.Contains(to);

    public static DateOnly ChinaDate(DateTime utc) => DateOnly.FromDateTime(ChinaTime.ToChina(DbTime.FromUtc(utc)).DateTime);

    // ---- categories

    public async Task<IReadOnlyList<TipCategory>> CategoriesAsync(bool activeOnly, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<TipCategory>(new CommandDefinition("""
            SELECT code, name, description, sort_order AS SortOrder, active FROM tip_categories
            WHERE @activeOnly = 0 OR active = 1 ORDER BY sort_order, code
            """, new { activeOnly }, cancellationToken: ct))).ToList();
    }

    public async Task SaveCategoryAsync(TipCategory category, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO tip_categories (code, name, description, sort_order, active)
            VALUES (@Code, @Name, @Description, @SortOrder, @Active)
            ON DUPLICATE KEY UPDATE name = @Name, description = @Description, sort_order = @SortOrder, active = @Active
            """, category, cancellationToken: ct));
    }

    // ---- the whistleblower's side

    /// <summary>
    /// Stores a tip and returns its receipt (16 digits). With an idempotency key, a retry returns the first receipt
    /// and stores nothing.
    /// </summary>
    public async Task<(string Receipt, DateTime SubmittedAt, bool Repeated)> SubmitAsync(
        string categoryCode, TipReport report, TipIdentity? identity, string? idempotencyKey, DateTime now, CancellationToken ct)
    {
        var idempotencyHash = idempotencyKey is null ? null : crypto.HashIdempotencyKey(idempotencyKey);
        if (idempotencyKey is not null && await EarlierReceiptAsync(idempotencyHash!, idempotencyKey, ct) is { } earlier)
        {
            return (earlier.Receipt, earlier.SubmittedAt, true);
        }

        var receipt = string.Concat(Enumerable.Range(0, 16).Select(_ => (char)('0' + RandomNumberGenerator.GetInt32(10))));
        var due = await calendar.AddWorkingDaysAsync(ChinaDate(now), DecisionWorkingDays, ct);
        var keyId = crypto.ActiveKeyId;
        await using var connection = await db.OpenConnectionAsync(ct);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO tips (receipt_hash, idempotency_hash, idempotency_receipt, category_code, status, key_id,
                                  report_enc, identity_enc, submitted_at, decision_due_on)
                VALUES (@receiptHash, @idempotencyHash, @idempotencyReceipt, @categoryCode, 'submitted', @keyId,
                        @report, @identity, @now, @due)
                """, new
            {
                receiptHash = crypto.HashReceipt(receipt), idempotencyHash,
                idempotencyReceipt = idempotencyKey is null ? null : crypto.SealReceiptForRetry(receipt, idempotencyKey),
                categoryCode, keyId, now, due = due.ToDateTime(TimeOnly.MinValue),
                report = crypto.Seal(JsonSerializer.Serialize(report), "tip.report"),
                identity = identity is null ? null : crypto.Seal(JsonSerializer.Serialize(identity), "tip.identity"),
            }, cancellationToken: ct));
        }
        catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.DuplicateKeyEntry && idempotencyKey is not null)
        {
            // The same retry raced its first attempt, which won.
            var first = (await EarlierReceiptAsync(idempotencyHash!, idempotencyKey, ct))!.Value;
            return (first.Receipt, first.SubmittedAt, true);
        }

        return (receipt, now, false);
    }

    /// <summary>The tip a receipt code belongs to, or null; the same answer for every kind of wrong code.</summary>
    public async Task<long?> FindByReceiptAsync(string digits, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT id FROM tips WHERE receipt_hash = @hash", new { hash = crypto.HashReceipt(digits) }, cancellationToken: ct));
    }

    public async Task<MyTip> MyTipAsync(long tipId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var tip = await connection.QuerySingleAsync<(string Status, DateTime SubmittedAt, string CategoryName)>(new CommandDefinition("""
            SELECT t.status, t.submitted_at, c.name FROM tips t JOIN tip_categories c ON c.code = t.category_code WHERE t.id = @tipId
            """, new { tipId }, cancellationToken: ct));
        var timeline = (await TimelineAsync(connection, tipId, ct))
            .Where(e => e.Kind == "status")
            .Select(e => new TipTimelineEntry(e.At, e.Status!.Value, StatusText(e.Status.Value))).ToList();
        timeline.Insert(0, new TipTimelineEntry(DbTime.FromUtc(tip.SubmittedAt), TipStatus.Submitted, StatusText(TipStatus.Submitted)));
        var status = Enum.Parse<TipStatus>(tip.Status, ignoreCase: true);
        return new MyTip(status, StatusText(status), DbTime.FromUtc(tip.SubmittedAt), tip.CategoryName, timeline,
            await MessagesAsync(connection, tipId, forOfficers: false, ct), await AttachmentsAsync(connection, tipId, ct));
    }

    public async Task AddMessageAsync(long tipId, long? staffId, string text, DateTime now, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO tip_messages (tip_id, at, sender, staff_id, key_id, body_enc)
            VALUES (@tipId, @now, @sender, @staffId, @keyId, @body)
            """, new
        {
            tipId, now, sender = staffId is null ? "reporter" : "officer", staffId, keyId = crypto.ActiveKeyId,
            body = crypto.Seal(text, "tip.message"),
        }, cancellationToken: ct));
    }

    public async Task<int> AttachmentCountAsync(long tipId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM tip_attachments WHERE tip_id = @tipId", new { tipId }, cancellationToken: ct));
    }

    public async Task<long> AddAttachmentAsync(
        long tipId, string storageKey, string keyId, string contentType, long size, string name, DateTime now, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO tip_attachments (tip_id, at, storage_key, content_type, size_bytes, key_id, name_enc)
            VALUES (@tipId, @now, @storageKey, @contentType, @size, @keyId, @name);
            SELECT LAST_INSERT_ID();
            """, new { tipId, now, storageKey, contentType, size, keyId, name = crypto.Seal(name, "tip.attachment-name") },
            cancellationToken: ct));
    }

    // ---- officers

    public async Task<Paged<OfficerTipItem>> ListAsync(
        TipStatus? status, string? category, bool? overdue, DateTime now, PageRequest page, CancellationToken ct)
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
            where.Append(overdue.Value ? $" AND {OverdueCondition}" : $" AND NOT {OverdueCondition}");
        }

        var today = ChinaDate(now).ToDateTime(TimeOnly.MinValue);
        var args = new { status = status?.ToString().ToLowerInvariant(), category, today, limit = page.PageSize, offset = page.Offset };
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<TipRow>(new CommandDefinition($"""
            SELECT t.id, t.status, t.category_code, t.key_id, t.report_enc, t.identity_enc IS NOT NULL AS real_name,
                   t.submitted_at, t.decision_due_on, t.extended, t.decided_at, t.notify_due_on, t.notified_at,
                   (SELECT COUNT(*) FROM tip_attachments a WHERE a.tip_id = t.id) AS attachment_count
            FROM tips t WHERE {where} ORDER BY t.decision_due_on, t.id LIMIT @limit OFFSET @offset
            """, args, cancellationToken: ct));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM tips t WHERE {where}", args, cancellationToken: ct));
        return page.Of(rows.Select(r => new OfficerTipItem(r.Id, r.StatusValue, r.CategoryCode, Report(r).TargetName,
            DbTime.FromUtc(r.SubmittedAt), DateOnly.FromDateTime(r.DecisionDueOn), NotifyDue(r), r.IsOverdue(today),
            r.RealName, (int)r.AttachmentCount)).ToList(), total);
    }

    public async Task<OfficerTip?> FindAsync(long tipId, DateTime now, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<TipRow>(new CommandDefinition("""
            SELECT t.id, t.status, t.category_code, t.key_id, t.report_enc, t.identity_enc IS NOT NULL AS real_name,
                   t.submitted_at, t.decision_due_on, t.extended, t.decided_at, t.notify_due_on, t.notified_at
            FROM tips t WHERE t.id = @tipId
            """, new { tipId }, cancellationToken: ct));
        if (row is null)
        {
            return null;
        }

        var today = ChinaDate(now).ToDateTime(TimeOnly.MinValue);
        return new OfficerTip(row.Id, row.StatusValue, row.CategoryCode, Report(row), row.RealName, DbTime.FromUtc(row.SubmittedAt),
            DateOnly.FromDateTime(row.DecisionDueOn), row.Extended, NotifyDue(row),
            row.NotifiedAt is { } notified ? DbTime.FromUtc(notified) : null, row.IsOverdue(today),
            await TimelineAsync(connection, tipId, ct), await MessagesAsync(connection, tipId, forOfficers: true, ct),
            await AttachmentsAsync(connection, tipId, ct));
    }

    public enum MoveOutcome { Moved, NotFound, NotAllowed }

    /// <summary>Moves a tip along the allowed graph under a row lock, with the officer's note on the timeline.</summary>
    public async Task<MoveOutcome> TransitionAsync(long tipId, TipStatus to, string note, long staffId, DateTime now, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var current = await connection.QuerySingleOrDefaultAsync<(string Status, long RealName)?>(new CommandDefinition(
            "SELECT status, identity_enc IS NOT NULL FROM tips WHERE id = @tipId FOR UPDATE", new { tipId }, transaction,
            cancellationToken: ct));
        if (current is not { } tip)
        {
            return MoveOutcome.NotFound;
        }

        if (!CanMove(Enum.Parse<TipStatus>(tip.Status, ignoreCase: true), to))
        {
            return MoveOutcome.NotAllowed;
        }

        var decision = to is TipStatus.Accepted or TipStatus.Rejected;
        DateTime? notifyDue = decision && tip.RealName == 1
            ? (await calendar.AddWorkingDaysAsync(ChinaDate(now), NotifyWorkingDays, ct)).ToDateTime(TimeOnly.MinValue)
            : null;
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE tips SET status = @to,
                decided_at = CASE WHEN @decision THEN @now ELSE decided_at END,
                notify_due_on = CASE WHEN @decision THEN @notifyDue ELSE notify_due_on END,
                closed_at = CASE WHEN @to = 'closed' THEN @now ELSE closed_at END
            WHERE id = @tipId
            """, new { to = to.ToString().ToLowerInvariant(), decision, now, notifyDue, tipId }, transaction, cancellationToken: ct));
        await AddEventAsync(connection, transaction, tipId, "status", to, staffId, note, now, ct);
        await transaction.CommitAsync(ct);
        return MoveOutcome.Moved;
    }

    public enum ExtendOutcome { Extended, NotFound, AlreadyExtended, AlreadyDecided }

    /// <summary>Extends the decision deadline once by 15 working days, with the reason on the timeline.</summary>
    public async Task<ExtendOutcome> ExtendAsync(long tipId, string reason, long staffId, DateTime now, CancellationToken ct)
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

        if (found.Extended || found.DecidedAt is not null)
        {
            return found.Extended ? ExtendOutcome.AlreadyExtended : ExtendOutcome.AlreadyDecided;
        }

        var due = await calendar.AddWorkingDaysAsync(DateOnly.FromDateTime(found.DueOn), DecisionWorkingDays, ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE tips SET decision_due_on = @due, extended = 1 WHERE id = @tipId",
            new { due = due.ToDateTime(TimeOnly.MinValue), tipId }, transaction, cancellationToken: ct));
        await AddEventAsync(connection, transaction, tipId, "extension", null, staffId, reason, now, ct);
        await transaction.CommitAsync(ct);
        return ExtendOutcome.Extended;
    }

    public enum NotifyOutcome { Recorded, NotFound, NotApplicable }

    /// <summary>Records that a real-name reporter was told the decision (by phone or letter), with how, on the timeline.</summary>
    public async Task<NotifyOutcome> MarkNotifiedAsync(long tipId, string note, long staffId, DateTime now, CancellationToken ct)
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

        await AddEventAsync(connection, transaction, tipId, "notified", null, staffId, note, now, ct);
        await transaction.CommitAsync(ct);
        return NotifyOutcome.Recorded;
    }

    public async Task<TipIdentity?> IdentityAsync(long tipId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<(string KeyId, byte[]? Identity)>(new CommandDefinition(
            "SELECT key_id, identity_enc FROM tips WHERE id = @tipId", new { tipId }, cancellationToken: ct));
        return row.Identity is null ? null : JsonSerializer.Deserialize<TipIdentity>(crypto.Open(row.KeyId, row.Identity, "tip.identity"));
    }

    public async Task<(string StorageKey, string KeyId, string ContentType, string Name)?> AttachmentAsync(
        long tipId, long attachmentId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<(string StorageKey, string KeyId, string ContentType, byte[] Name)?>(
            new CommandDefinition("""
                SELECT storage_key, key_id, content_type, name_enc FROM tip_attachments WHERE id = @attachmentId AND tip_id = @tipId
                """, new { tipId, attachmentId }, cancellationToken: ct));
        return row is { } r ? (r.StorageKey, r.KeyId, r.ContentType, crypto.Open(r.KeyId, r.Name, "tip.attachment-name")) : null;
    }

    public async Task<bool> ExistsAsync(long tipId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM tips WHERE id = @tipId)", new { tipId }, cancellationToken: ct));
    }

    /// <summary>One audit row per tip, in a single statement (a list page audits every tip it shows).</summary>
    public async Task AuditAsync(IEnumerable<long> tipIds, long staffId, string action, string detail, DateTime now, CancellationToken ct)
    {
        var ids = tipIds.ToList();
        if (ids.Count == 0)
        {
            return;
        }

        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO tip_audit (tip_id, at, staff_id, action, detail)
            SELECT id, @now, @staffId, @action, @detail FROM tips WHERE id IN @ids ORDER BY id
            """, new { ids, now, staffId, action, detail }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<TipAuditEntry>> AuditTrailAsync(long tipId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<(DateTime At, long StaffId, string Action, string Detail)>(new CommandDefinition(
                "SELECT at, staff_id, action, detail FROM tip_audit WHERE tip_id = @tipId ORDER BY id", new { tipId },
                cancellationToken: ct)))
            .Select(a => new TipAuditEntry(DbTime.FromUtc(a.At), a.StaffId, a.Action, a.Detail)).ToList();
    }

    /// <summary>
    /// Deletes up to <paramref name="batch"/> tips closed before <paramref name="cutoff"/> and returns their evidence
    /// keys. SKIP LOCKED lets several instances purge side by side without taking the same tips.
    /// </summary>
    public async Task<(int Tips, IReadOnlyList<string> EvidenceKeys)> PurgeClosedAsync(DateTime cutoff, int batch, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var ids = (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT id FROM tips WHERE status = 'closed' AND closed_at < @cutoff ORDER BY id LIMIT @batch FOR UPDATE SKIP LOCKED",
            new { cutoff, batch }, transaction, cancellationToken: ct))).ToList();
        if (ids.Count == 0)
        {
            return (0, []);
        }

        var keys = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT storage_key FROM tip_attachments WHERE tip_id IN @ids", new { ids }, transaction, cancellationToken: ct))).ToList();
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM tips WHERE id IN @ids", new { ids }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return (ids.Count, keys);
    }

    public static string StatusText(TipStatus status) => status switch
    {
        TipStatus.Submitted => "已收到，等待核查",
        TipStatus.Accepted => "已受理",
        TipStatus.Rejected => "不予受理",
        TipStatus.Investigating => "正在调查",
        TipStatus.Transferred => "已移送有关部门",
        _ => "已办结",
    };

    private async Task<(string Receipt, DateTime SubmittedAt)?> EarlierReceiptAsync(byte[] hash, string key, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<(byte[] Sealed, DateTime SubmittedAt)?>(new CommandDefinition(
            "SELECT idempotency_receipt, submitted_at FROM tips WHERE idempotency_hash = @hash", new { hash }, cancellationToken: ct));
        return row is { } r ? (crypto.OpenReceiptForRetry(r.Sealed, key), r.SubmittedAt) : null;
    }

    private TipReport Report(TipRow row) =>
        JsonSerializer.Deserialize<TipReport>(crypto.Open(row.KeyId, row.ReportEnc, "tip.report"))!;

    private static DateOnly? NotifyDue(TipRow row) => row.NotifyDueOn is { } d ? DateOnly.FromDateTime(d) : null;

    private async Task<IReadOnlyList<OfficerTimelineEntry>> TimelineAsync(MySqlConnection connection, long tipId, CancellationToken ct) =>
        (await connection.QueryAsync<(DateTime At, string Kind, string? ToStatus, long? StaffId, string? KeyId, byte[]? Note)>(
            new CommandDefinition("SELECT at, kind, to_status, staff_id, key_id, note_enc FROM tip_events WHERE tip_id = @tipId ORDER BY id",
                new { tipId }, cancellationToken: ct)))
        .Select(e => new OfficerTimelineEntry(DbTime.FromUtc(e.At), e.Kind,
            e.ToStatus is null ? null : Enum.Parse<TipStatus>(e.ToStatus, ignoreCase: true), e.StaffId,
            e.Note is null ? null : crypto.Open(e.KeyId!, e.Note, "tip.note"))).ToList();

    private async Task<IReadOnlyList<TipMessage>> MessagesAsync(MySqlConnection connection, long tipId, bool forOfficers, CancellationToken ct) =>
        (await connection.QueryAsync<(long Id, DateTime At, string Sender, string KeyId, byte[] Body)>(new CommandDefinition(
            "SELECT id, at, sender, key_id, body_enc FROM tip_messages WHERE tip_id = @tipId ORDER BY id", new { tipId },
            cancellationToken: ct)))
        .Select(m => new TipMessage(m.Id, DbTime.FromUtc(m.At),
            m.Sender == "reporter" ? (forOfficers ? "举报人" : "我") : "办案人员", crypto.Open(m.KeyId, m.Body, "tip.message"))).ToList();

    private async Task<IReadOnlyList<TipAttachmentInfo>> AttachmentsAsync(MySqlConnection connection, long tipId, CancellationToken ct) =>
        (await connection.QueryAsync<(long Id, DateTime At, string ContentType, long Size, string KeyId, byte[] Name)>(new CommandDefinition(
            "SELECT id, at, content_type, size_bytes, key_id, name_enc FROM tip_attachments WHERE tip_id = @tipId ORDER BY id",
            new { tipId }, cancellationToken: ct)))
        .Select(a => new TipAttachmentInfo(a.Id, crypto.Open(a.KeyId, a.Name, "tip.attachment-name"), a.ContentType, a.Size,
            DbTime.FromUtc(a.At))).ToList();

    private Task AddEventAsync(MySqlConnection connection, MySqlTransaction transaction, long tipId, string kind, TipStatus? to,
        long staffId, string note, DateTime now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO tip_events (tip_id, at, kind, to_status, staff_id, key_id, note_enc)
            VALUES (@tipId, @now, @kind, @to, @staffId, @keyId, @note)
            """, new
        {
            tipId, now, kind, to = to?.ToString().ToLowerInvariant(), staffId, keyId = crypto.ActiveKeyId,
            note = crypto.Seal(note, "tip.note"),
        }, transaction, cancellationToken: ct));

    private sealed class TipRow
    {
        public long Id { get; init; }
        public string Status { get; init; } = "";
        public string CategoryCode { get; init; } = "";
        public string KeyId { get; init; } = "";
        public byte[] ReportEnc { get; init; } = [];
        public bool RealName { get; init; }
        public DateTime SubmittedAt { get; init; }
        public DateTime DecisionDueOn { get; init; }
        public bool Extended { get; init; }
        public DateTime? DecidedAt { get; init; }
        public DateTime? NotifyDueOn { get; init; }
        public DateTime? NotifiedAt { get; init; }
        public long AttachmentCount { get; init; }

        public TipStatus StatusValue => Enum.Parse<TipStatus>(Status, ignoreCase: true);

        public bool IsOverdue(DateTime today) =>
            (DecidedAt is null && DecisionDueOn < today) || (NotifyDueOn < today && NotifiedAt is null);
    }
}
