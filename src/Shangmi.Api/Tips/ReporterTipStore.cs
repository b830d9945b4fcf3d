using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MySqlConnector;
using Shangmi.Api.Common.Problems;
using Shangmi.Api.Data;

namespace Shangmi.Api.Tips;

/// <summary>The whistleblower's side: submitting, finding a tip by its receipt, reading it, writing to the officer.</summary>
public sealed partial class ReporterTipStore(
    MySqlDataSource db, TipCrypto crypto, TipRecords records, ReceiptGuard guard, IOptions<TipOptions> options)
{
    public enum SubmitOutcome { Created, Repeated, KeyReused }

    /// <summary>
    /// Stores a tip and returns its receipt (16 digits). Within <see cref="TipOptions.IdempotencyWindow"/>, a retry with
    /// the same Idempotency-Key and the same submission returns the first receipt and stores nothing; the same key
    /// with another submission is refused, so a key never hands out somebody else's receipt.
    /// </summary>
    public async Task<(SubmitOutcome Outcome, string Receipt, DateTime SubmittedAt)> SubmitAsync(
        string categoryCode, TipReport report, TipIdentity? identity, string? idempotencyKey, DateTime now, CancellationToken ct)
    {
        byte[]? keyHash = null, bodyHash = null;
        if (idempotencyKey is not null)
        {
            keyHash = crypto.HashIdempotencyKey(idempotencyKey);
            bodyHash = crypto.HashSubmission(idempotencyKey, JsonSerializer.Serialize(new { categoryCode, report, identity }));
            if (await EarlierAsync(keyHash, bodyHash, idempotencyKey, now, ct) is { } earlier)
            {
                return earlier;
            }
        }

        var receipt = string.Concat(Enumerable.Range(0, TipsApi.ReceiptDigits).Select(_ => (char)('0' + RandomNumberGenerator.GetInt32(10))));
        try
        {
            await Deadlocks.RetryAsync(async () =>
            {
                await using var connection = await db.OpenConnectionAsync(ct);
                await using var transaction = await connection.BeginTransactionAsync(ct);
                var due = await WorkCalendar.AddWorkingDaysAsync(connection, transaction, WorkCalendar.ChinaDate(now),
                    TipWorkflow.DecisionWorkingDays, ct);
                var tipId = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
                    INSERT INTO tips (receipt_hash, idempotency_hash, idempotency_receipt, idempotency_body, category_code, status,
                                      key_id, crypto_format, report_enc, submitted_at, decision_due_on)
                    VALUES (@receiptHash, @keyHash, @idempotencyReceipt, @bodyHash, @categoryCode, 'submitted',
                            @keyId, @format, '', @now, @due);
                    SELECT LAST_INSERT_ID();
                    """, new
                {
                    receiptHash = crypto.HashReceipt(receipt), keyHash, bodyHash,
                    idempotencyReceipt = idempotencyKey is null ? null : crypto.SealReceiptForRetry(receipt, idempotencyKey),
                    categoryCode, keyId = crypto.ActiveKeyId, format = TipCrypto.CurrentFormat, now, due = due.ToDateTime(TimeOnly.MinValue),
                }, transaction, cancellationToken: ct));
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE tips SET report_enc = @report, identity_enc = @identity WHERE id = @tipId", new
                    {
                        tipId,
                        report = crypto.Seal(JsonSerializer.Serialize(report), TipSealContext.Report(tipId)),
                        identity = identity is null ? null : crypto.Seal(JsonSerializer.Serialize(identity), TipSealContext.Identity(tipId)),
                    }, transaction, cancellationToken: ct));
                await transaction.CommitAsync(ct);
            });
        }
        catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.DuplicateKeyEntry && keyHash is not null)
        {
            // The same retry raced its first attempt, which won.
            return (await EarlierAsync(keyHash, bodyHash!, idempotencyKey!, now, ct))!.Value;
        }

        return (SubmitOutcome.Created, receipt, now);
    }

    /// <summary>
    /// The tip of the receipt code in the request's header, or the refusal every reporter route sends: 429 after too
    /// many wrong codes from the address, else one 404, the same for every kind of wrong code.
    /// </summary>
    public async Task<(long TipId, ProblemHttpResult? Refusal)> ResolveAsync(HttpContext http, CancellationToken ct)
    {
        if (guard.BlockedFor(http) is { } wait)
        {
            return (0, ApiProblem.RetryLater(http, wait, 429, "rate_limited", "尝试次数过多，请稍后再试", s => $"请在 {s} 秒后重试。"));
        }

        var digits = NonDigits().Replace(http.Request.Headers[TipsApi.ReceiptHeader].ToString(), "");
        if (digits.Length == TipsApi.ReceiptDigits)
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            if (await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT id FROM tips WHERE receipt_hash = @hash",
                    new { hash = crypto.HashReceipt(digits) }, cancellationToken: ct)) is { } tipId)
            {
                return (tipId, null);
            }
        }

        guard.CountWrongCode(http);
        return (0, ApiProblem.Create(404, "tip.not_found", "找不到对应的线索", "请核对回执码。"));
    }

    public async Task<MyTip> MyTipAsync(long tipId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var tip = await connection.QuerySingleAsync<(TipStatus Status, DateTime SubmittedAt, string CategoryName)>(new CommandDefinition("""
            SELECT t.status, t.submitted_at, c.name FROM tips t JOIN tip_categories c ON c.code = t.category_code WHERE t.id = @tipId
            """, new { tipId }, cancellationToken: ct));
        var timeline = (await records.TimelineAsync(connection, tipId, ct))
            .Where(e => e.Kind == "status")
            .Select(e => new TipTimelineEntry(e.At, e.Status!.Value, TipWorkflow.StatusText(e.Status.Value))).ToList();
        timeline.Insert(0, new TipTimelineEntry(DbTime.FromUtc(tip.SubmittedAt), TipStatus.Submitted,
            TipWorkflow.StatusText(TipStatus.Submitted)));
        var status = tip.Status;
        return new MyTip(status, TipWorkflow.StatusText(status), DbTime.FromUtc(tip.SubmittedAt), tip.CategoryName, timeline,
            await records.MessagesAsync(connection, tipId, forOfficers: false, ct), await records.AttachmentsAsync(connection, tipId, ct));
    }

    public enum AddMessageOutcome { Added, Repeated, TipFinal }

    /// <summary>
    /// Adds the reporter's message and returns it; nothing when the tip is final and takes nothing more. With an
    /// Idempotency-Key, a retry finds the message the first attempt stored (<c>Repeated</c>) instead of adding it twice.
    /// </summary>
    public Task<(AddMessageOutcome Outcome, TipMessage? Message)> AddMessageAsync(long tipId, string text, string? idempotencyKey,
        DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync<(AddMessageOutcome, TipMessage?)>(async () =>
        {
            var keyHash = idempotencyKey is null ? null : crypto.HashIdempotencyKey(idempotencyKey);
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            // A one-column row, not a scalar: Dapper reads the ENUM word into TipStatus only inside a row.
            var locked = await connection.QuerySingleOrDefaultAsync<ValueTuple<TipStatus>?>(new CommandDefinition(
                "SELECT status FROM tips WHERE id = @tipId FOR UPDATE", new { tipId }, transaction, cancellationToken: ct));
            var earlier = keyHash is null ? null : await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT id FROM tip_messages WHERE tip_id = @tipId AND idempotency_hash = @keyHash", new { tipId, keyHash }, transaction,
                cancellationToken: ct));
            if (earlier is null && TipWorkflow.IsFinal(locked!.Value.Item1))
            {
                return (AddMessageOutcome.TipFinal, null);
            }

            var id = earlier ?? await records.InsertMessageAsync(connection, transaction, tipId, null, text, now, ct, keyHash);
            await transaction.CommitAsync(ct);
            var message = (await records.MessagesAsync(connection, tipId, forOfficers: false, ct)).Single(m => m.Id == id);
            return (earlier is null ? AddMessageOutcome.Added : AddMessageOutcome.Repeated, message);
        });

    /// <summary>The outcome for a key already used within the window; keys older than the window are forgotten first.</summary>
    private async Task<(SubmitOutcome, string, DateTime)?> EarlierAsync(
        byte[] keyHash, byte[] bodyHash, string idempotencyKey, DateTime now, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(TipRetentionStore.ForgetIdempotencySql + " AND idempotency_hash = @keyHash",
            new { keyHash, cutoff = now - options.Value.IdempotencyWindow }, cancellationToken: ct));
        var row = await connection.QuerySingleOrDefaultAsync<(byte[] Sealed, byte[] Body, DateTime SubmittedAt)?>(new CommandDefinition(
            "SELECT idempotency_receipt, idempotency_body, submitted_at FROM tips WHERE idempotency_hash = @keyHash",
            new { keyHash }, cancellationToken: ct));
        if (row is not { } first)
        {
            return null;
        }

        return CryptographicOperations.FixedTimeEquals(first.Body, bodyHash)
            ? (SubmitOutcome.Repeated, crypto.OpenReceiptForRetry(first.Sealed, idempotencyKey), first.SubmittedAt)
            : (SubmitOutcome.KeyReused, "", first.SubmittedAt);
    }

    [GeneratedRegex(@"[\s\-]")]
    private static partial Regex NonDigits();
}
