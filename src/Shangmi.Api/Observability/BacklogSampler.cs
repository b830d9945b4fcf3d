using Dapper;
using Microsoft.Extensions.Options;
using MySqlConnector;
using Shangmi.Api.Data;
using Shangmi.Api.Tips;

namespace Shangmi.Api.Observability;

/// <summary>
/// Reads the work backlog for the gauges every <see cref="MetricsOptions.SampleInterval"/>: one small query instead
/// of one per scrape. Read-only, so every instance may run it.
/// </summary>
public sealed class BacklogSampler(
    MySqlDataSource db, ShangmiMetrics metrics, IOptions<MetricsOptions> options, TimeProvider time,
    ILogger<BacklogSampler> logger)
    : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => options.Value.SampleInterval;

    protected override async Task RunRoundAsync(CancellationToken ct)
    {
        var now = Time.GetUtcNow().UtcDateTime;
        await using var connection = await db.OpenConnectionAsync(ct);
        var backlog = await connection.QuerySingleAsync<ShangmiMetrics.Backlog>(new CommandDefinition($"""
            SELECT (SELECT COUNT(*) FROM event_notifications WHERE sent_at IS NULL) AS Outbox,
                   (SELECT COUNT(*) FROM tips t WHERE {TipWorkflow.OverdueSql}) AS OverdueTips,
                   (SELECT COUNT(*) FROM registrations WHERE created_at >= @minuteAgo) AS RegistrationsLastMinute
            """, new { today = WorkCalendar.ChinaDate(now).ToDateTime(TimeOnly.MinValue), minuteAgo = now.AddMinutes(-1) },
            cancellationToken: ct));
        metrics.Record(backlog);
    }
}
