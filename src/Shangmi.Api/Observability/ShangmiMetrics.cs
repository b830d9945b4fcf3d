using System.Diagnostics.Metrics;

namespace Shangmi.Api.Observability;

/// <summary>
/// The service's own instruments, on the meter <c>Shangmi</c>. Counters are counted where the event happens; the
/// backlog gauges report the latest <see cref="BacklogSampler"/> reading, which every instance takes from the shared
/// database (so on a dashboard take their max, not their sum).
/// </summary>
public sealed class ShangmiMetrics
{
    public const string MeterName = "Shangmi";

    private readonly Counter<long> _cacheLookups;
    private readonly Counter<long> _weChatFailures;
    private readonly Counter<long> _droppedConnections;
    private Backlog _backlog = new(0, 0, 0);

    public ShangmiMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _cacheLookups = meter.CreateCounter<long>("shangmi.public_cache.lookups", "{lookup}",
            "Public reads that could be cached, by result (hit or miss).");
        _weChatFailures = meter.CreateCounter<long>("shangmi.wechat.failures", "{call}",
            "WeChat API calls that failed, by operation and errcode (or unreachable / unreadable).");
        _droppedConnections = meter.CreateCounter<long>("shangmi.db.dropped_connections", "{connection}",
            "Pooled connections a public read found closed by the server or a proxy, and ran again on the next one.");
        meter.CreateObservableGauge("shangmi.outbox.backlog", () => _backlog.Outbox, "{message}",
            "Subscribe messages queued and not yet sent.");
        meter.CreateObservableGauge("shangmi.tips.overdue", () => _backlog.OverdueTips, "{tip}",
            "Tips past a legal deadline (decision, or telling a real-name reporter).");
        meter.CreateObservableGauge("shangmi.registrations.last_minute", () => _backlog.RegistrationsLastMinute,
            "{registration}", "Event registrations made in the minute before the last sample.");
    }

    public void CacheLookup(bool hit) =>
        _cacheLookups.Add(1, new KeyValuePair<string, object?>("result", hit ? "hit" : "miss"));

    public void WeChatFailure(string operation, string errorCode) =>
        _weChatFailures.Add(1, new KeyValuePair<string, object?>("operation", operation),
            new KeyValuePair<string, object?>("errcode", errorCode));

    public void DroppedConnection() => _droppedConnections.Add(1);

    internal void Record(Backlog backlog) => _backlog = backlog;

    internal sealed record Backlog(long Outbox, long OverdueTips, long RegistrationsLastMinute);
}
