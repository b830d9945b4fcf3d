using System.Reflection;
using Microsoft.OpenApi;

namespace Shangmi.Api.Common;

public static class ApiDocument
{
    public const string Version = "v1";

    /// <summary>The OpenAPI document the mini-program contract is generated from (Swashbuckle).</summary>
    public static IServiceCollection AddApiDocument(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        return services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc(Version, new OpenApiInfo
            {
                Title = "Shangmi 商秘 API",
                Version = Version,
                Description = "商业秘密保护服务小程序后端：政策专栏、专家库、活动报名、匿名线索。"
                              + "错误一律为 application/problem+json，带稳定的 code 与 traceId。",
            });
            var xml = Path.Combine(AppContext.BaseDirectory, $"{Assembly.GetExecutingAssembly().GetName().Name}.xml");
            options.IncludeXmlComments(xml);
            options.SupportNonNullableReferenceTypes();
            options.AddSecurityDefinition(ProblemResponsesFilter.BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "小程序用户令牌来自 POST /api/v1/auth/wechat-login；员工令牌来自 POST /api/v1/admin/auth/login。",
            });
            options.AddSecurityDefinition(ProblemResponsesFilter.ReceiptScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = Tips.TipsApi.ReceiptHeader,
                Description = "匿名线索的回执码（16 位数字，可带空格或连字符）；见 GET /api/v1/config 的 receipt。",
            });
            options.OperationFilter<ProblemResponsesFilter>();
            options.ParameterFilter<QueryEnums>();
            options.ParameterFilter<PagingParameterLimits>();
            options.DocumentFilter<ContractSchemas>();
        });
    }

    /// <summary>Configuration key that serves Swagger UI and the document; unset means on in Development only.</summary>
    public const string EnabledKey = "ApiDocument:Enabled";

    /// <summary>
    /// Swagger UI at <c>/swagger</c>, the document at <c>/swagger/v1/swagger.json</c>, only when
    /// <c>ApiDocument:Enabled</c> (default: Development). A production service does not hand every visitor a map
    /// of its admin routes; the mini-program's developers use the committed contract instead.
    /// </summary>
    public static WebApplication UseApiDocument(this WebApplication app)
    {
        if (!IsEnabled(app.Configuration, app.Environment))
        {
            return app;
        }

        app.UseSwagger();
        app.UseSwaggerUI(options => options.DocumentTitle = "Shangmi 商秘 API");
        return app;
    }

    public static bool IsEnabled(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue<bool?>(EnabledKey) ?? environment.IsDevelopment();
}
