using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MySqlConnector;
using Shangmi.Api.Common;
using Shangmi.Api.Common.Problems;
using Shangmi.Api.Common.RateLimiting;
using Shangmi.Api.Data;

namespace Shangmi.Api.Tips;

/// <summary>
/// Evidence, a row together with its file, and the one path it takes, whether it comes in one request or in resumable
/// pieces: reserve a row (quotas checked), write the encrypted file, then publish it, confirm its kind from its
/// content and complete the row. A row is reserved before the first byte is read, under the service-wide budget lock
/// and the tip's row lock, so the count, the per-tip bytes and the hourly budget hold however many uploads race. Once
/// the bytes are here, a database outage is waited out (<see cref="TipOptions.CompletionPatience"/>), never answered
/// by throwing the file away.
/// </summary>
public sealed partial class TipAttachmentStore(MySqlDataSource db, TipCrypto crypto, TipRecords records, EvidenceDeletions deletions,
    TipEvidenceStore files, IOptions<TipOptions> options, TimeProvider time, ILogger<TipAttachmentStore> logger)
{
    private const int Megabyte = 1024 * 1024;

    public enum ReserveOutcome { Reserved, TipFinal, CountFull, BytesFull, ServiceBusy }

    /// <summary>Megabytes reserved per client address and hour; in memory only, like every limit keyed by address.</summary>
    private readonly FixedWindows _perAddress = new((int)Math.Min(int.MaxValue, options.Value.EvidenceBytesPerAddressPerHour / Megabyte),
        TimeSpan.FromHours(1), time);

    public TipOptions Settings => options.Value;

    /// <summary>Nothing has been received yet, so opening a connection waits only briefly for a busy database.</summary>
    private static readonly TimeSpan ReservePatience = TimeSpan.FromSeconds(10);

    public sealed record Reservation(ReserveOutcome Outcome, Upload? Upload = null, TimeSpan RetryAfter = default);

    /// <summary>A reserved or finished attachment, with what is needed to write or read its file.</summary>
    public sealed class Upload
    {
        public long Id { get; init; }
        public long TipId { get; init; }
        public string StorageKey { get; init; } = "";
        public string KeyId { get; init; } = "";
        public byte Format { get; init; }

        /// <summary>The declared size of a resumable upload, the most a single-request upload may take, or the finished size.</summary>
        public long Size { get; init; }

        public bool Resumable { get; init; }
        public bool Ready { get; init; }

        /// <summary>The tip has reached a final state: the upload can no longer become evidence.</summary>
        public bool TipFinal { get; init; }

        public DateTime At { get; init; }
        public string Extension { get; init; } = "";

        public EvidenceSeal Seal(TipCrypto crypto) => crypto.EvidenceSeal(Format, KeyId, TipId, Id);
    }

    /// <summary>Reserves room for <paramref name="bytes"/> on the tip, or the refusal to send.</summary>
    public async Task<(Upload? Upload, ProblemHttpResult? Refusal)> ReserveAsync(
        HttpContext http, long tipId, long bytes, bool resumable, string? name, CancellationToken ct)
    {
        var address = ClientAddress.PartitionKey(http);
        var megabytes = (int)((bytes + Megabyte - 1) / Megabyte);
        if (!_perAddress.TryTake(address, megabytes, out var wait))
        {
            return (null, ApiProblem.RetryLater(http, wait, 429, "rate_limited", "上传过于频繁，请稍后再试", s => $"请在 {s} 秒后重试。"));
        }

        var reservation = await ReserveRowAsync(tipId, bytes, resumable, name, time.GetUtcNow().UtcDateTime, ct);
        if (reservation.Outcome != ReserveOutcome.Reserved)
        {
            _perAddress.GiveBack(address, megabytes);
        }

        return reservation.Outcome switch
        {
            ReserveOutcome.Reserved => (reservation.Upload, null),
            ReserveOutcome.TipFinal => (null, TipFinal()),
            ReserveOutcome.CountFull => (null, ApiProblem.Create(409, "tip.attachments_full", "证据数量已达上限",
                $"每条线索最多 {Settings.MaxAttachmentsPerTip} 个文件。")),
            ReserveOutcome.BytesFull => (null, ApiProblem.Create(409, "tip.evidence_quota", "证据总量已达上限",
                $"每条线索的证据合计不超过 {TipRules.Megabytes(Settings.MaxEvidenceBytesPerTip)} MB。")),
            _ => (null, ApiProblem.RetryLater(http, reservation.RetryAfter, 503, "tips.busy", "证据上传繁忙，请稍后再试",
                s => $"请在 {s} 秒后重试；线索本身已保存，不受影响。")),
        };
    }

    /// <summary>
    /// Reserves the row. A busy database is waited out only while opening the connection, before anything was
    /// written, so a retry never reserves twice.
    /// </summary>
    private Task<Reservation> ReserveRowAsync(long tipId, long bytes, bool resumable, string? name, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await Transient.RetryAsync(() => db.OpenConnectionAsync(ct).AsTask(), ReservePatience, ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            return await ReserveRowAsync(connection, transaction, tipId, bytes, resumable, name, now, ct);
        });

    private async Task<Reservation> ReserveRowAsync(MySqlConnection connection, MySqlTransaction transaction, long tipId, long bytes,
        bool resumable, string? name, DateTime now, CancellationToken ct)
    {
        var settings = options.Value;
        // Lock order: the budget row, then the tip.
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT id FROM tip_evidence_budget WHERE id = 1 FOR UPDATE", transaction: transaction, cancellationToken: ct));
        // A one-column row, not a scalar: Dapper reads the ENUM word into TipStatus only inside a row.
        var locked = await connection.QuerySingleOrDefaultAsync<ValueTuple<TipStatus>?>(new CommandDefinition(
            "SELECT status FROM tips WHERE id = @tipId FOR UPDATE", new { tipId }, transaction, cancellationToken: ct));
        if (locked is not { Item1: var status } || TipWorkflow.IsFinal(status))
        {
            return new(ReserveOutcome.TipFinal); // final, or purged a moment ago
        }

        var tip = await connection.QuerySingleAsync<(long Count, decimal Bytes)>(new CommandDefinition(
            "SELECT COUNT(*), COALESCE(SUM(size_bytes), 0) FROM tip_attachments WHERE tip_id = @tipId", new { tipId }, transaction,
            cancellationToken: ct));
        if (tip.Count >= settings.MaxAttachmentsPerTip)
        {
            return new(ReserveOutcome.CountFull);
        }

        if ((long)tip.Bytes + bytes > settings.MaxEvidenceBytesPerTip)
        {
            return new(ReserveOutcome.BytesFull);
        }

        var hourAgo = now.AddHours(-1);
        var hour = await connection.QuerySingleAsync<(decimal Bytes, DateTime? Oldest)>(new CommandDefinition(
            "SELECT COALESCE(SUM(size_bytes), 0), MIN(at) FROM tip_attachments WHERE at > @hourAgo", new { hourAgo }, transaction,
            cancellationToken: ct));
        if ((long)hour.Bytes + bytes > settings.EvidenceBytesPerHour)
        {
            // The earliest moment part of the budget frees: when the oldest upload of the hour leaves the window.
            return new(ReserveOutcome.ServiceBusy, RetryAfter: (hour.Oldest ?? now) - hourAgo);
        }

        var key = TipEvidenceStore.NewKey();
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO tip_attachments (tip_id, state, resumable, at, storage_key, content_type, extension, size_bytes,
                                         key_id, crypto_format, name_enc)
            VALUES (@tipId, 'uploading', @resumable, @now, @key, '', 'bin', @bytes, @keyId, @format, '');
            SELECT LAST_INSERT_ID();
            """, new { tipId, resumable, now, key, bytes, keyId = crypto.ActiveKeyId, format = TipCrypto.CurrentFormat },
            transaction, cancellationToken: ct));
        if (name is not null)
        {
            await SealNameAsync(connection, transaction, tipId, id, name, ct);
        }

        await transaction.CommitAsync(ct);
        return new(ReserveOutcome.Reserved, new Upload
        {
            Id = id, TipId = tipId, StorageKey = key, KeyId = crypto.ActiveKeyId, Format = TipCrypto.CurrentFormat, Size = bytes,
            Resumable = resumable, At = now,
        });
    }

    /// <summary>
    /// Makes a whole partial file evidence. Answers 201 with the attachment, 400 when its content is not an accepted
    /// kind (the file is deleted), or 409 when the tip was discarded meanwhile.
    /// </summary>
    public async Task<Results<Created<TipAttachmentInfo>, ValidationProblem, ProblemHttpResult>> FinishAsync(
        Upload upload, long size, string? name, byte[]? idempotencyHash = null)
    {
        // From here on the client's bytes are all in: finish even if the client has gone.
        var ct = CancellationToken.None;
        if (!files.Publish(upload.StorageKey))
        {
            return TipFinal(); // discarded or purged while uploading: its files were deleted
        }

        if (await ConfirmKindAsync(upload, ct) is not { } confirmed)
        {
            var gone = !files.Exists(upload.StorageKey);
            await ReleaseAsync(upload);
            return gone ? TipFinal() : NotEvidence();
        }

        // Recording is idempotent (a retry after a commit whose answer was lost finds the row ready), so it may be
        // retried for as long as a client would wait.
        if (!await Transient.RetryAsync(() => CompleteAsync(upload, confirmed, size, name, idempotencyHash, ct), Settings.CompletionPatience, ct))
        {
            await ReleaseAsync(upload);
            return TipFinal();
        }

        var info = await Transient.RetryAsync(() => InfoAsync(upload.TipId, upload.Id, ct), Settings.CompletionPatience, ct);
        return TypedResults.Created("/api/v1/tips/mine", info!);
    }

    /// <summary>
    /// Marks the upload finished with its detected kind and real size. True also when it already was (a retry whose
    /// first attempt committed but lost its answer); false when the reservation is gone or its tip became final.
    /// </summary>
    public async Task<bool> CompleteAsync(Upload upload, EvidenceKind kind, long size, string? name, byte[]? idempotencyHash,
        CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var changed = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE tip_attachments a JOIN tips t ON t.id = a.tip_id
            SET a.state = 'ready', a.content_type = @ContentType, a.extension = @Extension, a.size_bytes = @size
            WHERE a.id = @id AND a.state = 'uploading' AND t.status NOT IN @finals
            """, new { kind.ContentType, kind.Extension, size, id = upload.Id, finals = TipWorkflow.FinalStatusValues }, transaction, cancellationToken: ct));
        if (changed == 0)
        {
            return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT state = 'ready' FROM tip_attachments WHERE id = @id", new { id = upload.Id }, transaction, cancellationToken: ct));
        }

        if (name is not null)
        {
            await SealNameAsync(connection, transaction, upload.TipId, upload.Id, name, ct);
        }

        if (idempotencyHash is not null)
        {
            // IGNORE: when two copies of one retry raced and the other finished first, this file keeps no key.
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE IGNORE tip_attachments SET idempotency_hash = @idempotencyHash WHERE id = @id",
                new { idempotencyHash, id = upload.Id }, transaction, cancellationToken: ct));
        }

        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>The finished evidence a one-request upload with this Idempotency-Key (keyed hash) already stored, or null.</summary>
    public async Task<TipAttachmentInfo?> FindByIdempotencyAsync(long tipId, byte[] idempotencyHash, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var id = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT id FROM tip_attachments WHERE tip_id = @tipId AND idempotency_hash = @idempotencyHash AND state = 'ready'",
            new { tipId, idempotencyHash }, cancellationToken: ct));
        return id is null ? null : (await records.AttachmentsAsync(connection, tipId, ct)).FirstOrDefault(a => a.Id == id);
    }

    /// <summary>
    /// Gives up a reservation that will not be completed; its file, if any, is queued and deleted. A finished
    /// attachment is never touched: only a row still uploading is released. When even that fails, the retention job
    /// drops the reservation after a day.
    /// </summary>
    public async Task ReleaseAsync(Upload upload)
    {
        var ct = CancellationToken.None;
        int released;
        try
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            released = await deletions.QueueAttachmentsAsync(connection, transaction, "id = @id AND state = 'uploading'",
                new { id = upload.Id, now = time.GetUtcNow().UtcDateTime }, ct);
            await transaction.CommitAsync(ct);
        }
        catch (MySqlException e)
        {
            LogReleaseFailed(logger, e.GetType().Name);
            return;
        }

        if (released > 0)
        {
            deletions.TryDelete(upload.StorageKey);
        }
    }

    /// <summary>One attachment of the tip (an upload in progress or a finished file), or null.</summary>
    public async Task<Upload?> FindAsync(long tipId, long attachmentId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Upload>(new CommandDefinition("""
            SELECT a.id, a.tip_id, a.storage_key, a.key_id, a.crypto_format AS format, a.size_bytes AS size, a.resumable,
                   a.state = 'ready' AS ready, t.status IN @finals AS tip_final, a.at, a.extension
            FROM tip_attachments a JOIN tips t ON t.id = a.tip_id WHERE a.id = @attachmentId AND a.tip_id = @tipId
            """, new { tipId, attachmentId, finals = TipWorkflow.FinalStatusValues }, cancellationToken: ct));
    }

    public async Task<TipAttachmentInfo?> InfoAsync(long tipId, long attachmentId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await records.AttachmentsAsync(connection, tipId, ct)).FirstOrDefault(a => a.Id == attachmentId);
    }

    private async Task SealNameAsync(MySqlConnection connection, MySqlTransaction transaction, long tipId, long id, string name,
        CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition("UPDATE tip_attachments SET name_enc = @name WHERE id = @id",
            new { id, name = crypto.Seal(name, TipSealContext.AttachmentName(tipId, id)) }, transaction, cancellationToken: ct));

    public static ValidationProblem NotEvidence() =>
        new FieldErrors().Add("file", "只能上传照片、PDF、Office 文档（不含宏）、音频或视频（按文件内容判断）").ToProblem();

    public static ProblemHttpResult TipFinal() =>
        ApiProblem.Create(409, "tip.final", "该线索已处理完毕，不能再补充", "您仍可凭回执码查看处理结果。");

    /// <summary>The kind confirmed from the whole file's content, or null; null also if the file is gone.</summary>
    private async Task<EvidenceKind?> ConfirmKindAsync(Upload upload, CancellationToken ct)
    {
        if (files.OpenRead(upload.StorageKey) is not { } file)
        {
            return null;
        }

        await using var plaintext = new EvidenceChunks.Reader(upload.Seal(crypto), file);
        return await EvidenceKinds.ConfirmAsync(plaintext, ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An evidence reservation could not be released ({Failure}); retention will")]
    private static partial void LogReleaseFailed(ILogger logger, string failure);
}
