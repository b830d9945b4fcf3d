using Microsoft.Extensions.Options;

namespace Shangmi.Api.Tips;

public static class TipsSetup
{
    public static IServiceCollection AddTips(this IServiceCollection services)
    {
        services.AddOptions<TipOptions>().BindConfiguration("Tips").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<TipOptions>, TipKeysValidator>();
        services.AddSingleton<TipCrypto>();
        services.AddSingleton<WorkCalendar>();
        services.AddSingleton<TipRecords>();
        services.AddSingleton<TipCategoryStore>();
        services.AddSingleton<ReporterTipStore>();
        services.AddSingleton<TipCaseStore>();
        services.AddSingleton<TipAuditLog>();
        services.AddSingleton<TipAttachmentStore>();
        services.AddSingleton<TipEvidenceStore>();
        services.AddSingleton<EvidenceDeletions>();
        services.AddSingleton<TipRetentionStore>();
        services.AddSingleton<LegacyReseal>();
        services.AddSingleton<ReceiptGuard>();
        services.AddHostedService<TipRetention>();
        return services;
    }

    public static IEndpointRouteBuilder MapTipFeature(this IEndpointRouteBuilder app)
    {
        app.MapTips();
        app.MapTipsOfficer();
        app.MapTipsAdmin();
        return app;
    }
}
