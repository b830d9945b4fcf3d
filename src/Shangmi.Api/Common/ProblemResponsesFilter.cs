using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Shangmi.Api.Common;

/// <summary>
/// Documents what the framework answers around every handler: the bearer or receipt-code requirement with its
/// 401/403 or 404, 429 on rate-limited ones, the headers routes declare (<see cref="ContractMetadata"/>), and the one
/// <c>ApiProblem</c> shape of every error.
/// </summary>
internal sealed class ProblemResponsesFilter : IOperationFilter
{
    public const string BearerScheme = "Bearer";
    public const string ReceiptScheme = "ReceiptCode";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        operation.Responses ??= new OpenApiResponses();

        if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }];
            AddProblem(operation, context, "401", "未登录或登录已失效（auth.required）");
            AddProblem(operation, context, "403", "没有权限（auth.forbidden）");
        }

        if (metadata.OfType<ReceiptCodeAuth>().Any())
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ReceiptScheme, context.Document)] = [] }];
            AddProblem(operation, context, "404", "回执码不对（tip.not_found），无论原因都是同一个回答");
            AddProblem(operation, context, "429", "错误回执码过多（rate_limited），见 retryAfter");
        }

        if (metadata.OfType<EnableRateLimitingAttribute>().Any())
        {
            AddProblem(operation, context, "429", "请求过于频繁（rate_limited），见 retryAfter 与 Retry-After");
        }

        foreach (var header in metadata.OfType<RequestHeader>())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = header.Name,
                In = ParameterLocation.Header,
                Description = header.Description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = header.Format, Pattern = header.Pattern },
            });
        }

        foreach (var header in metadata.OfType<ResponseHeader>())
        {
            AddHeader(operation, header.Status.ToString(), header.Name, header.Description, header.Integer, required: true);
        }

        if (metadata.OfType<ResponseHeader>().Any(h => h.Name == "ETag"))
        {
            operation.Responses.TryAdd("304", new OpenApiResponse { Description = "未变化（If-None-Match 与 ETag 相同），无响应体" });
        }

        // Every 423 and 429 says when to come back; a 503 does when the service knows (tips.busy), not when WeChat is down.
        foreach (var status in new[] { "423", "429", "503" })
        {
            AddHeader(operation, status, "Retry-After", "几秒后再试；与响应体的 retryAfter 相同（wx.uploadFile 读不到响应头）", integer: true,
                required: status != "503");
        }

        AddProblem(operation, context, "default", "错误：application/problem+json（ApiProblem），含 code 与 traceId");
    }

    private static void AddHeader(OpenApiOperation operation, string status, string name, string description, bool integer, bool required)
    {
        if (operation.Responses!.TryGetValue(status, out var response) && response is OpenApiResponse concrete)
        {
            concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
            concrete.Headers[name] = new OpenApiHeader
            {
                Description = description,
                Required = required,
                Schema = new OpenApiSchema { Type = integer ? JsonSchemaType.Integer : JsonSchemaType.String },
            };
        }
    }

    private static void AddProblem(OpenApiOperation operation, OperationFilterContext context, string status, string description)
    {
        if (operation.Responses!.ContainsKey(status))
        {
            return;
        }

        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, IOpenApiMediaType>
            {
                ["application/problem+json"] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(ContractSchemas.ApiProblem, context.Document) },
            },
        };
    }
}
