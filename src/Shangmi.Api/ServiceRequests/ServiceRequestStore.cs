using System.Text;
using Dapper;
using Microsoft.Extensions.Options;
using MySqlConnector;
using Shangmi.Api.Identity.Staff;
using Shangmi.Api.Common;
using Shangmi.Api.Data;
using Shangmi.Api.Enterprises;
using Shangmi.Api.Tips;

namespace Shangmi.Api.ServiceRequests;

/// <summary>
/// The SQL of the enterprise's side: a verified member submits (routed to the district's liaison officer or its
/// queue, deadlines counted on the shared working-day calendar), reads the enterprise's requests, writes messages,
/// adds sealed attachments and gives feedback after resolution.
/// </summary>
public sealed class ServiceRequestStore(
    MySqlDataSource db, ServiceRecords records, ServiceSecrets secrets, ClaimSecrets claimSecrets, ServiceAttachmentFiles files,
    IOptions<ServiceRequestOptions> options)
{
    public enum CreateOutcome { Created, Repeated, KeyReused }

    public enum ReplyOutcome { Done, NotFound, Final }

    public enum FeedbackOutcome { Done, NotFound, NotResolved }

    public enum AttachOutcome { Done, NotFound, Final, Full }

    public async Task<IReadOnlyList<long>> DocumentIdsAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<long>(new CommandDefinition("SELECT id FROM guidance_documents", cancellationToken: ct))).ToList();
    }

    /// <summary>
    /// Records a request in one transaction: deadlines, the route (the district's configured officer, else its queue),
    /// the sealed contact (the member's own from their claim when none is given), the documents, the first timeline line.
    /// A retry with the same Idempotency-Key returns the first request; the key on a different request is refused.
    /// </summary>
    public Task<(CreateOutcome Outcome, long Id)> CreateAsync(long userId, ActingEnterprise enterprise, ServiceRequestWrite request,
        string? idempotencyKey, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var fingerprint = request.Fingerprint();
            if (idempotencyKey is not null && await FirstAsync(connection, transaction, userId, idempotencyKey, fingerprint, ct) is { } first)
            {
                return first;
            }

            var districtId = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT district_id FROM enterprises WHERE id = @Id", new { enterprise.Id }, transaction, cancellationToken: ct));
            // The district's receiver, if it may still act there (not disabled, the role kept, no other district).
            var assignee = await connection.ExecuteScalarAsync<long?>(new CommandDefinition($"""
                SELECT s.id {ServiceAccounts.MayActIn("@districtId")}
                  AND s.id = (SELECT staff_id FROM service_routes WHERE district_id = @districtId)
                """, new { districtId }, transaction, cancellationToken: ct));
            var today = WorkCalendar.ChinaDate(now);
            var respondDue = await WorkCalendar.AddWorkingDaysAsync(connection, transaction, today, options.Value.RespondWithin, ct);
            var resolveDue = await WorkCalendar.AddWorkingDaysAsync(connection, transaction, today, options.Value.ResolveWithin, ct);
            var contact = request.Contact ?? await MemberContactAsync(connection, transaction, userId, ct);
            long id;
            try
            {
                id = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
                    INSERT INTO service_requests (enterprise_id, user_id, district_id, kind, status, subject, description, preferred_at, key_id,
                                                  contact_mask, idempotency_key, idempotency_hash, assignee_id, respond_due_on, resolve_due_on, created_at, updated_at)
                    VALUES (@enterpriseId, @userId, @districtId, @kind, 'submitted', @Subject, @Description, @PreferredAtUtc, @keyId,
                            @mask, @idempotencyKey, @fingerprint, @assignee, @respondDue, @resolveDue, @now, @now);
                    SELECT LAST_INSERT_ID();
                    """, new
                {
                    enterpriseId = enterprise.Id, userId, districtId, kind = request.Kind.ToDb(), request.Subject, request.Description,
                    request.PreferredAtUtc, keyId = secrets.ActiveKeyId, mask = contact is null ? "" : PhoneNumbers.Mask(contact.Phone),
                    idempotencyKey, fingerprint = idempotencyKey is null ? null : fingerprint, assignee, respondDue = respondDue.ToDateTime(TimeOnly.MinValue),
                    resolveDue = resolveDue.ToDateTime(TimeOnly.MinValue), now,
                }, transaction, cancellationToken: ct));
            }
            catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
            {
                // The same key's first attempt committed meanwhile: answer as a retry would.
                await transaction.RollbackAsync(ct);
                return (await FirstAsync(connection, null, userId, idempotencyKey!, fingerprint, ct))!.Value;
            }

            if (contact is not null)
            {
                await connection.ExecuteAsync(new CommandDefinition("UPDATE service_requests SET contact_sealed = @sealedContact WHERE id = @id",
                    new { id, sealedContact = secrets.SealContact(id, contact) }, transaction, cancellationToken: ct));
            }

            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO service_request_documents (request_id, document_id) SELECT @id, g.id FROM guidance_documents g WHERE g.id IN @ids",
                new { id, ids = request.DocumentIds.Count == 0 ? [-1L] : request.DocumentIds }, transaction, cancellationToken: ct));
            await ServiceRecords.EventAsync(connection, transaction, id, "submitted", userId, null, request.Subject, now, ct);
            if (assignee is not null)
            {
                await ServiceRecords.EventAsync(connection, transaction, id, "assigned", null, null, "按辖区分派给联络员", now, ct);
            }

            await transaction.CommitAsync(ct);
            return (CreateOutcome.Created, id);
        });

    public async Task<Paged<MyServiceRequestItem>> ListMineAsync(long enterpriseId, PageRequest page, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM service_requests WHERE enterprise_id = @enterpriseId", new { enterpriseId }, cancellationToken: ct));
        var rows = await connection.QueryAsync<(long Id, ServiceKind Kind, ServiceStatus Status, string Subject, DateTime CreatedAt)>(
            new CommandDefinition("""
                SELECT id, kind, status, subject, created_at FROM service_requests WHERE enterprise_id = @enterpriseId
                ORDER BY id DESC LIMIT @Offset, @PageSize
                """, new { enterpriseId, page.Offset, page.PageSize }, cancellationToken: ct));
        return page.Of(rows.Select(r => new MyServiceRequestItem(r.Id, r.Kind, r.Status, ServiceWorkflow.StatusText(r.Status), r.Subject,
            DbTime.FromUtc(r.CreatedAt))).ToList(), total);
    }

    /// <summary>One of the enterprise's requests as its members see it (no internal lines), or null.</summary>
    public async Task<MyServiceRequest?> FindMineAsync(long enterpriseId, long id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var r = await connection.QuerySingleOrDefaultAsync<ServiceRecords.Detail>(new CommandDefinition(
            $"SELECT {ServiceRecords.Detail.Columns} FROM service_requests r WHERE r.id = @id AND r.enterprise_id = @enterpriseId",
            new { id, enterpriseId }, cancellationToken: ct));
        if (r is null)
        {
            return null;
        }

        return new MyServiceRequest(r.Id, r.Kind, r.Status, ServiceWorkflow.StatusText(r.Status), r.Subject, r.Description, r.Preferred, r.ContactMask,
            await ServiceRecords.DocumentsAsync(connection, id, ct), r.Visit, r.Feedback, r.ClosedWithoutFeedback,
            await records.AttachmentsAsync(connection, id, ct), await ServiceRecords.TimelineAsync(connection, id, false, ct),
            DbTime.FromUtc(r.CreatedAt));
    }

    /// <summary>A member's message to the staff; none once the request is final.</summary>
    public Task<ReplyOutcome> ReplyAsync(long enterpriseId, long userId, long id, string text, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            if (await StatusForUpdateAsync(connection, transaction, enterpriseId, id, ct) is not { } status)
            {
                return ReplyOutcome.NotFound;
            }

            if (ServiceWorkflow.IsFinal(status))
            {
                return ReplyOutcome.Final;
            }

            await ServiceRecords.EventAsync(connection, transaction, id, "reply", userId, null, text, now, ct);
            await connection.ExecuteAsync(new CommandDefinition("UPDATE service_requests SET updated_at = @now WHERE id = @id", new { id, now },
                transaction, cancellationToken: ct));
            await transaction.CommitAsync(ct);
            return ReplyOutcome.Done;
        });

    /// <summary>The enterprise confirms a resolved request solved or not and rates it; this closes it. Only once.</summary>
    public Task<FeedbackOutcome> FeedbackAsync(long enterpriseId, long userId, long id, bool solved, int rating, string comment, DateTime now,
        CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            if (await StatusForUpdateAsync(connection, transaction, enterpriseId, id, ct) is not { } status)
            {
                return FeedbackOutcome.NotFound;
            }

            // Resolved, and still within the feedback window (the closing job may not have run its round yet).
            if (status != ServiceStatus.Resolved || await connection.ExecuteScalarAsync<DateTime>(new CommandDefinition(
                    "SELECT resolved_at FROM service_requests WHERE id = @id", new { id }, transaction, cancellationToken: ct))
                < now - options.Value.FeedbackWindow)
            {
                return FeedbackOutcome.NotResolved;
            }

            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE service_requests SET status = 'closed', solved = @solved, rating = @rating, feedback_comment = @comment,
                                            feedback_at = @now, closed_at = @now, updated_at = @now
                WHERE id = @id
                """, new { id, solved, rating, comment, now }, transaction, cancellationToken: ct));
            await ServiceRecords.EventAsync(connection, transaction, id, "feedback", userId, null,
                $"{(solved ? "已解决" : "未解决")}，评分 {rating}" + (comment.Length > 0 ? $"：{comment}" : ""), now, ct);
            await transaction.CommitAsync(ct);
            return FeedbackOutcome.Done;
        });

    /// <summary>Seals and stores an attachment (content and name), bound to the request and its row.</summary>
    public Task<(AttachOutcome Outcome, long Id)> AttachAsync(long enterpriseId, long userId, long id, string name, string contentType,
        byte[] content, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            if (await StatusForUpdateAsync(connection, transaction, enterpriseId, id, ct) is not { } status)
            {
                return (AttachOutcome.NotFound, 0L);
            }

            if (ServiceWorkflow.IsFinal(status))
            {
                return (AttachOutcome.Final, 0L);
            }

            if (await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                    "SELECT COUNT(*) FROM service_request_attachments WHERE request_id = @id", new { id }, transaction, cancellationToken: ct))
                >= options.Value.MaxAttachments)
            {
                return (AttachOutcome.Full, 0L);
            }

            var key = PrivateKey();
            var attachmentId = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
                INSERT INTO service_request_attachments (request_id, file_key, key_id, name_sealed, content_type, size_bytes, user_id, created_at)
                VALUES (@id, @key, @keyId, '', @contentType, @size, @userId, @now);
                SELECT LAST_INSERT_ID();
                """, new { id, key, keyId = secrets.ActiveKeyId, contentType, size = content.Length, userId, now }, transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition("UPDATE service_request_attachments SET name_sealed = @name WHERE id = @attachmentId",
                new { attachmentId, name = secrets.Seal("attachment-name", id, attachmentId, Encoding.UTF8.GetBytes(name)) }, transaction,
                cancellationToken: ct));
            await ServiceRecords.EventAsync(connection, transaction, id, "attached", userId, null, "上传了附件", now, ct);
            try
            {
                await files.WriteAsync(key, secrets.Seal("attachment", id, attachmentId, content), ct);
                await transaction.CommitAsync(ct);
            }
            catch
            {
                files.Delete(key);
                throw;
            }

            return (AttachOutcome.Done, attachmentId);
        });

    /// <summary>An attachment's name, type and opened content, for the enterprise (<paramref name="enterpriseId"/>) or staff (null, scoped by the caller).</summary>
    public async Task<(string Name, string ContentType, byte[] Content)?> ReadAttachmentAsync(long requestId, long attachmentId, long? enterpriseId,
        CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<(string FileKey, string KeyId, byte[] NameSealed, string ContentType)?>(new CommandDefinition("""
            SELECT a.file_key, a.key_id, a.name_sealed, a.content_type
            FROM service_request_attachments a JOIN service_requests r ON r.id = a.request_id
            WHERE a.id = @attachmentId AND a.request_id = @requestId AND (@enterpriseId IS NULL OR r.enterprise_id = @enterpriseId)
            """, new { requestId, attachmentId, enterpriseId }, cancellationToken: ct));
        if (row is not { } found || await files.ReadAsync(found.FileKey, ct) is not { } sealedContent)
        {
            return null;
        }

        return (Encoding.UTF8.GetString(secrets.Open("attachment-name", requestId, attachmentId, found.KeyId, found.NameSealed)), found.ContentType,
            secrets.Open("attachment", requestId, attachmentId, found.KeyId, sealedContent));
    }

    private static string PrivateKey() => Files.PrivateFileStore.NewKey();

    private async Task<ServiceContact?> MemberContactAsync(MySqlConnection connection, MySqlTransaction transaction, long userId, CancellationToken ct)
    {
        var claim = await connection.QuerySingleOrDefaultAsync<(long Id, string? KeyId, byte[]? ContactSealed)?>(new CommandDefinition(
            "SELECT id, key_id, contact_sealed FROM enterprise_claims WHERE active_user = @userId AND status = 'verified'",
            new { userId }, transaction, cancellationToken: ct));
        if (claim is not { KeyId: { } keyId, ContactSealed: { } sealedContact } found)
        {
            return null;
        }

        var contact = claimSecrets.OpenContact(found.Id, keyId, sealedContact);
        return new ServiceContact(contact.ContactName, contact.Mobile);
    }

    /// <summary>The request first made with this key: repeated when the body is the same, else the key was reused.</summary>
    private static async Task<(CreateOutcome Outcome, long Id)?> FirstAsync(MySqlConnection connection, MySqlTransaction? transaction, long userId,
        string idempotencyKey, byte[] fingerprint, CancellationToken ct) =>
        await connection.QuerySingleOrDefaultAsync<(long Id, byte[]? Hash)?>(new CommandDefinition(
                "SELECT id, idempotency_hash FROM service_requests WHERE user_id = @userId AND idempotency_key = @idempotencyKey",
                new { userId, idempotencyKey }, transaction, cancellationToken: ct)) is { } first
            ? (first.Hash is { } hash && hash.AsSpan().SequenceEqual(fingerprint) ? CreateOutcome.Repeated : CreateOutcome.KeyReused, first.Id)
            : null;

    private static async Task<ServiceStatus?> StatusForUpdateAsync(MySqlConnection connection, MySqlTransaction transaction, long enterpriseId,
        long id, CancellationToken ct) =>
        await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT status FROM service_requests WHERE id = @id AND enterprise_id = @enterpriseId FOR UPDATE", new { id, enterpriseId }, transaction,
            cancellationToken: ct)) is { } status ? Enum.Parse<ServiceStatus>(status, ignoreCase: true) : null;
}
