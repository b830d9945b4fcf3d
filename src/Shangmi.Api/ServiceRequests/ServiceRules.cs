using Shangmi.Api.Common;

namespace Shangmi.Api.ServiceRequests;

/// <summary>A request as it is written, checked and normalised.</summary>
public sealed record ServiceRequestWrite(
    ServiceKind Kind, string Subject, string Description, DateTime? PreferredAtUtc, IReadOnlyList<long> DocumentIds, ServiceContact? Contact)
{
    /// <summary>What a retry with the same Idempotency-Key must repeat: every field, documents in order.</summary>
    public byte[] Fingerprint() => System.Security.Cryptography.SHA256.HashData(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
        new { Kind, Subject, Description, PreferredAtUtc, DocumentIds = DocumentIds.Order().ToArray(), Contact }));
}

/// <summary>The checks of service requests, with the Chinese messages the mini-program and the console show.</summary>
public static class ServiceRules
{
    public const int MaxDescription = 2000;
    public const int MaxText = 2000;

    public static (FieldErrors Errors, ServiceRequestWrite? Request) CheckForm(ServiceRequestForm f, IReadOnlyCollection<long> knownDocuments,
        DateTimeOffset now)
    {
        var documents = (f.DocumentIds ?? []).Distinct().ToList();
        var phone = PhoneNumbers.NormaliseMobileOrLandline(f.ContactPhone);
        var errors = new FieldErrors();
        var kind = EnumQuery.Parse<ServiceKind>(f.Kind, "kind", errors);
        errors
            .Check(f.Kind.TrimToNull() is not null, "kind", "请选择诉求类型（consultation、visit、rights、documents、training）")
            .Check(f.Subject.TrimToNull() is { Length: <= 100 }, "subject", "请填写主题（不超过 100 字）")
            .Check(f.Description.TrimToNull() is { Length: <= MaxDescription }, "description", $"请填写诉求内容（不超过 {MaxDescription} 字）")
            .CheckDate("preferredAt", f.PreferredAt)
            .Check(f.PreferredAt is null || f.PreferredAt > now, "preferredAt", "期望时间须晚于现在")
            .Check(kind != ServiceKind.Visit || f.PreferredAt is not null, "preferredAt", "上门指导请填写期望的时间")
            .Check(kind == ServiceKind.Documents || documents.Count == 0, "documentIds", "只有资料申领需要选择资料")
            .Check(kind != ServiceKind.Documents || documents.Count > 0, "documentIds", "请选择要申领的资料")
            .Check(documents.Count <= 20 && documents.All(knownDocuments.Contains), "documentIds", "所选资料不存在")
            .Check(f.ContactName.TrimToNull() is null == f.ContactPhone.TrimToNull() is null, "contactName", "联系人和电话须同时填写，或都不填（使用认领时的联系人）")
            .Check(f.ContactName.TrimmedLength() <= 32, "contactName", "联系人不超过 32 字")
            .Check(f.ContactPhone.TrimToNull() is null || phone is not null, "contactPhone", "请填写正确的手机号或座机号（带区号）");
        return errors.Any
            ? (errors, null)
            : (errors, new ServiceRequestWrite(kind!.Value, f.Subject!.Trim(), f.Description!.Trim(), f.PreferredAt?.UtcDateTime, documents,
                phone is null ? null : new ServiceContact(f.ContactName!.Trim(), phone)));
    }

    public static FieldErrors CheckText(string? text, string field, string message, int max = MaxText) =>
        new FieldErrors().Check(text.TrimToNull() is { } t && t.Length <= max, field, $"{message}（不超过 {max} 字）");

    public static FieldErrors CheckFeedback(ServiceFeedbackRequest r) =>
        new FieldErrors()
            .Check(r.Solved is not null, "solved", "请确认问题是否已解决")
            .Check(r.Rating is >= 1 and <= 5, "rating", "请评分（1 到 5 分）")
            .Check(r.Comment.TrimmedLength() <= 500, "comment", "评价不超过 500 字");

    public static FieldErrors CheckVisit(VisitRequest r, DateTimeOffset now) =>
        new FieldErrors()
            .Check(r.At is not null, "at", "请填写上门时间")
            .CheckDate("at", r.At)
            .Check(r.At is null || r.At > now, "at", "上门时间须晚于现在")
            .Check(r.Place.TrimToNull() is { Length: <= 200 }, "place", "请填写上门地点（不超过 200 字）")
            .Check(r.Staff.TrimToNull() is { Length: <= 100 }, "staff", "请填写上门人员（不超过 100 字）");

    public static (FieldErrors Errors, TransferWrite? Transfer) CheckTransfer(TransferRequest r)
    {
        var errors = new FieldErrors();
        var to = EnumQuery.Parse<TransferTarget>(r.To, "to", errors);
        errors
            .Check(r.To.TrimToNull() is not null, "to", "请选择移送对象（enforcement、police、procuratorate、court）")
            .Check(r.Reason.TrimToNull() is { Length: <= 500 }, "reason", "请填写移送理由（不超过 500 字）")
            .Check(r.Reference.TrimToNull() is { Length: <= 64 }, "reference", "请填写移送文书编号（不超过 64 字）");
        return errors.Any ? (errors, null) : (errors, new TransferWrite(to!.Value, r.Reason!.Trim(), r.Reference!.Trim()));
    }

    /// <summary>The period of the rates and the ledger: China dates, both optional, from not after to.</summary>
    public static FieldErrors CheckPeriod(DateOnly? from, DateOnly? to) =>
        new FieldErrors()
            .CheckDate("from", from).CheckDate("to", to)
            .Check(from is null || to is null || from <= to, "to", "结束日期不能早于开始日期");
}
