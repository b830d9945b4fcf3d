using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Shangmi.Api.Common;
using Shangmi.Api.Common.Problems;
using Shangmi.Api.Common.RateLimiting;
using Shangmi.Api.Data;
using Upload = Shangmi.Api.Tips.TipAttachmentStore.Upload;

namespace Shangmi.Api.Tips;

/// <summary>
/// The one path evidence takes, whether it comes in one request or in resumable pieces: reserve a row (quotas
/// checked), write the encrypted file, then publish it, confirm its kind from its content and record it. Once the
/// bytes are here, a database outage is waited out (<see cref="TipOptions.CompletionPatience"/>), never answered by
/// throwing the file away.
/// </summary>
public sealed partial class EvidenceIntake
{
    private const int Megabyte = 1024 * 1024;
    private readonly TipAttachmentStore _attachments;
    private readonly TipEvidenceStore _files;
    private readonly TipCrypto _crypto;
    private readonly TimeProvider _time;
    private readonly ILogger<EvidenceIntake> _logger;

    /// <summary>Megabytes reserved per client address and hour; in memory only, like every limit keyed by address.</summary>
    private readonly FixedWindows _perAddress;

    public EvidenceIntake(TipAttachmentStore attachments, TipEvidenceStore files, TipCrypto crypto, IOptions<TipOptions> options,
        TimeProvider time, ILogger<EvidenceIntake> logger)
    {
        (_attachments, _files, _crypto, _time, _logger, Settings) = (attachments, files, crypto, time, logger, options.Value);
        _perAddress = new FixedWindows((int)Math.Min(int.MaxValue, Settings.EvidenceBytesPerAddressPerHour / Megabyte),
            TimeSpan.FromHours(1), time);
    }

    public TipOptions Settings { get; }

    /// <summary>Reserves room for <paramref name="bytes"/>, or the refusal to send.</summary>
    public async Task<(Upload? Upload, ProblemHttpResult? Refusal)> ReserveAsync(
        HttpContext http, long tipId, long bytes, bool resumable, string? name, CancellationToken ct)
    {
        var address = ClientAddress.PartitionKey(http);
        var megabytes = (int)((bytes + Megabyte - 1) / Megabyte);
        if (!_perAddress.TryTake(address, megabytes, out var wait))
        {
            return (null, ApiProblem.RetryLater(http, wait, 429, "rate_limited", "上传过于频繁，请稍后再试", s => $"请在 {s} 秒后重试。"));
        }

        var reservation = await _attachments.ReserveAsync(tipId, bytes, resumable, name, _time.GetUtcNow().UtcDateTime, ct);
        if (reservation.Outcome != TipAttachmentStore.ReserveOutcome.Reserved)
        {
            _perAddress.GiveBack(address, megabytes);
        }

        return reservation.Outcome switch
        {
            TipAttachmentStore.ReserveOutcome.Reserved => (reservation.Upload, null),
            TipAttachmentStore.ReserveOutcome.TipFinal => (null, TipFinal()),
            TipAttachmentStore.ReserveOutcome.CountFull => (null, ApiProblem.Create(409, "tip.attachments_full", "证据数量已达上限",
                $"每条线索最多 {Settings.MaxAttachmentsPerTip} 个文件。")),
            TipAttachmentStore.ReserveOutcome.BytesFull => (null, ApiProblem.Create(409, "tip.evidence_quota", "证据总量已达上限",
                $"每条线索的证据合计不超过 {Megabytes(Settings.MaxEvidenceBytesPerTip)} MB。")),
            _ => (null, ApiProblem.RetryLater(http, reservation.RetryAfter, 503, "tips.busy", "证据上传繁忙，请稍后再试",
                s => $"请在 {s} 秒后重试；线索本身已保存，不受影响。")),
        };
    }

    /// <summary>
    /// Makes a whole partial file evidence. Answers 201 with the attachment, 400 when its content is not an accepted
    /// kind (the file is deleted), or 409 when the tip was discarded meanwhile.
    /// </summary>
    public async Task<Results<Created<TipAttachmentInfo>, ValidationProblem, ProblemHttpResult>> FinishAsync(
        Upload upload, long size, string? name, byte[]? idempotencyHash = null)
    {
        // From here on the client's bytes are all in: finish even if the client has gone.
        var ct = CancellationToken.None;
        if (!_files.Publish(upload.StorageKey))
        {
            return TipFinal(); // discarded or purged while uploading: its files were deleted
        }

        if (await ConfirmKindAsync(upload, ct) is not { } confirmed)
        {
            var gone = !_files.Exists(upload.StorageKey);
            await ReleaseAsync(upload);
            return gone ? TipFinal() : NotEvidence();
        }

        // Recording is idempotent (a retry after a commit whose answer was lost finds the row ready), so it may be
        // retried for as long as a client would wait.
        if (!await Transient.RetryAsync(() => _attachments.CompleteAsync(upload, confirmed, size, name, idempotencyHash, ct), Settings.CompletionPatience, ct))
        {
            await ReleaseAsync(upload);
            return TipFinal();
        }

        var info = await Transient.RetryAsync(() => _attachments.InfoAsync(upload.TipId, upload.Id, ct), Settings.CompletionPatience, ct);
        return TypedResults.Created("/api/v1/tips/mine", info!);
    }

    /// <summary>Gives up an upload; when even that fails, the retention job drops the reservation after a day.</summary>
    public async Task ReleaseAsync(Upload upload)
    {
        try
        {
            await _attachments.ReleaseAsync(upload, _time.GetUtcNow().UtcDateTime, CancellationToken.None);
        }
        catch (MySqlConnector.MySqlException e)
        {
            LogReleaseFailed(_logger, e.GetType().Name);
        }
    }

    public static ValidationProblem NotEvidence() =>
        new FieldErrors().Add("file", "只能上传照片、PDF、Office 文档（不含宏）、音频或视频（按文件内容判断）").ToProblem();

    public static ProblemHttpResult TipFinal() =>
        ApiProblem.Create(409, "tip.final", "该线索已处理完毕，不能再补充", "您仍可凭回执码查看处理结果。");

    public static long Megabytes(long bytes) => bytes / 1024 / 1024;

    /// <summary>The kind from the first bytes; for ZIP and OLE containers, from opening the document. Null if the file is gone.</summary>
    private async Task<EvidenceKind?> ConfirmKindAsync(Upload upload, CancellationToken ct)
    {
        if (_files.OpenRead(upload.StorageKey) is not { } file)
        {
            return null;
        }

        await using var plaintext = new EvidenceChunks.Reader(upload.Seal(_crypto), file);
        var head = new byte[EvidenceKinds.SniffLength];
        var read = await plaintext.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        if (EvidenceKinds.Detect(head.AsSpan(0, read)) is not { } kind)
        {
            return null;
        }

        if (!EvidenceKinds.NeedsInspection(kind))
        {
            return kind;
        }

        plaintext.Position = 0;
        return await EvidenceKinds.InspectAsync(kind, plaintext, ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An evidence reservation could not be released ({Failure}); retention will")]
    private static partial void LogReleaseFailed(ILogger logger, string failure);
}
