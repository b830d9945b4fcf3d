using Shangmi.Api.Common;

namespace Shangmi.Api.Enterprises;

public static class EnterprisesSetup
{
    public static IServiceCollection AddEnterprises(this IServiceCollection services)
    {
        services.AddSettings<EnterpriseOptions>("Enterprises");
        services.AddSingleton<ClaimSecrets>().AddSingleton<ClaimProofStore>();
        services.AddSingleton<ClaimStore>().AddSingleton<EnterpriseStore>().AddSingleton<ProfileStore>().AddSingleton<RosterStore>();
        services.AddSingleton<EnterpriseLog>();
        services.AddHostedService<ClaimRetention>();
        return services;
    }

    public static IEndpointRouteBuilder MapEnterpriseFeature(this IEndpointRouteBuilder app)
    {
        app.MapEnterprises();
        app.MapClaimsAdmin();
        app.MapEnterprisesAdmin();
        app.MapRoster();
        return app;
    }
}
