using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Shangmi.Api.Common;
using Shangmi.Api.Common.Problems;
using Shangmi.Api.Common.RateLimiting;
using Upload = Shangmi.Api.Tips.TipAttachmentStore.Upload;

namespace Shangmi.Api.Tips;

/// <summary>
/// Resumable evidence uploads, for a 50 MB video over a shaky 4G link: create the upload with the file's size, send
/// pieces with <c>PUT ?offset=</c> (a plain <c>wx.request</c> with an ArrayBuffer body), ask for the offset after a
/// cut, and complete. Pieces are encrypted as they arrive, in the same chunked format as single-request evidence; the
/// type is checked on the first piece and again, on the whole file, when completing.
/// </summary>
public static class TipUploadsApi
{
    /// <summary>What clients should send per piece: small enough to redo cheaply on 4G.</summary>
    public const int RecommendedPieceBytes = 1024 * 1024;

    /// <summary>The largest piece one request may carry.</summary>
    public const int MaxPieceBytes = 8 * 1024 * 1024;

    public static RouteGroupBuilder MapTipUploads(this RouteGroupBuilder tips)
    {
        tips.MapPost("/mine/uploads", CreateAsync).WithName("StartTipUpload").RequiresReceiptCode().RequireRateLimiting(RateLimitPolicies.TipUpload)
            .WithSummary("Start a resumable evidence upload: {name, size}. Reserves room within the tip's quotas.")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        tips.MapGet("/mine/uploads/{id:long}", StatusAsync).WithName("TipUploadStatus").RequiresReceiptCode()
            .WithSummary("How many bytes of the upload have arrived (resume from `offset`).");
        tips.MapPut("/mine/uploads/{id:long}", PutPieceAsync).WithName("PutTipUploadPiece").RequiresReceiptCode()
            .WithSummary("Send bytes from `offset` (application/octet-stream). Pieces are multiples of 65536 bytes except the last; "
                         + "a wrong offset is 409 tip.upload_offset with the offset to resume from.")
            .Accepts<byte[]>("application/octet-stream")
            .WithMetadata(new RequestSizeLimitAttribute(MaxPieceBytes))
            .ProducesProblem(StatusCodes.Status409Conflict);
        tips.MapPost("/mine/uploads/{id:long}/complete", CompleteAsync).WithName("CompleteTipUpload").RequiresReceiptCode()
            .WithSummary("Finish the upload: the whole file is checked and becomes evidence (201; 200 when already complete).")
            .ProducesProblem(StatusCodes.Status409Conflict);
        tips.MapDelete("/mine/uploads/{id:long}", AbandonAsync).WithName("AbandonTipUpload").RequiresReceiptCode()
            .WithSummary("Give up an unfinished upload and free its room.").ProducesProblem(StatusCodes.Status409Conflict);
        return tips;
    }

