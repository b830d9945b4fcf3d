using Dapper;
using MySqlConnector;

namespace Shangmi.Api.Tips;

/// <summary>
/// Rewrites, a batch per retention round, what was sealed before values were bound to their tip and row (format 1:
/// the purpose alone as associated data, so such a value could be copied into another tip and still open). Each
/// value is opened as it was written and sealed again in the current format under the active key; evidence files are
/// re-encrypted into a new file, and the old one goes through the deletion queue. Once no format-1 record is left,
/// none can be moved unnoticed.
/// </summary>
public sealed class LegacyReseal(MySqlDataSource db, TipCrypto crypto, TipEvidenceStore files, EvidenceDeletions deletions)
{
    /// <summary>Reseals up to <paramref name="batch"/> records of each kind; returns how many were rewritten.</summary>
    public async Task<int> RunAsync(int batch, DateTime now, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var done = 0;
        foreach (var tip in await connection.QueryAsync<(long Id, string KeyId, byte[] Report, byte[]? Identity)>(new CommandDefinition(
                     "SELECT id, key_id, report_enc, identity_enc FROM tips WHERE crypto_format = 1 ORDER BY id LIMIT @batch",
                     new { batch }, cancellationToken: ct)))
        {
            done += await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE tips SET report_enc = @report, identity_enc = @identity, key_id = @keyId, crypto_format = @format
                WHERE id = @Id AND crypto_format = 1
                """, new
            {
                tip.Id, keyId = crypto.ActiveKeyId, format = TipCrypto.CurrentFormat,
                report = Reseal(tip.KeyId, tip.Report, TipSealContext.Report(tip.Id)),
                identity = tip.Identity is null ? null : Reseal(tip.KeyId, tip.Identity, TipSealContext.Identity(tip.Id)),
            }, cancellationToken: ct));
        }

        done += await ResealColumnAsync(connection, "tip_messages", "body_enc", TipSealContext.Message, batch, ct);
        done += await ResealColumnAsync(connection, "tip_events", "note_enc", TipSealContext.Note, batch, ct);
        foreach (var attachment in await connection.QueryAsync<(long Id, long TipId, string StorageKey, string KeyId, byte[] Name)>(
                     new CommandDefinition("""
                         SELECT id, tip_id, storage_key, key_id, name_enc FROM tip_attachments
                         WHERE crypto_format = 1 AND state = 'ready' ORDER BY id LIMIT @batch
                         """, new { batch }, cancellationToken: ct)))
        {
            done += await ResealEvidenceAsync(attachment, now, ct) ? 1 : 0;
        }

        return done;
    }

    /// <summary>One sealed column of a table whose rows belong to a tip (<c>id</c>, <c>tip_id</c>, <c>key_id</c>); fixed names only.</summary>
    private async Task<int> ResealColumnAsync(MySqlConnection connection, string table, string column,
        Func<long, long, TipSealContext> context, int batch, CancellationToken ct)
    {
        var done = 0;
        foreach (var row in await connection.QueryAsync<(long Id, long TipId, string? KeyId, byte[]? Value)>(new CommandDefinition(
                     $"SELECT id, tip_id, key_id, {column} FROM {table} WHERE crypto_format = 1 ORDER BY id LIMIT @batch",
                     new { batch }, cancellationToken: ct)))
        {
            done += await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE {table} SET {column} = @value, key_id = @keyId, crypto_format = @format WHERE id = @Id AND crypto_format = 1",
                new
                {
                    row.Id, keyId = crypto.ActiveKeyId, format = TipCrypto.CurrentFormat,
                    value = row.Value is null || row.KeyId is null ? row.Value : Reseal(row.KeyId, row.Value, context(row.TipId, row.Id)),
                }, cancellationToken: ct));
        }

        return done;
    }

    /// <summary>Writes the evidence again under a new key, then switches the row to it; the old file is queued for deletion.</summary>
    private async Task<bool> ResealEvidenceAsync((long Id, long TipId, string StorageKey, string KeyId, byte[] Name) attachment,
        DateTime now, CancellationToken ct)
    {
        if (files.OpenRead(attachment.StorageKey) is not { } old)
        {
            return false; // gone (a discard or purge in between): nothing to rewrite
        }

        var newKey = TipEvidenceStore.NewKey();
        var seal = crypto.EvidenceSeal(TipCrypto.CurrentFormat, crypto.ActiveKeyId, attachment.TipId, attachment.Id);
        await using (var plaintext = new EvidenceChunks.Reader(crypto.EvidenceSeal(TipCrypto.LegacyFormat, attachment.KeyId,
                         attachment.TipId, attachment.Id), old))
        await using (var file = files.OpenPartial(newKey, create: true))
        {
            var prefix = EvidenceChunks.NewPrefix();
            await file.WriteAsync(prefix, ct);
            await EvidenceChunks.EncryptAsync(seal, prefix, 0, plaintext, file, fileSize: null, ct);
        }

        files.Publish(newKey);
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var name = crypto.Open(TipCrypto.LegacyFormat, attachment.KeyId, attachment.Name,
            TipSealContext.AttachmentName(attachment.TipId, attachment.Id));
        var switched = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT IGNORE INTO tip_file_deletions (storage_key, queued_at)
            SELECT storage_key, @now FROM tip_attachments WHERE id = @Id AND crypto_format = 1;
            UPDATE tip_attachments SET storage_key = @newKey, key_id = @keyId, crypto_format = @format, name_enc = @name
            WHERE id = @Id AND crypto_format = 1;
            """, new
        {
            attachment.Id, now, newKey, keyId = crypto.ActiveKeyId, format = TipCrypto.CurrentFormat,
            name = crypto.Seal(name, TipSealContext.AttachmentName(attachment.TipId, attachment.Id)),
        }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        if (switched == 0)
        {
            deletions.TryDelete(newKey); // the row went meanwhile
            return false;
        }

        await deletions.DeleteQueuedAsync(ct);
        return true;
    }

    private byte[] Reseal(string keyId, byte[] legacy, TipSealContext context) =>
        crypto.Seal(crypto.Open(TipCrypto.LegacyFormat, keyId, legacy, context), context);
}
