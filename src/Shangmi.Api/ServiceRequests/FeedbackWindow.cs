using Dapper;
using Microsoft.Extensions.Options;
using MySqlConnector;
using Shangmi.Api.Data;

namespace Shangmi.Api.ServiceRequests;

/// <summary>
/// Every ten minutes: erases the contact of requests ended longer than <see cref="ServiceRequestOptions.ContactRetention"/>
/// ago, and closes resolved requests whose enterprise gave no feedback within <see cref="ServiceRequestOptions.FeedbackWindow"/>:
/// closed without a rating, which counts in neither the 解决率 nor the 满意率. Each request is closed by one guarded
/// UPDATE, so with several instances running the job a request is closed, and its timeline line written, once.
/// </summary>
public sealed class FeedbackWindow(MySqlDataSource db, IOptions<ServiceRequestOptions> options, TimeProvider time, ILogger<FeedbackWindow> logger)
    : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(10);

    protected override Task RunRoundAsync(CancellationToken ct) => CloseLapsedAsync(ct);

    /// <summary>One round; returns how many requests it closed.</summary>
    public async Task<int> CloseLapsedAsync(CancellationToken ct)
    {
        var now = Time.GetUtcNow().UtcDateTime;
        var cutoff = now - options.Value.FeedbackWindow;
        await using var connection = await db.OpenConnectionAsync(ct);
        var due = (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT id FROM service_requests WHERE status = 'resolved' AND resolved_at < @cutoff ORDER BY id LIMIT 1000",
            new { cutoff }, cancellationToken: ct))).ToList();
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE service_requests SET contact_sealed = NULL, contact_mask = ''
            WHERE closed_at < @contactCutoff AND (contact_sealed IS NOT NULL OR contact_mask <> '')
            """, new { contactCutoff = now - options.Value.ContactRetention }, cancellationToken: ct));
        var closed = 0;
        foreach (var id in due)
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            if (await connection.ExecuteAsync(new CommandDefinition("""
                    UPDATE service_requests SET status = 'closed', closed_at = @now, updated_at = @now
                    WHERE id = @id AND status = 'resolved' AND resolved_at < @cutoff
                    """, new { id, now, cutoff }, transaction, cancellationToken: ct)) == 1)
            {
                await ServiceRecords.EventAsync(connection, transaction, id, "closed", null, null,
                    $"办结后 {options.Value.FeedbackWindow.TotalDays:0.#} 日内未评价，自动关闭", now, ct);
                closed++;
            }

            await transaction.CommitAsync(ct);
        }

        return closed;
    }
}
