using Shangmi.Api.Common;

namespace Shangmi.Api.Events;

public static class EventsSetup
{
    public static IServiceCollection AddEvents(this IServiceCollection services)
    {
        services.AddSettings<EventOptions>("Events");
        services.AddSingleton<RegistrationQueue>();
        services.AddSingleton<EventStore>();
        services.AddSingleton<RegistrationStore>();
        services.AddSingleton<NotificationSender>();
        services.AddHostedService(provider => provider.GetRequiredService<NotificationSender>());
        services.AddHostedService<ContactRetention>();
        return services;
    }

    public static IEndpointRouteBuilder MapEventFeature(this IEndpointRouteBuilder app)
    {
        app.MapEvents();
        app.MapEventsAdmin();
        return app;
    }
}
