namespace Shangmi.Api.AppConfig;

/// <summary>What the mini-program must know that lives in the service's configuration.</summary>
public sealed record AppConfig(
    SubscribeTemplates SubscribeTemplates, EvidenceLimits Evidence, ReceiptFormat Receipt, MiniProgramPaths Pages);

/// <summary>
/// Subscribe-message template ids to pass to <c>wx.requestSubscribeMessage</c> before registering (serviceRequest: before
/// submitting a service request, and on its page, to hear of its progress); an empty string
/// means that message is not configured (do not ask for it).
/// </summary>
public sealed record SubscribeTemplates(string Confirmed, string Promoted, string EventCancelled, string Reminder, string ServiceRequest);

/// <summary>
/// Evidence limits: bytes per file, files and bytes per tip, accepted extensions (the content decides, not the name),
/// and the size above which the resumable upload (<c>/tips/mine/uploads</c>) should be used.
/// </summary>
public sealed record EvidenceLimits(
    long MaxFileBytes, int MaxFilesPerTip, long MaxBytesPerTip, IReadOnlyList<string> AcceptedExtensions, long ResumableAboveBytes);

/// <summary>The receipt code: <c>digits</c> digits, shown in groups of <c>groupSize</c> separated by spaces.</summary>
public sealed record ReceiptFormat(int Digits, int GroupSize, string Pattern, string Example);

/// <summary>
/// Pages the service links to. A subscribe message opens <c>eventDetail</c> with <c>?id=&lt;id&gt;</c>
/// (<c>eventIdParameter</c>); a share code opens it with the scene <c>e=&lt;id&gt;</c> (<c>eventScenePrefix</c>, then the id),
/// which the page reads from <c>decodeURIComponent(options.scene)</c>. A service request's subscribe message opens
/// <c>serviceRequestDetail</c> with <c>?id=&lt;id&gt;</c>.
/// </summary>
public sealed record MiniProgramPaths(string EventDetail, string EventIdParameter, string EventScenePrefix, string ServiceRequestDetail);
