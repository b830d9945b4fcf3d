namespace Shangmi.Api.Common;

/// <summary>One page of a list: <c>{ items, page, pageSize, total }</c>.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total);

/// <summary>A validated <c>?page=&amp;pageSize=</c> pair (page ≥ 1, 1 ≤ pageSize ≤ 50; defaults 1 and 20).</summary>
public readonly record struct PageRequest(int Page, int PageSize)
{
    public const int MaxPageSize = 50;
    public const int DefaultPageSize = 20;

    public int Offset => (Page - 1) * PageSize;

    public static PageRequest From(int? page, int? pageSize, FieldErrors errors)
    {
        errors
            .Check(page is null or >= 1 and <= 100_000, "page", "页码须为不小于 1 的整数")
            .Check(pageSize is null or >= 1 and <= MaxPageSize, "pageSize", $"每页条数须在 1 到 {MaxPageSize} 之间");
        return new PageRequest(page ?? 1, pageSize ?? DefaultPageSize);
    }

    public Paged<T> Of<T>(IReadOnlyList<T> items, long total) => new(items, Page, PageSize, total);
}
