using System.Globalization;
using System.Text.RegularExpressions;
using Shangmi.Api.Common;

namespace Shangmi.Api.Tips;

/// <summary>
/// Checks what reporters, officers and admins send, with the messages they see: one place per rule, so the handlers
/// in <c>TipsApi</c>, <c>TipUploadsApi</c>, <c>TipsOfficerApi</c> and <c>TipsAdminApi</c> only bind, check, do and
/// answer. Lengths count after trimming.
/// </summary>
public static partial class TipRules
{
    public const int MaxMessageLength = 5000;

    /// <summary>A tip as the reporter wrote it; on success the report and identity to seal.</summary>
    public static (FieldErrors Errors, TipReport? Report, TipIdentity? Identity) CheckSubmission(
        TipRequest request, IReadOnlySet<string> activeCategories, int maxDescription)
    {
        var identityPhone = request.Identity?.Phone is { Length: > 0 } phone ? PhoneNumbers.NormaliseMobileOrLandline(phone) : null;
        var errors = new FieldErrors()
            .Check(request.CategoryCode is not null && activeCategories.Contains(request.CategoryCode), "categoryCode", "请选择线索类别")
            .Check(request.TargetName.TrimToNull() is { Length: <= 100 }, "targetName", "请填写被举报的单位或个人（不超过 100 字）")
            .Check(request.TargetAddress.TrimmedLength() <= 200, "targetAddress", "地址不超过 200 字")
            .Check(request.Description.TrimToNull() is { Length: >= 20 } d && d.Length <= maxDescription, "description",
                $"请描述发生了什么（20 到 {maxDescription} 字），越具体越有助于核查")
            .Check(request.OccurredOn.TrimmedLength() <= 50, "occurredOn", "发生时间不超过 50 字")
            .Check(request.EstimatedLoss.TrimmedLength() <= 50, "estimatedLoss", "估计损失不超过 50 字")
            .Check(request.Truthful == true, "truthful", "请确认所举报的内容真实")
            .Check(request.Identity is null || request.Identity.Name.TrimToNull() is { Length: <= 32 }, "identity.name", "实名举报请填写姓名")
            .Check(request.Identity is null || identityPhone is not null, "identity.phone", "实名举报请填写正确的电话");
        if (errors.Any)
        {
            return (errors, null, null);
        }

        var report = new TipReport(request.TargetName.TrimToNull()!, request.TargetAddress.TrimToNull() ?? "",
            request.Description.TrimToNull()!, request.OccurredOn.TrimToNull() ?? "", request.EstimatedLoss.TrimToNull() ?? "",
            request.Insider ?? false);
        var identity = request.Identity is null ? null : new TipIdentity(request.Identity.Name.TrimToNull(), identityPhone);
        return (errors, report, identity);
    }

    /// <summary>A message between reporter and officer (the same rule both ways); null when it is missing or too long.</summary>
    public static FieldErrors CheckMessage(string? text, out string? trimmed)
    {
        trimmed = text.TrimToNull() is { Length: <= MaxMessageLength } t ? t : null;
        return new FieldErrors().Check(trimmed is not null, "text", $"请填写留言（不超过 {MaxMessageLength} 字）");
    }

    /// <summary>A resumable upload's name and size; on success the name without any folder.</summary>
    public static FieldErrors CheckUpload(TipUploadRequest request, long maxBytes, out string? name)
    {
        name = request.Name.TrimToNull() is { } n ? Path.GetFileName(n) : null;
        return new FieldErrors()
            .Check(request.Size is > 0 && request.Size <= maxBytes, "size", $"文件大小须在 1 字节到 {Megabytes(maxBytes)} MB 之间")
            .Check(name is { Length: > 0 and <= 200 }, "name", "请填写文件名（不超过 200 字）");
    }

