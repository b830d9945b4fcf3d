using Dapper;
using Microsoft.Extensions.Options;
using MySqlConnector;
using Shangmi.Api.Data;

namespace Shangmi.Api.Tips;

/// <summary>
/// The hourly clean-up, safe on several instances: tips past retention with their evidence, uploads abandoned
/// midway, idempotency keys past their window, queued file deletions, stray files nothing refers to, and a batch of
/// records still in the unbound format 1 (<see cref="LegacyReseal"/>).
/// </summary>
public sealed class TipRetention(
    TipRetentionStore store, EvidenceDeletions deletions, TipEvidenceStore evidence, LegacyReseal legacy, IOptions<TipOptions> options,
    TimeProvider time, ILogger<TipRetention> logger)
    : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => options.Value.RetentionInterval;

    protected override Task RunRoundAsync(CancellationToken ct) => PurgeAsync(ct);

    /// <summary>One round; returns the number of tips deleted.</summary>
    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        var now = Time.GetUtcNow().UtcDateTime;
        var settings = options.Value;
        var purged = 0;
        while (await store.PurgeTipsAsync(now - settings.Retention, now, 100, ct) is > 0 and var batch)
        {
            purged += batch;
        }

        await store.DropAbandonedUploadsAsync(now - settings.AbandonedUploadAfter, now, ct);
        await store.ForgetIdempotencyKeysAsync(now - settings.IdempotencyWindow, ct);
        await deletions.DeleteQueuedAsync(ct);
        await SweepStrayFilesAsync(now - settings.AbandonedUploadAfter, ct);
        await legacy.RunAsync(100, now, ct);
        return purged;
    }

    /// <summary>Files older than the cutoff that no attachment row and no queued deletion knows (a crash between disk and database).</summary>
    private async Task SweepStrayFilesAsync(DateTime cutoff, CancellationToken ct)
    {
        foreach (var keys in evidence.KeysWrittenBefore(cutoff).Chunk(500))
        {
            var known = await store.KnownKeysAsync(keys, ct);
            foreach (var key in keys.Where(k => !known.Contains(k)))
            {
                deletions.TryDelete(key);
            }
        }
    }
}

/// <summary>The SQL of <see cref="TipRetention"/>.</summary>
public sealed class TipRetentionStore(MySqlDataSource db, EvidenceDeletions deletions)
{
    /// <summary>Forgets idempotency keys of tips submitted before <c>@cutoff</c>; callers may narrow it further.</summary>
    public const string ForgetIdempotencySql = """
        UPDATE tips SET idempotency_hash = NULL, idempotency_receipt = NULL, idempotency_body = NULL
        WHERE idempotency_hash IS NOT NULL AND submitted_at < @cutoff
        """;

    /// <summary>
    /// Deletes up to <paramref name="batch"/> tips whose final decision, or whose submission when no one ever decided
    /// them, is older than <paramref name="cutoff"/>; their files are queued in the same transaction. SKIP LOCKED lets
    /// several instances purge side by side without taking the same tips.
    /// </summary>
    public Task<int> PurgeTipsAsync(DateTime cutoff, DateTime now, int batch, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var ids = (await connection.QueryAsync<long>(new CommandDefinition("""
                SELECT id FROM tips
                WHERE (status IN @finals AND final_at < @cutoff) OR (status = 'submitted' AND submitted_at < @cutoff)
                ORDER BY id LIMIT @batch FOR UPDATE SKIP LOCKED
                """, new { finals = TipWorkflow.FinalStatusValues, cutoff, batch }, transaction, cancellationToken: ct))).ToList();
            if (ids.Count == 0)
            {
                return 0;
            }

            await deletions.QueueAttachmentsAsync(connection, transaction, "tip_id IN @ids", new { ids, now }, ct);
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM tips WHERE id IN @ids", new { ids }, transaction, cancellationToken: ct));
            await transaction.CommitAsync(ct);
            return ids.Count;
        });

    /// <summary>
    /// Uploads still unfinished since before <paramref name="cutoff"/>: their reservations go, their bytes are queued.
    /// The rows are claimed with SKIP LOCKED first, so two instances sweeping at once take different rows.
    /// </summary>
    public Task DropAbandonedUploadsAsync(DateTime cutoff, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var ids = (await connection.QueryAsync<long>(new CommandDefinition("""
                SELECT id FROM tip_attachments WHERE state = 'uploading' AND at < @cutoff ORDER BY id LIMIT 1000 FOR UPDATE SKIP LOCKED
                """, new { cutoff }, transaction, cancellationToken: ct))).ToList();
            if (ids.Count > 0)
            {
                await deletions.QueueAttachmentsAsync(connection, transaction, "id IN @ids", new { ids, now }, ct);
                await transaction.CommitAsync(ct);
            }
        });

    public Task ForgetIdempotencyKeysAsync(DateTime cutoff, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(ForgetIdempotencySql, new { cutoff }, cancellationToken: ct));
        });

    public async Task<HashSet<string>> KnownKeysAsync(IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<string>(new CommandDefinition("""
            SELECT storage_key FROM tip_attachments WHERE storage_key IN @keys
            UNION SELECT storage_key FROM tip_file_deletions WHERE storage_key IN @keys
            """, new { keys }, cancellationToken: ct))).ToHashSet();
    }
}
