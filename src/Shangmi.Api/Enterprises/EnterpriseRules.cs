using Microsoft.AspNetCore.Mvc;
using Shangmi.Api.Common;
using Shangmi.Api.Reference;
using Shangmi.Api.Tips;

namespace Shangmi.Api.Enterprises;

/// <summary>
/// A claim, sent as <c>multipart/form-data</c> (so <c>wx.uploadFile</c> can carry the proof). <c>creditCode</c>: the
/// 18-character unified social credit code (checksum verified; case and spaces ignored); <c>mobile</c>: mainland mobile,
/// +86 and separators allowed; <c>districtId</c> (required): from /api/v1/districts, where the enterprise is registered;
/// <c>proof</c>: optional business licence photo or authorisation letter, an image or a PDF (by content).
/// </summary>
public sealed class ClaimForm
{
    [FromForm(Name = "creditCode")] public string? CreditCode { get; init; }
    [FromForm(Name = "name")] public string? Name { get; init; }
    [FromForm(Name = "contactName")] public string? ContactName { get; init; }
    [FromForm(Name = "mobile")] public string? Mobile { get; init; }
    [FromForm(Name = "position")] public string? Position { get; init; }
    [FromForm(Name = "districtId")] public long? DistrictId { get; init; }
}

/// <summary>A claim as it is written, checked and normalised.</summary>
public sealed record ClaimWrite(string CreditCode, string Name, long DistrictId, ClaimContact Contact);

/// <summary>A profile as it is written, checked and normalised.</summary>
public sealed record ProfileWrite(
    string Name, string CreditCode, long? DistrictId, long? IndustryId, long? SizeBandId, IReadOnlyList<long> TagIds, string Address,
    int? Employees);

/// <summary>The checks of the enterprise side, with the Chinese messages the mini-program and the console show.</summary>
public static class EnterpriseRules
{
    public const int MaxNameLength = 100;
    private const string DistrictMissing = "请选择企业所在行政区";
    private const string CreditCodeMessage = "统一社会信用代码不正确（18 位，请核对最后一位校验码）";

    public static (FieldErrors Errors, ClaimWrite? Claim) CheckClaim(ClaimForm f, ReferenceVocabulary vocabulary)
    {
        var code = CreditCode.Normalise(f.CreditCode);
        var mobile = PhoneNumbers.NormaliseMobile(f.Mobile);
        var errors = new FieldErrors()
            .Check(code is not null, "creditCode", CreditCodeMessage)
            .CheckName("name", f.Name)
            .Check(f.ContactName.TrimToNull() is { Length: <= 32 }, "contactName", "请填写联系人（不超过 32 字）")
            .Check(mobile is not null, "mobile", "请填写正确的手机号")
            .Check(f.Position.TrimmedLength() <= 64, "position", "职务不超过 64 字")
            .CheckDistrict(f.DistrictId, vocabulary);
        return errors.Any
            ? (errors, null)
            : (errors, new ClaimWrite(code!, f.Name!.Trim(), f.DistrictId!.Value,
                new ClaimContact(f.ContactName!.Trim(), mobile!, f.Position.TrimToNull() ?? "")));
    }

    public static (FieldErrors Errors, ProfileWrite? Profile) CheckProfile(EnterpriseProfileRequest r, ReferenceVocabulary vocabulary)
    {
        var code = CreditCode.Normalise(r.CreditCode);
        var tags = (r.TagIds ?? []).Distinct().ToList();
        var errors = new FieldErrors()
            .CheckName("name", r.Name)
            .Check(code is not null, "creditCode", CreditCodeMessage)
            .Check(ReferenceVocabulary.Has(vocabulary.Districts, r.DistrictId), "districtId", "所选行政区不存在")
            .Check(ReferenceVocabulary.Has(vocabulary.Industries, r.IndustryId), "industryId", "所选行业不存在")
            .Check(ReferenceVocabulary.Has(vocabulary.SizeBands, r.SizeBandId), "sizeBandId", "所选企业规模不存在")
            .Check(tags.Count <= 20 && tags.All(t => ReferenceVocabulary.Has(vocabulary.Tags, t)), "tagIds", "所选企业类型不存在")
            .Check(r.Address.TrimmedLength() <= 200, "address", "地址不超过 200 字")
            .Check(r.Employees is null or >= 0 and <= 10_000_000, "employees", "从业人数须为 0 到 10000000 的整数");
        return errors.Any
            ? (errors, null)
            : (errors, new ProfileWrite(r.Name!.Trim(), code!, r.DistrictId, r.IndustryId, r.SizeBandId, tags,
                r.Address.TrimToNull() ?? "", r.Employees));
    }

