using Dapper;
using MySqlConnector;
using Shangmi.Api.Data;

namespace Shangmi.Api.Tips;

/// <summary>
/// The parts of a tip both sides read (timeline, messages, evidence list) and the sealed rows both sides write.
/// A sealed value is bound to its row id, which exists only after the INSERT: rows are inserted with an empty value
/// and sealed by an UPDATE in the same transaction.
/// </summary>
public sealed class TipRecords(TipCrypto crypto)
{
    /// <summary>A message; a reporter's may carry the keyed hash of its Idempotency-Key (unique per tip).</summary>
    public async Task<long> InsertMessageAsync(MySqlConnection connection, MySqlTransaction transaction, long tipId, long? staffId,
        string text, DateTime now, CancellationToken ct, byte[]? idempotencyHash = null)
    {
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO tip_messages (tip_id, at, sender, staff_id, idempotency_hash, key_id, crypto_format, body_enc)
            VALUES (@tipId, @now, @sender, @staffId, @idempotencyHash, @keyId, @format, '');
            SELECT LAST_INSERT_ID();
            """, new
        {
            tipId, now, sender = (staffId is null ? TipMessageSender.Reporter : TipMessageSender.Officer).ToDb(), staffId, idempotencyHash, keyId = crypto.ActiveKeyId,
            format = TipCrypto.CurrentFormat,
        }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("UPDATE tip_messages SET body_enc = @body WHERE id = @id",
            new { id, body = crypto.Seal(text, TipSealContext.Message(tipId, id)) }, transaction, cancellationToken: ct));
        return id;
    }

    /// <summary>A timeline entry: a status change, an extension, a notification, with the officer's sealed note.</summary>
    public async Task InsertEventAsync(MySqlConnection connection, MySqlTransaction transaction, long tipId, string kind, TipStatus? to,
        long staffId, string note, DateTime now, CancellationToken ct)
    {
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO tip_events (tip_id, at, kind, to_status, staff_id, key_id, crypto_format, note_enc)
            VALUES (@tipId, @now, @kind, @to, @staffId, @keyId, @format, '');
            SELECT LAST_INSERT_ID();
            """, new
        {
            tipId, now, kind, to = to?.ToDb(), staffId, keyId = crypto.ActiveKeyId,
            format = TipCrypto.CurrentFormat,
        }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("UPDATE tip_events SET note_enc = @note WHERE id = @id",
            new { id, note = crypto.Seal(note, TipSealContext.Note(tipId, id)) }, transaction, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<OfficerTimelineEntry>> TimelineAsync(MySqlConnection connection, long tipId, CancellationToken ct) =>
        (await connection.QueryAsync<(long Id, DateTime At, string Kind, TipStatus? ToStatus, long? StaffId, string? KeyId, byte Format, byte[]? Note)>(
            new CommandDefinition("""
                SELECT id, at, kind, to_status, staff_id, key_id, crypto_format, note_enc FROM tip_events WHERE tip_id = @tipId ORDER BY id
                """, new { tipId }, cancellationToken: ct)))
        .Select(e => new OfficerTimelineEntry(DbTime.FromUtc(e.At), e.Kind,
            e.ToStatus, e.StaffId,
            e.Note is null ? null : crypto.Open(e.Format, e.KeyId!, e.Note, TipSealContext.Note(tipId, e.Id)))).ToList();

    public async Task<IReadOnlyList<TipMessage>> MessagesAsync(MySqlConnection connection, long tipId, bool forOfficers, CancellationToken ct) =>
        (await connection.QueryAsync<(long Id, DateTime At, TipMessageSender Sender, string KeyId, byte Format, byte[] Body)>(new CommandDefinition(
            "SELECT id, at, sender, key_id, crypto_format, body_enc FROM tip_messages WHERE tip_id = @tipId ORDER BY id", new { tipId },
            cancellationToken: ct)))
        .Select(m => new TipMessage(m.Id, DbTime.FromUtc(m.At),
            m.Sender,
            m.Sender == TipMessageSender.Reporter ? (forOfficers ? "举报人" : "我") : "办案人员",
            crypto.Open(m.Format, m.KeyId, m.Body, TipSealContext.Message(tipId, m.Id)))).ToList();

    /// <summary>Finished evidence only: uploads in flight are not evidence yet.</summary>
    public async Task<IReadOnlyList<TipAttachmentInfo>> AttachmentsAsync(MySqlConnection connection, long tipId, CancellationToken ct) =>
        (await connection.QueryAsync<(long Id, DateTime At, string ContentType, long Size, string KeyId, byte Format, byte[] Name)>(
            new CommandDefinition("""
                SELECT id, at, content_type, size_bytes, key_id, crypto_format, name_enc FROM tip_attachments
                WHERE tip_id = @tipId AND state = 'ready' ORDER BY id
                """, new { tipId }, cancellationToken: ct)))
        .Select(a => new TipAttachmentInfo(a.Id, AttachmentName(tipId, a.Id, a.Format, a.KeyId, a.Name), a.ContentType, a.Size,
            DbTime.FromUtc(a.At))).ToList();

    public string AttachmentName(long tipId, long attachmentId, byte format, string keyId, byte[] name) =>
        name.Length == 0 ? "证据" : crypto.Open(format, keyId, name, TipSealContext.AttachmentName(tipId, attachmentId));
}
