namespace Shangmi.Api.ServiceRequests;

/// <summary>
/// The rules of a request's life in one place, free of I/O: which actions each state allows, what the enterprise reads
/// for each state, and the definitions the ledger and the three rates (DOMAIN.md, 接诉即办) share, as SQL conditions on
/// <c>service_requests r</c> with the China date as <c>@today</c>. The ledger's flags and the rates' counts are the same
/// expressions, so they cannot disagree.
/// </summary>
public static class ServiceWorkflow
{
    private static readonly ServiceAction[] Open =
        [ServiceAction.Take, ServiceAction.Assign, ServiceAction.Note, ServiceAction.Message, ServiceAction.LinkTip];

    private static readonly Dictionary<ServiceStatus, ServiceAction[]> Actions = new()
    {
        [ServiceStatus.Submitted] = [.. Open, ServiceAction.Accept, ServiceAction.Reject, ServiceAction.Transfer],
        [ServiceStatus.Accepted] = [.. Open, ServiceAction.Schedule, ServiceAction.Resolve, ServiceAction.Transfer],
        [ServiceStatus.Scheduled] = [.. Open, ServiceAction.Schedule, ServiceAction.Resolve, ServiceAction.Transfer],
        [ServiceStatus.Resolved] = [ServiceAction.Note, ServiceAction.Message],
        [ServiceStatus.Closed] = [ServiceAction.Note],
        [ServiceStatus.Rejected] = [ServiceAction.Note],
        [ServiceStatus.Transferred] = [ServiceAction.Note],
    };

    /// <summary>The actions staff may take on a request of <paramref name="kind"/> in <paramref name="status"/>.</summary>
    public static IReadOnlyList<ServiceAction> Allowed(ServiceStatus status, ServiceKind kind) =>
        Actions[status].Where(a => a != ServiceAction.LinkTip || kind == ServiceKind.Rights).ToList();

    public static bool Allows(ServiceStatus status, ServiceKind kind, ServiceAction action) => Allowed(status, kind).Contains(action);

    /// <summary>The state an action moves a request to (null: it stays where it is).</summary>
    public static ServiceStatus? Target(ServiceAction action) => action switch
    {
        ServiceAction.Accept => ServiceStatus.Accepted,
        ServiceAction.Schedule => ServiceStatus.Scheduled,
        ServiceAction.Resolve => ServiceStatus.Resolved,
        ServiceAction.Reject => ServiceStatus.Rejected,
        ServiceAction.Transfer => ServiceStatus.Transferred,
        _ => null,
    };

    /// <summary>Accepting, rejecting with a reason or transferring is the first response the response rate counts.</summary>
    public static bool IsResponse(ServiceAction action) => action is ServiceAction.Accept or ServiceAction.Reject or ServiceAction.Transfer;

    /// <summary>Final states: the enterprise adds nothing more; staff may still note.</summary>
    public static bool IsFinal(ServiceStatus status) => status is ServiceStatus.Closed or ServiceStatus.Rejected or ServiceStatus.Transferred;

    /// <summary>What the enterprise reads for each state.</summary>
    public static string StatusText(ServiceStatus status) => status switch
    {
        ServiceStatus.Submitted => "已提交，等待受理",
        ServiceStatus.Accepted => "已受理，正在办理",
        ServiceStatus.Scheduled => "已安排上门服务",
        ServiceStatus.Resolved => "已办结，请确认是否解决并评价",
        ServiceStatus.Closed => "已关闭",
        ServiceStatus.Rejected => "不予受理",
        _ => "已移送有关部门",
    };

    public static string ActionName(ServiceAction action) => action switch
    {
        ServiceAction.Take => "领办",
        ServiceAction.Assign => "转派",
        ServiceAction.Accept => "受理",
        ServiceAction.Schedule => "安排上门",
        ServiceAction.Note => "内部备注",
        ServiceAction.Message => "留言",
        ServiceAction.Resolve => "办结",
        ServiceAction.Reject => "不予受理",
        ServiceAction.Transfer => "移送",
        _ => "关联线索",
    };

    public static string TargetName(TransferTarget target) => target switch
    {
        TransferTarget.Enforcement => "执法办案",
        TransferTarget.Police => "公安机关",
        TransferTarget.Procuratorate => "检察院",
        _ => "法院",
    };

    /// <summary>States in which the resolve deadline still runs.</summary>
    public const string OpenStatesSql = "('submitted', 'accepted', 'scheduled')";

    /// <summary>The China date of a stored UTC instant, in SQL (China keeps no summer time).</summary>
    private const string RespondedOn = "DATE(DATE_ADD(r.responded_at, INTERVAL 8 HOUR))";

    /// <summary>响应率 denominator: the response deadline has passed, answered or not.</summary>
    public const string ResponseDueSql = "(r.respond_due_on < @today)";

    /// <summary>响应率 numerator: among those, a first response came on or before the deadline.</summary>
    public const string RespondedInTimeSql = $"(r.respond_due_on < @today AND r.responded_at IS NOT NULL AND {RespondedOn} <= r.respond_due_on)";

    /// <summary>解决率 denominator: closed with the enterprise's feedback (a close without feedback counts in no rate).</summary>
    public const string FeedbackSql = "(r.feedback_at IS NOT NULL)";

    /// <summary>解决率 numerator: the enterprise confirmed it solved.</summary>
    public const string SolvedSql = "(r.feedback_at IS NOT NULL AND r.solved = 1)";

    /// <summary>满意率: all ratings, and those of 4 or 5.</summary>
    public const string RatedSql = "(r.rating IS NOT NULL)";

    public const string SatisfiedSql = "(r.rating >= 4)";

    /// <summary>Overdue: not responded past the response deadline, or still open past the resolve deadline.</summary>
    public const string OverdueSql =
        $"((r.responded_at IS NULL AND r.respond_due_on < @today) OR (r.status IN {OpenStatesSql} AND r.resolve_due_on < @today))";

    /// <summary>A rate in percent with one decimal; null when nothing is to be divided.</summary>
    public static double? Rate(long part, long whole) => whole == 0 ? null : Math.Round(100.0 * part / whole, 1);
}
