using Dapper;
using Microsoft.Extensions.Options;
using MySqlConnector;
using Shangmi.Api.Data;

namespace Shangmi.Api.Tips;

/// <summary>
/// Evidence rows. A row is reserved before the first byte is read, under the service-wide budget lock and the tip's
/// row lock, so the count, the per-tip bytes and the hourly budget hold however many uploads race; it is completed
/// when the file is whole.
/// </summary>
public sealed class TipAttachmentStore(MySqlDataSource db, TipCrypto crypto, TipRecords records, EvidenceDeletions deletions,
    IOptions<TipOptions> options)
{
    public enum ReserveOutcome { Reserved, TipFinal, CountFull, BytesFull, ServiceBusy }

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

    /// <summary>
    /// Reserves room for up to <paramref name="bytes"/> bytes of evidence on the tip. A busy database is waited out
    /// only while opening the connection, before anything was written, so a retry never reserves twice.
    /// </summary>
    public Task<Reservation> ReserveAsync(long tipId, long bytes, bool resumable, string? name, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await Transient.RetryAsync(() => db.OpenConnectionAsync(ct).AsTask(), ReservePatience, ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            return await ReserveAsync(connection, transaction, tipId, bytes, resumable, name, now, ct);
        });

    private async Task<Reservation> ReserveAsync(MySqlConnection connection, MySqlTransaction transaction, long tipId, long bytes,
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
    /// attachment is never touched: only a row still uploading is released.
    /// </summary>
    public async Task ReleaseAsync(Upload upload, DateTime now, CancellationToken ct)
    {
        int released;
        await using (var connection = await db.OpenConnectionAsync(ct))
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            released = await deletions.QueueAttachmentsAsync(connection, transaction, "id = @id AND state = 'uploading'",
                new { id = upload.Id, now }, ct);
            await transaction.CommitAsync(ct);
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
}
