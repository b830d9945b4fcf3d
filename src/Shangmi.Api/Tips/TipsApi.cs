using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Shangmi.Api.Common;
using Shangmi.Api.Common.Problems;
using Shangmi.Api.Common.RateLimiting;

namespace Shangmi.Api.Tips;

/// <summary>
/// The whistleblower's routes. They take no login and read nothing about the caller: no token, no address (beyond
/// the in-memory rate limits), no device data. A wrong receipt code always gets the same 404.
/// </summary>
public static partial class TipsApi
{
    public const string ReceiptHeader = "X-Receipt-Code";

    public static IEndpointRouteBuilder MapTips(this IEndpointRouteBuilder app)
    {
        var maxBytes = app.ServiceProvider.GetRequiredService<IOptions<TipOptions>>().Value.MaxAttachmentBytes;
        app.MapGet("/api/v1/tip-categories", CategoriesAsync).WithTags("Tips").WithName("ListTipCategories")
            .WithSummary("Categories of infringement for the tip form (Article 9 of the Anti-Unfair Competition Law).")
            .RequireRateLimiting(RateLimitPolicies.PublicRead);

        var tips = app.MapGroup("/api/v1/tips").WithTags("Tips").AllowAnonymous();
        tips.MapPost("/", SubmitAsync).WithName("SubmitTip").RequireRateLimiting(RateLimitPolicies.TipSubmit)
            .WithSummary("Submit an anonymous tip; the answer's receiptCode is shown once and never stored. An Idempotency-Key "
                         + "(UUID) makes a retry return the same receipt.");
        tips.MapGet("/mine", MineAsync).WithName("MyTip")
            .WithSummary("Status, timeline, messages and evidence list of the tip whose receipt code is in X-Receipt-Code.");
        tips.MapPost("/mine/messages", MessageAsync).WithName("MyTipMessage").WithSummary("Write to the case officer.");
        tips.MapPost("/mine/attachments", AttachAsync).WithName("MyTipAttachment")
            .WithSummary("Add evidence (multipart/form-data, field `file`): photos, PDF, Office documents, audio, video; "
                         + "checked by content, encrypted as it streams in.")
            .Accepts<IFormFile>("multipart/form-data")
            .WithMetadata(new RequestSizeLimitAttribute(maxBytes + 1024 * 1024))
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<TipCategory>>> CategoriesAsync(TipStore tips, CancellationToken ct) =>
        TypedResults.Ok(await tips.CategoriesAsync(activeOnly: true, ct));

    private static async Task<Results<Created<TipReceipt>, Ok<TipReceipt>, ValidationProblem>> SubmitAsync(
        TipRequest request, HttpRequest http, TipStore tips, IOptions<TipOptions> options, TimeProvider time, CancellationToken ct)
    {
        var key = http.Headers["Idempotency-Key"].ToString();
        var categories = (await tips.CategoriesAsync(activeOnly: true, ct)).Select(c => c.Code).ToHashSet();
        var max = options.Value.MaxDescriptionLength;
        var identityPhone = request.Identity?.Phone is { Length: > 0 } phone ? PhoneNumbers.NormaliseMobileOrLandline(phone) : null;
        var errors = new FieldErrors()
            .Check(request.CategoryCode is not null && categories.Contains(request.CategoryCode), "categoryCode", "请选择线索类别")
            .Check(request.TargetName.TrimToNull() is { Length: <= 100 }, "targetName", "请填写被举报的单位或个人（不超过 100 字）")
            .Check(request.TargetAddress.TrimmedLength() <= 200, "targetAddress", "地址不超过 200 字")
            .Check(request.Description.TrimToNull() is { Length: >= 20 } d && d.Length <= max, "description",
                $"请描述发生了什么（20 到 {max} 字），越具体越有助于核查")
            .Check(request.OccurredOn.TrimmedLength() <= 50, "occurredOn", "发生时间不超过 50 字")
            .Check(request.EstimatedLoss.TrimmedLength() <= 50, "estimatedLoss", "估计损失不超过 50 字")
            .Check(request.Truthful == true, "truthful", "请确认所举报的内容真实")
            .Check(request.Identity is null || request.Identity.Name.TrimToNull() is { Length: <= 32 }, "identity.name", "实名举报请填写姓名")
            .Check(request.Identity is null || identityPhone is not null, "identity.phone", "实名举报请填写正确的电话")
            .Check(key.Length == 0 || Guid.TryParse(key, out _), "Idempotency-Key", "Idempotency-Key 须为 UUID");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var report = new TipReport(request.TargetName.TrimToNull()!, request.TargetAddress.TrimToNull() ?? "", request.Description.TrimToNull()!,
            request.OccurredOn.TrimToNull() ?? "", request.EstimatedLoss.TrimToNull() ?? "", request.Insider ?? false);
        var identity = request.Identity is null ? null : new TipIdentity(request.Identity.Name.TrimToNull(), identityPhone);
        var now = time.GetUtcNow().UtcDateTime;
        var (receipt, submittedAt, repeated) = await tips.SubmitAsync(request.CategoryCode!, report, identity,
            key.Length > 0 ? Guid.Parse(key).ToString() : null, now, ct);
        var answer = new TipReceipt(Grouped(receipt), Data.DbTime.FromUtc(submittedAt));
        return repeated ? TypedResults.Ok(answer) : TypedResults.Created("/api/v1/tips/mine", answer);
    }

    private static async Task<Results<Ok<MyTip>, ProblemHttpResult>> MineAsync(
        HttpContext http, TipStore tips, ReceiptGuard guard, CancellationToken ct)
    {
        var (tipId, refusal) = await ResolveAsync(http, tips, guard, ct);
        return refusal ?? (Results<Ok<MyTip>, ProblemHttpResult>)TypedResults.Ok(await tips.MyTipAsync(tipId, ct));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> MessageAsync(
        TipMessageRequest request, HttpContext http, TipStore tips, ReceiptGuard guard, TimeProvider time, CancellationToken ct)
    {
        var (tipId, refusal) = await ResolveAsync(http, tips, guard, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        if (request.Text.TrimToNull() is not { Length: <= 5000 } text)
        {
            return new FieldErrors().Add("text", "请填写留言（不超过 5000 字）").ToProblem();
        }

        await tips.AddMessageAsync(tipId, null, text, time.GetUtcNow().UtcDateTime, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Created<TipAttachmentInfo>, ValidationProblem, ProblemHttpResult>> AttachAsync(
        HttpContext http, TipStore tips, ReceiptGuard guard, TipCrypto crypto, TipEvidenceStore evidence,
        IOptions<TipOptions> options, TimeProvider time, CancellationToken ct)
    {
        var (tipId, refusal) = await ResolveAsync(http, tips, guard, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        if (await tips.AttachmentCountAsync(tipId, ct) >= options.Value.MaxAttachmentsPerTip)
        {
            return ApiProblem.Create(409, "tip.attachments_full", "证据数量已达上限",
                $"每条线索最多 {options.Value.MaxAttachmentsPerTip} 个文件。");
        }

        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            return ApiProblem.Create(415, "request.unsupported_media_type", "不支持的内容类型", "请以 multipart/form-data 上传，文件字段名为 file。");
        }

        // Read the multipart body by hand: the framework's form binding would spool the plaintext to a temp file.
        var reader = new MultipartReader(boundary, http.Request.Body);
        try
        {
            return await ReadEvidenceAsync(reader, tipId, tips, crypto, evidence, options.Value, time, ct);
        }
        catch (LimitedStream.BrokenUploadException)
        {
            return ApiProblem.Create(400, "request.invalid", "上传内容格式不正确", "上传中断或格式有误，请重新选择文件上传。");
        }
    }

    private static async Task<Results<Created<TipAttachmentInfo>, ValidationProblem, ProblemHttpResult>> ReadEvidenceAsync(
        MultipartReader reader, long tipId, TipStore tips, TipCrypto crypto, TipEvidenceStore evidence, TipOptions options,
        TimeProvider time, CancellationToken ct)
    {
        while (await LimitedStream.Guard(() => reader.ReadNextSectionAsync(ct)) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || !disposition.IsFileDisposition() || disposition.Name.Value?.Trim('"') != "file")
            {
                continue;
            }

            var head = new byte[EvidenceKinds.SniffLength];
            var read = await LimitedStream.Guard(() => section.Body.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct).AsTask());
            if (EvidenceKinds.Detect(head.AsSpan(0, read)) is not { } kind)
            {
                return new FieldErrors().Add("file", "只能上传照片、PDF、Office 文档、音频或视频（按文件内容判断）").ToProblem();
            }

            var name = Path.GetFileName((disposition.FileNameStar.Value ?? disposition.FileName.Value ?? "证据").Trim('"'));
            var storageKey = TipEvidenceStore.NewKey();
            var keyId = crypto.ActiveKeyId;
            long size;
            try
            {
                var source = new LimitedStream(head.AsMemory(0, read), section.Body, options.MaxAttachmentBytes);
                size = await evidence.SaveAsync(storageKey, file => TipCrypto.Chunked.EncryptAsync(crypto.KeyFor(keyId), source, file, ct));
            }
            catch (LimitedStream.TooLargeException)
            {
                return ApiProblem.Create(413, "tip.attachment_too_large", "文件过大",
                    $"单个文件不超过 {options.MaxAttachmentBytes / 1024 / 1024} MB。");
            }

            var now = time.GetUtcNow().UtcDateTime;
            var id = await tips.AddAttachmentAsync(tipId, storageKey, keyId, kind, size, name.Length > 200 ? name[..200] : name, now, ct);
            return TypedResults.Created("/api/v1/tips/mine", new TipAttachmentInfo(id, name, kind, size, Data.DbTime.FromUtc(now)));
        }

        return new FieldErrors().Add("file", "请选择要上传的文件").ToProblem();
    }

    /// <summary>The tip of the receipt code in the header, or the refusal: 429 after too many wrong codes, else one 404.</summary>
    private static async Task<(long TipId, ProblemHttpResult? Refusal)> ResolveAsync(
        HttpContext http, TipStore tips, ReceiptGuard guard, CancellationToken ct)
    {
        if (guard.BlockedFor(http) is { } wait)
        {
            return (0, ApiProblem.RetryLater(http, wait, 429, "rate_limited", "尝试次数过多，请稍后再试", s => $"请在 {s} 秒后重试。"));
        }

        var digits = NonDigits().Replace(http.Request.Headers[ReceiptHeader].ToString(), "");
        if (digits.Length == 16 && await tips.FindByReceiptAsync(digits, ct) is { } tipId)
        {
            return (tipId, null);
        }

        guard.CountWrongCode(http);
        return (0, ApiProblem.Create(404, "tip.not_found", "找不到对应的线索", "请核对回执码。"));
    }

    private static string Grouped(string digits) => string.Join(' ', Enumerable.Range(0, 4).Select(i => digits.Substring(i * 4, 4)));

    [GeneratedRegex(@"[\s\-]")]
    private static partial Regex NonDigits();
}

/// <summary>A read-only stream of a prefix already read, then the rest; refuses to go past a limit.</summary>
internal sealed class LimitedStream(ReadOnlyMemory<byte> prefix, Stream rest, long limit) : Stream
{
    private ReadOnlyMemory<byte> _prefix = prefix;
    private long _total;

    public sealed class TooLargeException() : Exception("evidence file too large");

    /// <summary>The client's multipart body broke off or does not parse: its fault, a 400, not a server failure.</summary>
    public sealed class BrokenUploadException(Exception inner) : Exception("upload broken", inner);

    /// <summary>Runs a read of the request body, turning its parse and transport failures into <see cref="BrokenUploadException"/>.</summary>
    public static async Task<T> Guard<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw new BrokenUploadException(e);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        int read;
        if (!_prefix.IsEmpty)
        {
            read = Math.Min(buffer.Length, _prefix.Length);
            _prefix[..read].CopyTo(buffer);
            _prefix = _prefix[read..];
        }
        else
        {
            read = await Guard(() => rest.ReadAsync(buffer, ct).AsTask());
        }

        _total += read;
        return _total > limit ? throw new TooLargeException() : read;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _total; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
