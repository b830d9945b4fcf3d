using Microsoft.Extensions.Options;
using Shangmi.Api.Data;

namespace Shangmi.Api.Tips;

public static class TipsSetup
{
    public static IServiceCollection AddTips(this IServiceCollection services)
    {
        services.AddOptions<TipOptions>().BindConfiguration("Tips").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<TipOptions>, TipKeysValidator>();
        services.AddSingleton<TipCrypto>();
        services.AddSingleton<WorkCalendar>();
        services.AddSingleton<TipStore>();
        services.AddSingleton<TipEvidenceStore>();
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

/// <summary>Deletes closed tips and their evidence once the retention period has passed; hourly, safe on several instances.</summary>
public sealed class TipRetention(
    TipStore tips, TipEvidenceStore evidence, IOptions<TipOptions> options, TimeProvider time, ILogger<TipRetention> logger)
    : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override Task RunRoundAsync(CancellationToken ct) => PurgeAsync(ct);


    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        var cutoff = Time.GetUtcNow().UtcDateTime - options.Value.Retention;
        var purged = 0;
        while (await tips.PurgeClosedAsync(cutoff, 100, ct) is { Tips: > 0 } batch)
        {
            foreach (var key in batch.EvidenceKeys)
            {
                evidence.Delete(key);
            }

            purged += batch.Tips;
        }

        return purged;
    }

}
