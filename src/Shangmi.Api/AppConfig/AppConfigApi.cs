using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Shangmi.Api.Common;
using Shangmi.Api.Common.RateLimiting;
using Shangmi.Api.Events;
using Shangmi.Api.Tips;

namespace Shangmi.Api.AppConfig;

/// <summary><c>GET /api/v1/config</c>: the settings the app reads at start instead of hard-coding them.</summary>
public static class AppConfigApi
{
    /// <summary>Files above this size should go through the resumable upload: a 4G link rarely keeps one request alive longer.</summary>
    private const long ResumableAboveBytes = 10L * 1024 * 1024;

    public static RouteGroupBuilder MapAppConfig(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1");
        api.MapGet("/config", Get).WithTags("Config").WithName("GetAppConfig").AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.PublicRead)
            .WithSummary("Subscribe-template ids, evidence upload limits, the receipt format and the page paths the service links to.");
        return api;
    }

    private static Ok<AppConfig> Get(IOptions<EventOptions> events, IOptions<TipOptions> tips)
    {
        var templates = events.Value.SubscribeTemplates;
        string Template(string kind) => templates.TryGetValue(kind, out var id) ? id : "";
        var t = tips.Value;
        return TypedResults.Ok(new AppConfig(
            new SubscribeTemplates(Template("Confirmed"), Template("Promoted"), Template("EventCancelled"), Template("Reminder"),
                Template("ServiceRequest")),
            new EvidenceLimits(t.MaxAttachmentBytes, t.MaxAttachmentsPerTip, t.MaxEvidenceBytesPerTip, EvidenceKinds.AcceptedExtensions,
                Math.Min(ResumableAboveBytes, t.MaxAttachmentBytes)),
            new ReceiptFormat(TipsApi.ReceiptDigits, TipsApi.ReceiptGroupSize, TipsApi.ReceiptPattern, "1234 5678 9012 3456"),
            new MiniProgramPaths(MiniProgramPages.EventDetail, MiniProgramPages.EventIdParameter, MiniProgramPages.EventScenePrefix,
                MiniProgramPages.ServiceRequestDetail)));
    }
}
