namespace Shangmi.Api.Common;

/// <summary>
/// The mini-program pages the service links to. They must exist in the app's app.json; the app learns them from
/// <c>GET /api/v1/config</c>, so this is their one home.
/// </summary>
public static class MiniProgramPages
{
    /// <summary>An event's page. Subscribe messages open it with <c>?id=&lt;id&gt;</c>; share codes with the scene <c>e=&lt;id&gt;</c>.</summary>
    public const string EventDetail = "pages/event/detail";

    /// <summary>The query parameter of <see cref="EventDetail"/> that carries the event id in a subscribe message.</summary>
    public const string EventIdParameter = "id";

    /// <summary>What a share code's scene starts with, before the event id.</summary>
    public const string EventScenePrefix = "e=";

    /// <summary>Where a subscribe message about event <paramref name="eventId"/> opens.</summary>
    public static string EventDetailLink(long eventId) => $"{EventDetail}?{EventIdParameter}={eventId}";

    /// <summary>A service request's page in the enterprise's area; subscribe messages open it with <c>?id=&lt;id&gt;</c>.</summary>
    public const string ServiceRequestDetail = "pages/service/request";

    /// <summary>Where a subscribe message about service request <paramref name="requestId"/> opens.</summary>
    public static string ServiceRequestLink(long requestId) => $"{ServiceRequestDetail}?id={requestId}";

    /// <summary>The scene of an event's share code (WeChat allows 32 characters).</summary>
    public static string EventShareScene(long eventId) => $"{EventScenePrefix}{eventId}";
}
