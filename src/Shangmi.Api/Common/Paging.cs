using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Shangmi.Api.Common;

/// <summary>One page of a list: <c>{ items, page, pageSize, total }</c>.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total);

/// <summary>A validated <c>?page=&amp;pageSize=</c> pair (page ≥ 1, 1 ≤ pageSize ≤ 50; defaults 1 and 20).</summary>
public readonly record struct PageRequest(int Page, int PageSize)
{
    public const int MaxPageSize = 50;
    public const int DefaultPageSize = 20;
    public const int MaxPage = 100_000;

    public int Offset => (Page - 1) * PageSize;

    public Paged<T> Of<T>(IReadOnlyList<T> items, long total) => new(items, Page, PageSize, total);
}

/// <summary>
/// The <c>?page=&amp;pageSize=</c> query parameters of every list, bound with <c>[AsParameters]</c> (as in eShop), so the
/// names, bounds and messages live here once. <see cref="Check"/> turns them into a <see cref="PageRequest"/>.
/// </summary>
public readonly record struct PaginationRequest
{
    [FromQuery(Name = "page")] public int? Page { get; init; }

    [FromQuery(Name = "pageSize")] public int? PageSize { get; init; }

    /// <summary>Adds a field error for each bound out of range; the defaults fill what was not given.</summary>
    public PageRequest Check(FieldErrors errors)
    {
        errors
            .Check(Page is null or >= 1 and <= PageRequest.MaxPage, "page", "页码须为不小于 1 的整数")
            .Check(PageSize is null or >= 1 and <= PageRequest.MaxPageSize, "pageSize",
                $"每页条数须在 1 到 {PageRequest.MaxPageSize} 之间");
        return new PageRequest(Page ?? 1, PageSize ?? PageRequest.DefaultPageSize);
    }
}

/// <summary>Publishes the paging limits of <see cref="PageRequest"/> on every <c>page</c> and <c>pageSize</c> query parameter.</summary>
internal sealed class PagingParameterLimits : IParameterFilter
{
    public void Apply(IOpenApiParameter parameter, ParameterFilterContext context)
    {
        if (parameter is not OpenApiParameter { In: ParameterLocation.Query, Schema: OpenApiSchema schema })
        {
            return;
        }

        (schema.Minimum, schema.Maximum) = parameter.Name switch
        {
            "page" => ("1", PageRequest.MaxPage.ToString(CultureInfo.InvariantCulture)),
            "pageSize" => ("1", PageRequest.MaxPageSize.ToString(CultureInfo.InvariantCulture)),
            _ => (schema.Minimum, schema.Maximum),
        };
    }
}
