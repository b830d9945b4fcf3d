using System.Net.Mail;
using Shangmi.Api.Common;
using Shangmi.Api.Files;

namespace Shangmi.Api.Experts;

/// <summary>An expert as it is written, validated and normalised.</summary>
public sealed record ExpertWrite(
    string Name, string Title, string Organization, string Position, string Region, string Bio, string Achievements,
    string? PhotoUrl, bool IsPublic, int SortOrder, string? Phone, string? Email, string? Notes, IReadOnlyList<long> FieldIds);

/// <summary>Checks an expert (from the API or a spreadsheet row) with the messages editors see.</summary>
public static class ExpertRules
{
    /// <summary>Characters that separate several fields in one spreadsheet cell, so field names cannot hold them.</summary>
    public static readonly char[] FieldSeparators = [',', '，', '、', ';', '；', '|', '/'];

    /// <summary>A search of the directory (public or editors'): trimmed, or null for none.</summary>
    public static string? CheckQuery(string? q, FieldErrors errors)
    {
        errors.Check(q is null || q.Trim().Length <= 50, "q", "搜索词不超过 50 字");
        return string.IsNullOrWhiteSpace(q) ? null : q.Trim();
    }

    /// <summary>
    /// The public list's filters: a district, a search, and a field among <paramref name="fieldIds"/> (the fields
    /// there are; needed only with a <paramref name="fieldId"/>). Returns the district and the search, trimmed.
    /// </summary>
    public static (string? Region, string? Search) CheckPublicQuery(
        string? region, string? q, long? fieldId, IEnumerable<long>? fieldIds, FieldErrors errors)
    {
        errors.Check(region is null || region.Trim().Length is > 0 and <= 32, "region", "所在区 1 到 32 字");
        var search = CheckQuery(q, errors);
        errors.Check(fieldId is null || fieldIds?.Contains(fieldId.Value) == true, "fieldId", "专业领域不存在");
        return (region?.Trim(), search);
    }

    public static (FieldErrors Errors, ExpertWrite? Expert) Check(ExpertRequest request, ExpertVocabulary vocabulary)
    {
        var fields = vocabulary.Fields;
        var region = request.Region.TrimToNull();
        var names = (request.Fields ?? []).Select(f => f?.Trim() ?? "").Where(f => f.Length > 0).Distinct().ToList();
        var unknown = names.Where(n => !fields.ContainsKey(n)).ToList();
        var phone = request.Phone.TrimToNull();
        var normalisedPhone = PhoneNumbers.NormaliseMobileOrLandline(phone);
        var email = request.Email.TrimToNull();

        var errors = new FieldErrors()
            .Check(request.Name.TrimToNull() is { Length: <= 32 }, "name", "请填写姓名（不超过 32 字）")
            .Check(request.Organization.TrimToNull() is { Length: <= 100 }, "organization", "请填写工作单位（不超过 100 字）")
            .Check(request.Title.TrimmedLength() <= 64, "title", "职称不超过 64 字")
            .Check(request.Position.TrimmedLength() <= 64, "position", "职务不超过 64 字")
            .Check(region is null || vocabulary.Districts.Contains(region), "region", "所在区须为区县列表中的一项")
            .Check(request.Bio.TrimmedLength() <= 5000, "bio", "个人简介不超过 5000 字")
            .Check(request.Achievements.TrimmedLength() <= 5000, "achievements", "主要成果不超过 5000 字")
            .Check(request.Notes.TrimmedLength() <= 2000, "notes", "备注不超过 2000 字")
            .Check(unknown.Count == 0, "fields", $"专业领域不在列表中：{string.Join("、", unknown)}")
            .Check(names.Count <= 10, "fields", "专业领域不超过 10 个")
            .Check(request.SortOrder is null or >= 0 and <= 100_000, "sortOrder", "排序值须为 0 到 100000 的整数")
            .Check(request.PhotoUrl.TrimToNull() is null || FileKinds.IsOwnFileUrl(request.PhotoUrl, imageOnly: true), "photoUrl",
                "照片须为本站上传的图片（/files/…）")
            .Check(phone is null || normalisedPhone is not null, "phone", "电话须为手机号或带区号的固定电话")
            .Check(email is null || (email.Length <= 254 && MailAddress.TryCreate(email, out var parsed) && parsed.Address == email),
                "email", "邮箱格式不正确");
        if (errors.Any)
        {
            return (errors, null);
        }

        return (errors, new ExpertWrite(request.Name.TrimToNull()!, request.Title.TrimToNull() ?? "", request.Organization.TrimToNull()!,
            request.Position.TrimToNull() ?? "", region ?? "", request.Bio.TrimToNull() ?? "",
            request.Achievements.TrimToNull() ?? "", request.PhotoUrl.TrimToNull(), request.IsPublic ?? true, request.SortOrder ?? 0,
            normalisedPhone, email, request.Notes.TrimToNull(), names.Select(n => fields[n]).ToList()));
    }

    public static FieldErrors CheckField(ExpertFieldRequest request) =>
        new FieldErrors()
            .Check(request.Name?.Trim() is { Length: > 0 and <= 32 }, "name", "请填写领域名称（不超过 32 字）")
            .Check(request.Name is null || request.Name.IndexOfAny(FieldSeparators) < 0, "name",
                "领域名称不能包含逗号、顿号、分号或斜线")
            .Check(request.SortOrder is null or >= 0 and <= 100_000, "sortOrder", "排序值须为 0 到 100000 的整数");
}
