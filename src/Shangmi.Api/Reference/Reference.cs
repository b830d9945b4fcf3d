using Shangmi.Api.Common;

namespace Shangmi.Api.Reference;

/// <summary>
/// A reference list the mini-program's pickers and the enterprise profile use: districts, industry sections
/// (GB/T 4754-2017, with their letter as <c>code</c>), size bands and enterprise type tags.
/// </summary>
public sealed record ReferenceKind(string Route, string Table, string Singular, string Title, bool HasCode)
{
    public static readonly ReferenceKind Districts = new("districts", "districts", "District", "行政区", false);
    public static readonly ReferenceKind Industries = new("industries", "industries", "Industry", "行业门类", true);
    public static readonly ReferenceKind SizeBands = new("size-bands", "size_bands", "SizeBand", "企业规模", false);
    public static readonly ReferenceKind Tags = new("enterprise-tags", "enterprise_tags", "EnterpriseTag", "企业类型", false);

    public static readonly IReadOnlyList<ReferenceKind> All = [Districts, Industries, SizeBands, Tags];
}

/// <summary>One entry of a reference list. <c>code</c>: the industry section's letter (A–T); null for the other lists.</summary>
public sealed record ReferenceItem(long Id, string? Code, string Name, int SortOrder);

/// <summary>Add or edit an entry (admins). <c>code</c> only for industries.</summary>
public sealed record ReferenceItemRequest(string? Code, string? Name, int? SortOrder);

/// <summary>Every reference list at once, as the checks of an enterprise profile and of a roster import need them.</summary>
public sealed record ReferenceVocabulary(
    IReadOnlyList<ReferenceItem> Districts, IReadOnlyList<ReferenceItem> Industries, IReadOnlyList<ReferenceItem> SizeBands,
    IReadOnlyList<ReferenceItem> Tags)
{
    public static bool Has(IReadOnlyList<ReferenceItem> list, long? id) => id is null || list.Any(i => i.Id == id);

    /// <summary>An entry by its name, or for industries by its letter too (a roster may say "C" or "制造业").</summary>
    public static ReferenceItem? ByName(IReadOnlyList<ReferenceItem> list, string name) =>
        list.FirstOrDefault(i => i.Name == name || (i.Code is not null && string.Equals(i.Code, name, StringComparison.OrdinalIgnoreCase)));

    public string? NameOf(IReadOnlyList<ReferenceItem> list, long? id) => list.FirstOrDefault(i => i.Id == id)?.Name;
}

public static class ReferenceRules
{
    public static FieldErrors Check(ReferenceKind kind, ReferenceItemRequest r) =>
        new FieldErrors()
            .Check(r.Name.TrimToNull() is { Length: <= 64 } name && (kind.HasCode || name.Length <= 32), "name",
                kind.HasCode ? "请填写名称（不超过 64 字）" : "请填写名称（不超过 32 字）")
            .Check(!kind.HasCode || r.Code.TrimToNull() is { Length: <= 8 }, "code", "请填写代码（不超过 8 个字符）")
            .Check(kind.HasCode || r.Code.TrimToNull() is null, "code", "该列表没有代码")
            .Check(r.SortOrder is null or >= -1_000_000 and <= 1_000_000, "sortOrder", "排序须为 -1000000 到 1000000 的整数");
}
