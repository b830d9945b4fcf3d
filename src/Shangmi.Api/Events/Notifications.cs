using System.Globalization;
using Shangmi.Api.Data;
using Dapper;
using Microsoft.Extensions.Options;
using MySqlConnector;
using Shangmi.Api.Common;
using Shangmi.Api.WeChat;

namespace Shangmi.Api.Events;

/// <summary>Configuration section <c>Events</c>.</summary>
public sealed class EventOptions
{
    /// <summary>How often queued subscribe messages are sent and day-before reminders queued.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan NotificationInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Subscribe-message template ids from the WeChat console, by kind (Confirmed, Promoted, EventCancelled, Reminder,
    /// ServiceRequest). Each template takes thing1 (event title or request subject), time2 (start time, or the visit's
    /// time, or when it happened) and thing3 (what happened). A kind without a template is recorded as skipped.
    /// </summary>
    public Dictionary<string, string> SubscribeTemplates { get; set; } = [];

    /// <summary>
    /// How long after an event its registrants' contact name, phone, position and remark are kept. At least a day:
    /// zero would erase every past registrant's contacts at the next round.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan ContactRetention { get; set; } = TimeSpan.FromDays(180);
}

/// <summary>
/// The kinds of subscribe message: about a registration (one of each at most per registration), or about a service
/// request (one per timeline line that tells the enterprise something; all four use the ServiceRequest template).
/// </summary>
public static class Notifications
{
    public const string Confirmed = "confirmed";
    public const string Promoted = "promoted";
    public const string EventCancelled = "event_cancelled";
    public const string Reminder = "reminder";

    public static (string TemplateKey, string Text) Describe(string kind) => kind switch
    {
        Confirmed => ("Confirmed", "报名成功"),
        Promoted => ("Promoted", "候补已转为正式名额"),
        EventCancelled => ("EventCancelled", "活动已取消"),
        "service_accepted" => ("ServiceRequest", "您的诉求已受理"),
        "service_visit" => ("ServiceRequest", "已安排上门服务"),
        "service_message" => ("ServiceRequest", "工作人员给您留言"),
        "service_resolved" => ("ServiceRequest", "诉求已办结，请评价"),
        _ => ("Reminder", "活动将于明天开始"),
    };
}

/// <summary>
/// Sends queued subscribe messages and queues the day-before reminders. Rows are claimed with one atomic UPDATE under
/// a fresh claim id, so several service instances never send the same message; a claim that is not finished (the
/// instance died, WeChat was down) expires and is taken again.
/// </summary>
public sealed class NotificationSender(
    MySqlDataSource db, IServiceProvider services, IOptions<EventOptions> options, TimeProvider time,
    ILogger<NotificationSender> logger)
    : PeriodicJob(time, logger)
{
    private static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(2);


    protected override TimeSpan Interval => options.Value.NotificationInterval;

    protected override Task RunRoundAsync(CancellationToken ct) => RunOnceAsync(ct);

    /// <summary>One round: queue due reminders, claim a batch, send it. Returns how many messages were sent.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = Time.GetUtcNow().UtcDateTime;
        var claim = Guid.NewGuid().ToString("N");
        IReadOnlyList<Due> due;
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT IGNORE INTO event_notifications (registration_id, kind, created_at)
                SELECT r.id, 'reminder', @now FROM registrations r JOIN events e ON e.id = r.event_id
                WHERE e.status = 'published' AND r.status = 'confirmed' AND e.starts_at > @now AND e.starts_at <= @dayAhead
                """, new { now, dayAhead = now.AddDays(1) }, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE event_notifications SET claimed_by = @claim, claimed_until = @until
                WHERE sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < @now)
                ORDER BY id LIMIT 50
                """, new { claim, now, until = now + ClaimFor }, cancellationToken: ct));
            // A row tells of a registration or of a service request's timeline line: the one it names decides the rest.
            due = (await connection.QueryAsync<Due>(new CommandDefinition("""
                SELECT n.id, n.kind, u.openid, e.id AS event_id, sr.id AS request_id, COALESCE(e.title, sr.subject) AS title,
                       COALESCE(e.starts_at, CASE WHEN n.kind = 'service_visit' THEN sr.visit_at END, se.at) AS starts_at,
                       (sr.id IS NULL OR EXISTS (SELECT 1 FROM enterprise_claims c WHERE c.active_user = u.id AND c.status = 'verified'
                                                                                  AND c.enterprise_id = sr.enterprise_id)) AS addressee
                FROM event_notifications n
                LEFT JOIN registrations r ON r.id = n.registration_id
                LEFT JOIN events e ON e.id = r.event_id
                LEFT JOIN service_request_events se ON se.id = n.service_event_id
                LEFT JOIN service_requests sr ON sr.id = se.request_id
                JOIN users u ON u.id = COALESCE(r.user_id, sr.user_id)
                WHERE n.claimed_by = @claim AND n.sent_at IS NULL
                """, new { claim }, cancellationToken: ct))).ToList();
        }

        // A typed HttpClient per round, not one kept for the life of this singleton (its handler must rotate).
        var weChat = services.GetRequiredService<WeChatClient>();
        var sent = 0;
        foreach (var message in due)
        {
            var outcome = await SendAsync(weChat, message, ct);
            if (outcome is null)
            {
                continue; // WeChat unavailable: the claim expires and the message is tried again.
            }

            await using var connection = await db.OpenConnectionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE event_notifications SET sent_at = @now, outcome = @outcome WHERE id = @Id AND claimed_by = @claim",
                new { now = Time.GetUtcNow().UtcDateTime, outcome, message.Id, claim }, cancellationToken: ct));
            sent += outcome == "sent" ? 1 : 0;
        }

        return sent;
    }

    private async Task<string?> SendAsync(WeChatClient weChat, Due message, CancellationToken ct)
    {
        // A request's news goes to the member who asked only while they still act for the enterprise.
        if (message.Addressee == 0)
        {
            return "not_member";
        }

        var (templateKey, text) = Notifications.Describe(message.Kind);
        if (!options.Value.SubscribeTemplates.TryGetValue(templateKey, out var templateId) || string.IsNullOrEmpty(templateId))
        {
            return "no_template";
        }

        var data = new Dictionary<string, string>
        {
            ["thing1"] = message.Title.Length > 20 ? message.Title[..19] + "…" : message.Title,
            ["time2"] = ChinaTime.ToChina(DbTime.FromUtc(message.StartsAt))
                .ToString("yyyy年MM月dd日 HH:mm", CultureInfo.InvariantCulture),
            ["thing3"] = text,
        };
        try
        {
            var page = message.RequestId is { } requestId
                ? MiniProgramPages.ServiceRequestLink(requestId)
                : MiniProgramPages.EventDetailLink(message.EventId ?? 0);
            var result = await weChat.SendSubscribeMessageAsync(message.OpenId, templateId, page, data, ct);
            return result == SubscribeMessageResult.Sent ? "sent" : "not_subscribed";
        }
        catch (WeChatException e)
        {
            return $"failed_{e.ErrorCode}";
        }
        catch (WeChatUnavailableException)
        {
            return null;
        }
    }


    private sealed class Due
    {
        public long Id { get; init; }
        public string Kind { get; init; } = "";
        public string OpenId { get; init; } = "";
        public long? EventId { get; init; }
        public long? RequestId { get; init; }
        public long Addressee { get; init; }
        public string Title { get; init; } = "";
        public DateTime StartsAt { get; init; }
    }
}
