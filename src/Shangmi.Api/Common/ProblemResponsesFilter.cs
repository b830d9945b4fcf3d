using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Shangmi.Api.Common;

/// <summary>
/// Documents what the framework answers around every handler: the bearer requirement with its 401/403 on
/// protected routes, 429 on rate-limited ones, and problem+json as the shape of every other error.
/// </summary>
internal sealed class ProblemResponsesFilter : IOperationFilter
{
    public const string BearerScheme = "Bearer";

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

        if (metadata.OfType<EnableRateLimitingAttribute>().Any())
        {
            AddProblem(operation, context, "429", "请求过于频繁（rate_limited），见 Retry-After");
        }

        AddProblem(operation, context, "default", "错误：application/problem+json，含 code 与 traceId");
    }

    private static void AddProblem(OpenApiOperation operation, OperationFilterContext context, string status, string description)
    {
        if (operation.Responses!.ContainsKey(status))
        {
            return;
        }

        var schema = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository);
        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, IOpenApiMediaType> { ["application/problem+json"] = new OpenApiMediaType { Schema = schema } },
        };
    }
}
