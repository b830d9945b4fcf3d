using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Shangmi.Api.Common.Problems;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Shangmi.Api.Common;

/// <summary>
/// Makes the document strict enough to build a client from: one <c>ApiProblem</c> schema (with the
/// <c>ApiProblemCode</c> enum) for every error response, and every field of a response schema <c>required</c>,
/// because the service always writes every field (nullable ones as <c>null</c>). Request schemas keep their
/// optional fields: the server answers a missing required one with a field error in Chinese.
/// </summary>
internal sealed class ContractSchemas : IDocumentFilter
{
    public const string ApiProblem = "ApiProblem";
    public const string ApiProblemCode = "ApiProblemCode";

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        var schemas = document.Components.Schemas;
        schemas[ApiProblemCode] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "稳定的错误代码，可据此分支处理；title 是可直接显示的中文。",
            Enum = ProblemCodes.All.Order(StringComparer.Ordinal).Select(code => (JsonNode)JsonValue.Create(code)!).ToList(),
        };
        schemas[ApiProblem] = Problem(document);

        var operations = document.Paths.Values.SelectMany(path => path.Operations?.Values.AsEnumerable() ?? []).ToList();
        // Bare 4xx/5xx results (TypedResults.NotFound()) leave through the status-code pages as problems too.
        foreach (var (status, response) in operations.SelectMany(o => o.Responses ?? []).Where(r => r.Value is OpenApiResponse))
        {
            if (status[0] is '4' or '5' && response is OpenApiResponse { Content: null or { Count: 0 } } bare)
            {
                bare.Content = new Dictionary<string, IOpenApiMediaType> { ["application/problem+json"] = new OpenApiMediaType() };
            }
        }

        foreach (var response in operations.SelectMany(o => o.Responses?.Values.AsEnumerable() ?? []).OfType<OpenApiResponse>())
        {
            foreach (var pair in response.Content ?? new Dictionary<string, IOpenApiMediaType>())
            {
                if (pair.Key == "application/problem+json" && pair.Value is OpenApiMediaType concrete)
                {
                    concrete.Schema = new OpenApiSchemaReference(ApiProblem, document);
                }
            }
        }

        schemas.Remove("ProblemDetails");
        schemas.Remove("HttpValidationProblemDetails");

        var inputs = new HashSet<string>();
        foreach (var media in operations.SelectMany(o => o.RequestBody?.Content?.Values.AsEnumerable() ?? []))
        {
            CollectReferences(media.Schema, schemas, inputs);
        }

        foreach (var (name, schema) in schemas)
        {
            if (!inputs.Contains(name) && name != ApiProblem && schema is OpenApiSchema { Properties.Count: > 0 } output)
            {
                output.Required = new HashSet<string>(output.Properties.Keys);
            }
        }
    }

    private static OpenApiSchema Problem(OpenApiDocument document) => new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 7807 application/problem+json：title 可直接显示；errors 为字段 → 中文提示；retryAfter 为几秒后再试。",
        Required = new HashSet<string> { "status", "title", "code", "traceId" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "简短中文，可直接显示" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = "更多中文说明" },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["code"] = new OpenApiSchemaReference(ApiProblemCode, document),
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "报障时提供" },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "validation.failed 时：字段名 → 中文提示",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
            ["retryAfter"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Integer, Format = "int32", Description = "429、423 与部分 503：几秒后再试（与 Retry-After 相同）",
            },
            ["offset"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Integer, Format = "int64",
                Description = "tip.upload_offset、tip.upload_incomplete：服务器已收到的字节数，从这里继续上传",
            },
            ["checkedInAt"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String, Format = "date-time", Description = "checkin.already：第一次签到的时间",
            },
            ["allowed"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array, Description = "service_request.action_not_allowed：当前状态允许的操作",
                Items = new OpenApiSchema { Type = JsonSchemaType.String },
            },
            ["rowErrors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array, Description = "import.rows_invalid：出错的行",
                Items = new OpenApiSchemaReference("ImportRowError", document),
            },
        },
    };

    private static void CollectReferences(IOpenApiSchema? schema, IDictionary<string, IOpenApiSchema> schemas, HashSet<string> found)
    {
        switch (schema)
        {
            case null:
                return;
            case OpenApiSchemaReference reference:
                if (reference.Reference.Id is { } id && found.Add(id) && schemas.TryGetValue(id, out var target))
                {
                    CollectReferences(target, schemas, found);
                }

                return;
        }

        foreach (var child in (schema.Properties?.Values.AsEnumerable() ?? []).Concat(schema.AllOf ?? []).Concat(schema.OneOf ?? [])
                     .Concat(schema.AnyOf ?? []).Append(schema.Items).Append(schema.AdditionalProperties))
        {
            CollectReferences(child, schemas, found);
        }
    }
}
