using Shangmi.Api.Common;
using Shangmi.Api.Data;

namespace Shangmi.Api.Surveys;

public static class SurveysSetup
{
    public static IServiceCollection AddSurveys(this IServiceCollection services)
    {
        services.AddSettings<SurveyOptions>("Surveys");
        services.AddSingleton<SurveySecrets>().AddSingleton<SurveyStore>().AddSingleton<ResponseStore>().AddSingleton<ReportStore>();
        services.AddSingleton<IAfterMigration, DemoSurveySeeder>();
        return services;
    }

    public static IEndpointRouteBuilder MapSurveyFeature(this IEndpointRouteBuilder app)
    {
        app.MapSurveys();
        app.MapSurveysAdmin();
        app.MapSurveyReport();
        return app;
    }
}