    /// <summary>
    /// One piece of a resumable upload: where it starts and how long it is (its Content-Length). It must stay within
    /// the declared size, and every piece but the last is a whole number of chunks, so chunks never straddle pieces.
    /// </summary>
    public static FieldErrors CheckPiece(long? offset, long? length, long size)
    {
        var errors = new FieldErrors()
            .Check(offset is >= 0, "offset", "请在查询参数 offset 中给出这一段的起始字节位置")
            .Check(length is > 0, "Content-Length", "请发送这一段的字节内容（须带 Content-Length）");
        if (errors.Any)
        {
            return errors;
        }

        var end = offset!.Value + length!.Value;
        return errors.Check(end <= size, "Content-Length", $"超出了声明的文件大小 {size} 字节")
            .Check(end == size || length % EvidenceChunks.ChunkSize == 0, "Content-Length",
                $"除最后一段外，每段长度须为 {EvidenceChunks.ChunkSize} 字节的整数倍");
    }

    /// <summary>An officer's decision on a tip: where it goes and why.</summary>
    public static FieldErrors CheckTransition(TipTransitionRequest request, out string note)
    {
        note = request.Note?.Trim() ?? "";
        return new FieldErrors()
            .Check(request.To is not null, "to", "请选择处理结果")
            .Check(note.Length is > 0 and <= 2000, "note", "请填写处理说明（不超过 2000 字）");
    }

    /// <summary>What the officer must write before a recorded step (each step names its own message and limit).</summary>
    public static FieldErrors CheckReason(TipReasonRequest request, int maxLength, string message, out string reason)
    {
        reason = request.Reason?.Trim() ?? "";
        return new FieldErrors().Check(reason.Length > 0 && reason.Length <= maxLength, "reason", message);
    }

    /// <summary>A tip category as admins create or edit it, under the code in its route.</summary>
    public static FieldErrors CheckCategory(string code, TipCategoryRequest request) =>
        new FieldErrors()
            .Check(CategoryCode().IsMatch(code), "code", "类别代码须为 2–32 位小写字母、数字或下划线")
            .Check(request.Name?.Trim() is { Length: > 0 and <= 64 }, "name", "请填写类别名称（不超过 64 字）")
            .Check(request.Description.TrimmedLength() <= 300, "description", "说明不超过 300 字")
            .Check(request.SortOrder is null or >= 0 and <= 100_000, "sortOrder", "排序值须为 0 到 100000 的整数");

    /// <summary>The desk's "due soon" window: 1 to 30 working days (the longest deadline is two of 15).</summary>
    public static void CheckDueWithin(int? workingDays, FieldErrors errors) =>
        errors.Check(workingDays is null or (>= 1 and <= 30), "dueWithin", "到期工作日数须在 1 到 30 之间");

    /// <summary>The year of the working-day calendar to show.</summary>
    public static FieldErrors CheckYear(int year) =>
        new FieldErrors().Check(year is >= 2000 and <= 2100, "year", "年份须在 2000 到 2100 之间");

    /// <summary>A calendar date in the route, written yyyy-MM-dd.</summary>
    public static FieldErrors CheckDay(string day, out DateOnly date) =>
        new FieldErrors().Check(
            DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date), "day", "日期格式须为 yyyy-MM-dd");

    /// <summary>A date marked as a holiday or a working day: a date in the sane years, whether one works, a short note.</summary>
    public static FieldErrors CheckCalendarDay(string day, CalendarDayRequest request, out DateOnly date)
    {
        var errors = CheckDay(day, out date);
        return errors
            .CheckDate("day", errors.Any ? null : date)
            .Check(request.IsWorkday is not null, "isWorkday", "请说明这天是否上班")
            .Check(request.Note.TrimmedLength() <= 64, "note", "备注不超过 64 字");
    }

    /// <summary>Whole megabytes, as the limits are shown to users.</summary>
    public static long Megabytes(long bytes) => bytes / 1024 / 1024;

    [GeneratedRegex("^[a-z0-9_]{2,32}$")]
    private static partial Regex CategoryCode();
}
