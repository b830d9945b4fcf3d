using System.Text;
using Dapper;
using MySqlConnector;
using Shangmi.Api.Data;

namespace Shangmi.Api.ServiceRequests;

/// <summary>
/// The parts of a request both sides read (timeline, attachments, documents, visit, feedback) and the timeline rows
/// both sides write, with the subscribe message some of them queue in the events' outbox.
/// </summary>
public sealed class ServiceRecords(ServiceSecrets secrets)
{
    /// <summary>Timeline kinds the enterprise never sees.</summary>
    public static readonly IReadOnlySet<string> InternalKinds = new HashSet<string> { "taken", "assigned", "note", "linked", "viewed" };

    /// <summary>Timeline kinds that send the submitting member a subscribe message, and the outbox kind of each.</summary>
    private static readonly Dictionary<string, string> Notified = new()
    {
        ["accepted"] = "service_accepted", ["scheduled"] = "service_visit", ["message"] = "service_message", ["resolved"] = "service_resolved",
    };

    public static async Task<long> EventAsync(MySqlConnection connection, MySqlTransaction? transaction, long requestId, string kind,
        long? userId, long? staffId, string text, DateTime now, CancellationToken ct)
    {
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO service_request_events (request_id, kind, internal, user_id, staff_id, text, at)
            VALUES (@requestId, @kind, @internal, @userId, @staffId, @text, @now);
            SELECT LAST_INSERT_ID();
            """, new { requestId, kind, @internal = InternalKinds.Contains(kind), userId, staffId, text = text.Length > 2000 ? text[..2000] : text, now },
            transaction, cancellationToken: ct));
        if (Notified.TryGetValue(kind, out var notification))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO event_notifications (service_event_id, kind, created_at) VALUES (@id, @notification, @now)",
                new { id, notification, now }, transaction, cancellationToken: ct));
        }

        return id;
    }

    public static async Task<IReadOnlyList<ServiceEvent>> TimelineAsync(MySqlConnection connection, long requestId, bool withInternal,
        CancellationToken ct) =>
        (await connection.QueryAsync<(long Id, string Kind, bool Internal, long? UserId, long? StaffId, string? StaffName, string Text, DateTime At)>(
            new CommandDefinition("""
                SELECT ev.id, ev.kind, ev.internal, ev.user_id, ev.staff_id, s.display_name, ev.text, ev.at
                FROM service_request_events ev LEFT JOIN staff s ON s.id = ev.staff_id
                WHERE ev.request_id = @requestId AND (@withInternal OR ev.internal = 0)
                ORDER BY ev.id
                """, new { requestId, withInternal }, cancellationToken: ct)))
        .Select(e => new ServiceEvent(e.Id, e.Kind, e.UserId is not null ? "enterprise" : e.StaffId is not null ? "staff" : "system",
            withInternal ? e.StaffName : null, e.Text, e.Internal, DbTime.FromUtc(e.At)))
        .ToList();

    public async Task<IReadOnlyList<ServiceAttachment>> AttachmentsAsync(MySqlConnection connection, long requestId, CancellationToken ct) =>
        (await connection.QueryAsync<(long Id, string KeyId, byte[] NameSealed, string ContentType, long SizeBytes, DateTime CreatedAt)>(
            new CommandDefinition("""
                SELECT id, key_id, name_sealed, content_type, size_bytes, created_at FROM service_request_attachments
                WHERE request_id = @requestId ORDER BY id
                """, new { requestId }, cancellationToken: ct)))
        .Select(a => new ServiceAttachment(a.Id, Encoding.UTF8.GetString(secrets.Open("attachment-name", requestId, a.Id, a.KeyId, a.NameSealed)),
            a.ContentType, a.SizeBytes, DbTime.FromUtc(a.CreatedAt)))
        .ToList();

    public static async Task<IReadOnlyList<long>> DocumentsAsync(MySqlConnection connection, long requestId, CancellationToken ct) =>
        (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT document_id FROM service_request_documents WHERE request_id = @requestId ORDER BY document_id", new { requestId },
            cancellationToken: ct))).ToList();

    /// <summary>The columns of a request both sides read, and what they make.</summary>
    public sealed class Detail
    {
        public const string Columns = """
            r.id, r.enterprise_id, r.user_id, r.kind, r.status, r.subject, r.description, r.preferred_at, r.visit_at, r.visit_place,
            r.visit_staff, r.solved, r.rating, r.feedback_comment, r.feedback_at, r.closed_at, r.created_at, r.key_id, r.contact_sealed,
            r.contact_mask
            """;

        public long Id { get; init; }
        public long EnterpriseId { get; init; }
        public long UserId { get; init; }
        public ServiceKind Kind { get; init; }
        public ServiceStatus Status { get; init; }
        public string Subject { get; init; } = "";
        public string Description { get; init; } = "";
        public DateTime? PreferredAt { get; init; }
        public DateTime? VisitAt { get; init; }
        public string? VisitPlace { get; init; }
        public string? VisitStaff { get; init; }
        public bool? Solved { get; init; }
        public int? Rating { get; init; }
        public string? FeedbackComment { get; init; }
        public DateTime? FeedbackAt { get; init; }
        public DateTime? ClosedAt { get; init; }
        public DateTime CreatedAt { get; init; }
        public string KeyId { get; init; } = "";
        public byte[]? ContactSealed { get; init; }
        public string ContactMask { get; init; } = "";

        public ServiceVisit? Visit => VisitAt is { } at ? new ServiceVisit(DbTime.FromUtc(at), VisitPlace ?? "", VisitStaff ?? "") : null;

        public ServiceFeedback? Feedback => FeedbackAt is { } at
            ? new ServiceFeedback(Solved == true, Rating ?? 0, FeedbackComment ?? "", DbTime.FromUtc(at))
            : null;

        public bool ClosedWithoutFeedback => Status == ServiceStatus.Closed && FeedbackAt is null;

        public DateTimeOffset? Preferred => PreferredAt is { } at ? DbTime.FromUtc(at) : null;
    }
}