    /// <summary>
    /// A member's edit is the whole form: a field left out would otherwise erase what the profile had. Tags may be an
    /// empty list and the address an empty string, but both must be sent.
    /// </summary>
    public static (FieldErrors Errors, ProfileWrite? Profile) CheckMemberProfile(EnterpriseProfileRequest r, ReferenceVocabulary vocabulary)
    {
        var (errors, profile) = CheckProfile(r, vocabulary);
        errors.Check(r.DistrictId is not null, "districtId", DistrictMissing)
            .Check(r.IndustryId is not null, "industryId", "请选择行业")
            .Check(r.SizeBandId is not null, "sizeBandId", "请选择企业规模")
            .Check(r.TagIds is not null, "tagIds", "请选择企业类型（可不选，但须提交）")
            .Check(r.Address is not null, "address", "请填写地址")
            .Check(r.Employees is not null, "employees", "请填写从业人数");
        return errors.Any ? (errors, null) : (errors, profile);
    }

    public static (FieldErrors Errors, string? Reason) CheckReason(ReasonRequest r)
    {
        var errors = new FieldErrors().Check(r.Reason.TrimToNull() is { Length: <= 200 }, "reason", "请填写理由（不超过 200 字）");
        return (errors, errors.Any ? null : r.Reason!.Trim());
    }

    public static FieldErrors CheckLiaisonPoint(LiaisonPointRequest r) =>
        new FieldErrors()
            .Check(r.Since is { Year: >= 2000 and <= 2100 }, "since", "请填写设立日期")
            .Check(r.LiaisonStaffId is not null, "liaisonStaffId", "请选择联络员");

    public static (FieldErrors Errors, Demonstration? Demonstration) CheckDemonstration(DemonstrationRequest r)
    {
        var errors = new FieldErrors()
            .Check(r.Year is >= 2000 and <= 2100, "year", "请填写评定年份")
            .Check(r.Text.TrimToNull() is { Length: <= 500 }, "text", "请填写示范做法简介（不超过 500 字）");
        return (errors, errors.Any ? null : new Demonstration(r.Year!.Value, r.Text!.Trim()));
    }

    /// <summary>A proof is an image or a PDF, by its first bytes (the kinds evidence recognises), never by its name.</summary>
    public static string? ProofContentType(ReadOnlySpan<byte> head) =>
        EvidenceKinds.Detect(head) is { } kind && (kind.ContentType.StartsWith("image/", StringComparison.Ordinal)
                                                   || kind.ContentType == "application/pdf")
            ? kind.ContentType
            : null;

    /// <summary>
    /// The district is required: it is whose staff see the claim, and the enterprise's district once the claim is
    /// verified; without one an enterprise is invisible to every district bureau.
    /// </summary>
    private static FieldErrors CheckDistrict(this FieldErrors errors, long? districtId, ReferenceVocabulary vocabulary) =>
        errors.Check(districtId is not null, "districtId", DistrictMissing)
            .Check(ReferenceVocabulary.Has(vocabulary.Districts, districtId), "districtId", "所选行政区不存在");

    private static FieldErrors CheckName(this FieldErrors errors, string field, string? name) =>
        errors.Check(name.TrimToNull() is { Length: <= MaxNameLength }, field, $"请填写企业名称（不超过 {MaxNameLength} 字）");
}
