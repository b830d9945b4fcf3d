using Dapper;
using MySqlConnector;

namespace Shangmi.Api.Tips;

/// <summary>
/// Deleting evidence without orphans or lost deletions: the rows go and their files are queued in
/// <c>tip_file_deletions</c> in one transaction; the files are deleted afterwards, idempotently, and a file the disk
/// refuses to delete stays queued for the next round instead of failing the caller or the job.
/// </summary>
public sealed partial class EvidenceDeletions(MySqlDataSource db, TipEvidenceStore evidence, ILogger<EvidenceDeletions> logger)
{
    /// <summary>
    /// Queues the files of the attachment rows matching <paramref name="where"/> (a fixed condition on
    /// <c>tip_attachments</c>, with <c>@now</c> among its arguments) and deletes those rows, inside the caller's transaction.
    /// Returns how many rows went: none means there was nothing of theirs to delete.
    /// </summary>
    public async Task<int> QueueAttachmentsAsync(MySqlConnection connection, MySqlTransaction transaction, string where, object args,
        CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition($"""
            INSERT IGNORE INTO tip_file_deletions (storage_key, queued_at)
            SELECT storage_key, @now FROM tip_attachments WHERE {where}
            """, args, transaction, cancellationToken: ct));
        return await connection.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM tip_attachments WHERE {where}", args, transaction, cancellationToken: ct));
    }

    /// <summary>Deletes every queued file; returns how many were deleted. Safe on several instances at once.</summary>
    public async Task<int> DeleteQueuedAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var keys = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT storage_key FROM tip_file_deletions ORDER BY queued_at LIMIT 1000", cancellationToken: ct));
        var deleted = 0;
        foreach (var key in keys)
        {
            if (!TryDelete(key))
            {
                continue;
            }

            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM tip_file_deletions WHERE storage_key = @key", new { key }, cancellationToken: ct));
            deleted++;
        }

        return deleted;
    }

    /// <summary>Deletes one file now; false (logged) when the disk refused, so the caller can leave it for later.</summary>
    public bool TryDelete(string key)
    {
        try
        {
            evidence.Delete(key);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogDeleteFailed(logger, e.GetType().Name);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An evidence file could not be deleted ({Failure}); will retry")]
    private static partial void LogDeleteFailed(ILogger logger, string failure);
}
