using Shangmi.Api.Common;
using Shangmi.Api.Data;

namespace Shangmi.Api.Articles;

public static class ArticlesSetup
{
    public static IServiceCollection AddArticles(this IServiceCollection services)
    {
        services.AddSettings<ArticleOptions>("Articles");
        services.AddSingleton<ColumnStore>();
        services.AddSingleton<ArticleTotals>();
        services.AddSingleton<ArticleStore>();
        services.AddSingleton<ArticleViewCounter>();
        services.AddHostedService<ArticleViewFlusher>();
        services.AddSingleton<IAfterMigration, DemoArticleSeeder>();
        return services;
    }

    /// <summary>
    /// Counts views around the output cache, so answers served from the cache count too. Must run before
    /// <c>UseOutputCache</c>.
    /// </summary>
    public static IApplicationBuilder UseArticleViewCounting(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            await next(http);
            if (http.GetEndpoint()?.Metadata.GetMetadata<CountsArticleView>() is not null
                && http.Response.StatusCode is StatusCodes.Status200OK or StatusCodes.Status304NotModified
                && long.TryParse(http.Request.RouteValues["id"]?.ToString(), out var id))
            {
                http.RequestServices.GetRequiredService<ArticleViewCounter>().Add(id);
            }
        });

    public static IEndpointRouteBuilder MapArticleFeature(this IEndpointRouteBuilder app)
    {
        app.MapColumns();
        app.MapArticles();
        app.MapArticlesAdmin();
        return app;
    }
}
