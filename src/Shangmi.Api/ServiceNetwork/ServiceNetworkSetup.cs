using Shangmi.Api.Data;

namespace Shangmi.Api.ServiceNetwork;

public static class ServiceNetworkSetup
{
    public static IServiceCollection AddServiceNetwork(this IServiceCollection services)
    {
        services.AddSingleton<NetworkStore>().AddSingleton<GuidanceStore>();
        services.AddSingleton<IAfterMigration, GuidanceSeeder>().AddSingleton<IAfterMigration, DemoNetworkSeeder>();
        return services;
    }

    public static IEndpointRouteBuilder MapServiceNetworkFeature(this IEndpointRouteBuilder app)
    {
        app.MapServiceNetwork();
        app.MapServiceNetworkAdmin();
        app.MapGuidanceAdmin();
        return app;
    }
}
