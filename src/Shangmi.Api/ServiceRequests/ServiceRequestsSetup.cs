using Shangmi.Api.Common;

namespace Shangmi.Api.ServiceRequests;

public static class ServiceRequestsSetup
{
    public static IServiceCollection AddServiceRequests(this IServiceCollection services)
    {
        services.AddSettings<ServiceRequestOptions>("ServiceRequests");
        services.AddSingleton<ServiceSecrets>().AddSingleton<ServiceAttachmentFiles>().AddSingleton<ServiceRecords>();
        services.AddSingleton<ServiceRequestStore>().AddSingleton<LedgerStore>();
        services.AddSingleton<FeedbackWindow>().AddHostedService(provider => provider.GetRequiredService<FeedbackWindow>());
        return services;
    }

    public static IEndpointRouteBuilder MapServiceRequestFeature(this IEndpointRouteBuilder app)
    {
        app.MapServiceRequests();
        app.MapLedger();
        return app;
    }
}
