using Shangmi.Api.Common;

namespace Shangmi.Api.Tips;

/// <summary>
/// Checks what reporters and officers send, with the messages they see: one place per rule, so the handlers in
/// <c>TipsApi</c> and <c>TipsOfficerApi</c> only bind, check, do and answer. Lengths count after trimming.
/// </summary>
public static class TipRules
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
}