    private static async Task<Results<Created<TipUpload>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        TipUploadRequest request, [AsParameters] ReporterServices reporter, [AsParameters] EvidenceServices evidence, CancellationToken ct)
    {
        var (attachments, files, _) = evidence;
        var (tipId, refusal) = await reporter.Tips.ResolveAsync(reporter.Http, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        if (TipRules.CheckUpload(request, attachments.Settings.MaxAttachmentBytes, out var name) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        var (upload, busy) = await attachments.ReserveAsync(reporter.Http, tipId, request.Size!.Value, resumable: true, name, ct);
        if (busy is not null)
        {
            return busy;
        }

        try
        {
            await using var file = files.OpenPartial(upload!.StorageKey, create: true);
            await file.WriteAsync(EvidenceChunks.NewPrefix(), ct);
        }
        catch
        {
            await attachments.ReleaseAsync(upload!);
            throw;
        }

        return TypedResults.Created($"/api/v1/tips/mine/uploads/{upload.Id}", Describe(upload, 0, attachments));
    }

    private static async Task<Results<Ok<TipUpload>, ProblemHttpResult>> StatusAsync(
        long id, [AsParameters] ReporterServices reporter, [AsParameters] EvidenceServices evidence, CancellationToken ct)
    {
        var (upload, refusal) = await FindAsync(id, reporter, evidence, ct);
        return refusal ?? (Results<Ok<TipUpload>, ProblemHttpResult>)TypedResults.Ok(
            Describe(upload!, Received(upload!, evidence.Files), evidence.Attachments));
    }

    private static async Task<Results<Ok<TipUpload>, ValidationProblem, ProblemHttpResult>> PutPieceAsync(
        long id, long? offset, [AsParameters] ReporterServices reporter, [AsParameters] EvidenceServices evidence, CancellationToken ct)
    {
        var http = reporter.Http;
        var (attachments, files, crypto) = evidence;
        var (upload, refusal) = await FindAsync(id, reporter, evidence, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        if (upload!.Ready || files.Exists(upload.StorageKey))
        {
            return Complete();
        }

        if (upload.TipFinal)
        {
            await attachments.ReleaseAsync(upload);
            return TipAttachmentStore.TipFinal();
        }

        var length = http.Request.ContentLength;
        if (TipRules.CheckPiece(offset, length, upload.Size) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        FileStream file;
        try
        {
            file = files.OpenPartial(upload.StorageKey, create: false);
        }
        catch (FileNotFoundException)
        {
            return UploadNotFound();
        }
        catch (IOException)
        {
            return ApiProblem.Create(409, "tip.upload_busy", "这个文件正在另一个请求中上传", "请等待它结束，再查询进度后继续。");
        }

        await using (file)
        {
            if (file.Length < EvidenceChunks.PrefixSize)
            {
                return UploadNotFound(); // never re-create a file's nonce prefix: that would reuse nonces
            }

            var received = EvidenceChunks.ReceivedBytes(file.Length, upload.Size);
            if (offset != received)
            {
                return OffsetMismatch(received);
            }

            var firstChunk = received / EvidenceChunks.ChunkSize;
            file.SetLength(EvidenceChunks.OffsetOf(firstChunk)); // drop a chunk torn by an earlier cut
            var head = new byte[EvidenceKinds.SniffLength];
            var read = 0;
            if (received == 0)
            {
                read = await LimitedStream.Guard(() => http.Request.Body.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct).AsTask());
                if (EvidenceKinds.Detect(head.AsSpan(0, read)) is null)
                {
                    await attachments.ReleaseAsync(upload);
                    return TipAttachmentStore.NotEvidence();
                }
            }

            var prefix = new byte[EvidenceChunks.PrefixSize];
            file.Position = 0;
            await file.ReadExactlyAsync(prefix, ct);
            file.Position = EvidenceChunks.OffsetOf(firstChunk);
            try
            {
                received += await EvidenceChunks.EncryptAsync(upload.Seal(crypto), prefix, firstChunk,
                    new LimitedStream(head.AsMemory(0, read), http.Request.Body, length!.Value), file, upload.Size, ct);
            }
            catch (LimitedStream.BrokenUploadException)
            {
                // The whole chunks that arrived are kept; the client asks for the offset and goes on from there.
                return ApiProblem.Create(400, "request.invalid", "上传中断", "请查询已上传的字节数后从该处继续。");
            }

            return TypedResults.Ok(Describe(upload, received, attachments));
        }
    }

    private static async Task<Results<Created<TipAttachmentInfo>, Ok<TipAttachmentInfo>, ValidationProblem, ProblemHttpResult>> CompleteAsync(
        long id, [AsParameters] ReporterServices reporter, [AsParameters] EvidenceServices evidence, CancellationToken ct)
    {
        var (attachments, files, _) = evidence;
        var (upload, refusal) = await FindAsync(id, reporter, evidence, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        if (upload!.Ready)
        {
            return TypedResults.Ok((await attachments.InfoAsync(upload.TipId, upload.Id, ct))!);
        }

        if (upload.TipFinal)
        {
            await attachments.ReleaseAsync(upload);
            return TipAttachmentStore.TipFinal();
        }

        var received = Received(upload, files);
        if (received != upload.Size)
        {
            return ApiProblem.Create(409, "tip.upload_incomplete", "文件还没有上传完", $"已收到 {received} 字节，请从该处继续上传。",
                new Dictionary<string, object?> { ["offset"] = received });
        }

        var result = await attachments.FinishAsync(upload, upload.Size, name: null);
        return result.Result switch
        {
            Created<TipAttachmentInfo> created => created,
            ValidationProblem invalid => invalid,
            ProblemHttpResult problem => problem,
            _ => throw new InvalidOperationException("unexpected result"),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> AbandonAsync(
        long id, [AsParameters] ReporterServices reporter, [AsParameters] EvidenceServices evidence, CancellationToken ct)
    {
        var (upload, refusal) = await FindAsync(id, reporter, evidence, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        if (upload!.Ready)
        {
            return Complete();
        }

        await evidence.Attachments.ReleaseAsync(upload);
        return TypedResults.NoContent();
    }

    /// <summary>The resumable upload <paramref name="id"/> of the tip in the receipt header, or the refusal.</summary>
    private static async Task<(Upload? Upload, ProblemHttpResult? Refusal)> FindAsync(
        long id, ReporterServices reporter, EvidenceServices evidence, CancellationToken ct)
    {
        var (tipId, refusal) = await reporter.Tips.ResolveAsync(reporter.Http, ct);
        if (refusal is not null)
        {
            return (null, refusal);
        }

        return await evidence.Attachments.FindAsync(tipId, id, ct) is { Resumable: true } upload ? (upload, null) : (null, UploadNotFound());
    }

    private static ProblemHttpResult UploadNotFound() =>
        ApiProblem.Create(404, "tip.upload_not_found", "找不到这次上传", "上传可能已过期或被撤回，请重新开始。");

    private static ProblemHttpResult Complete() =>
        ApiProblem.Create(409, "tip.upload_complete", "该文件已上传完成", "无需再发送或撤回；如未收到结果，请再次调用 complete。");

    /// <summary>Bytes received: all of them once the file is whole (published, even if not yet recorded), else the whole chunks.</summary>
    private static long Received(Upload upload, TipEvidenceStore files) =>
        upload.Ready || files.Exists(upload.StorageKey)
            ? upload.Size
            : EvidenceChunks.ReceivedBytes(files.PartialLength(upload.StorageKey) ?? 0, upload.Size);

    private static TipUpload Describe(Upload upload, long received, TipAttachmentStore attachments) =>
        new(upload.Id, received, upload.Size, received == upload.Size, RecommendedPieceBytes, EvidenceChunks.ChunkSize,
            Data.DbTime.FromUtc(upload.At + attachments.Settings.AbandonedUploadAfter));

    private static ProblemHttpResult OffsetMismatch(long received) =>
        ApiProblem.Create(409, "tip.upload_offset", "上传位置不一致", $"服务器已收到 {received} 字节，请从该处继续。",
            new Dictionary<string, object?> { ["offset"] = received });
}
