using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Shangmi.Api.Common;

/// <summary>
/// The values a string query filter takes, for the contract. Such filters are bound as strings and read by
/// <see cref="EnumQuery"/> (for Chinese field errors instead of a bare 400), so the document would otherwise say "string".
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class QueryEnumAttribute : Attribute
{
    public QueryEnumAttribute(Type enumType) =>
        Values = Enum.GetNames(enumType).Select(name => char.ToLowerInvariant(name[0]) + name[1..]).ToArray();

    public QueryEnumAttribute(params string[] values) => Values = values;

    public IReadOnlyList<string> Values { get; }
}

internal sealed class QueryEnums : IParameterFilter
{
    public void Apply(IOpenApiParameter parameter, ParameterFilterContext context)
    {
        if (context.ParameterInfo?.GetCustomAttribute<QueryEnumAttribute>() is { } values
            && parameter is OpenApiParameter { Schema: OpenApiSchema schema })
        {
            schema.Enum = values.Values.Select(v => (JsonNode)JsonValue.Create(v)!).ToList();
        }
    }
}
