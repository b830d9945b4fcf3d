namespace Shangmi.Api.Experts;

public static class ExpertsSetup
{
    public static IServiceCollection AddExperts(this IServiceCollection services) =>
        services.AddSingleton<ExpertStore>().AddSingleton<Data.IAfterMigration, DemoExpertSeeder>();

    public static IEndpointRouteBuilder MapExpertFeature(this IEndpointRouteBuilder app)
    {
        app.MapExperts();
        app.MapExpertsAdmin();
        return app;
    }
}
