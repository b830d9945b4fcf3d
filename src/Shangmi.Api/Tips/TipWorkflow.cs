using Shangmi.Api.Data;

namespace Shangmi.Api.Tips;

/// <summary>
/// The rules of a tip's life, in one place and free of I/O: which moves are allowed, which states are final, the
/// legal deadlines (《市场监督管理投诉举报处理暂行办法》) and when a tip is overdue. The SQL filter for "overdue" is
/// written from the same definition (<see cref="OverdueSql"/>), and a test proves the two agree.
/// </summary>
public static class TipWorkflow
{
    /// <summary>Working days to decide whether to accept a tip (Art 31), counted from the day after submission.</summary>
    public const int DecisionWorkingDays = 15;

    /// <summary>The one extension of the decision deadline, with a reason.</summary>
    public const int ExtensionWorkingDays = 15;

    /// <summary>Working days to tell a real-name reporter the decision, counted from the decision.</summary>
    public const int NotifyWorkingDays = 5;

    private static readonly Dictionary<TipStatus, TipStatus[]> Moves = new()
    {
        [TipStatus.Submitted] = [TipStatus.Accepted, TipStatus.Rejected],
        [TipStatus.Accepted] = [TipStatus.Investigating, TipStatus.Transferred, TipStatus.Closed],
        [TipStatus.Investigating] = [TipStatus.Transferred, TipStatus.Closed],
    };

    /// <summary>States a tip never leaves: the reporter can still read it, but adds nothing; retention runs from here.</summary>
    public static readonly IReadOnlyList<TipStatus> FinalStates =
        [TipStatus.Rejected, TipStatus.Transferred, TipStatus.Closed, TipStatus.Discarded];

    /// <summary><see cref="FinalStates"/> as stored in <c>tips.status</c>, for SQL parameters.</summary>
    public static readonly IReadOnlyList<string> FinalStatusValues = FinalStates.Select(s => s.ToDb()).ToArray();

    public static bool IsFinal(TipStatus status) => FinalStates.Contains(status);

    /// <summary>Whether an officer's transition may move a tip from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool CanMove(TipStatus from, TipStatus to) => MovesFrom(from).Contains(to);

    /// <summary>The states an officer may move a tip to from <paramref name="from"/> (the desk shows these buttons).</summary>
    public static IReadOnlyList<TipStatus> MovesFrom(TipStatus from) => Moves.TryGetValue(from, out var next) ? next : [];

    /// <summary>
    /// The one extension: before the decision, and while its deadline has not passed. A missed deadline stays missed
    /// (and overdue); it cannot be extended after the fact.
    /// </summary>
    public static bool CanExtend(TipDeadlines tip, bool extended, DateOnly today) =>
        !extended && tip.DecidedAt is null && tip.DecisionDueOn >= today;

    /// <summary>What an officer may do to the tip now, from the same rules the steps check.</summary>
    public static TipActions ActionsOf(TipStatus status, TipDeadlines tip, bool extended, DateOnly today) => new(
        MovesFrom(status), CanDiscard(status), CanExtend(tip, extended, today),
        tip.NotifyDueOn is not null && tip.NotifiedAt is null);

    /// <summary>Accepting or rejecting is the decision: it starts the deadline to tell a real-name reporter.</summary>
    public static bool IsDecision(TipStatus to) => to is TipStatus.Accepted or TipStatus.Rejected;

    /// <summary>
    /// Spam can be discarded (its evidence deleted at once) while the case is open, and after a rejection; a tip
    /// that was closed or transferred is a real case whose file stays until retention.
    /// </summary>
    public static bool CanDiscard(TipStatus from) => from is not (TipStatus.Discarded or TipStatus.Closed or TipStatus.Transferred);

    /// <summary>
    /// Overdue: past the decision deadline undecided, or past the deadline to tell a real-name reporter the decision.
    /// </summary>
    public static bool IsOverdue(TipDeadlines tip, DateOnly today) =>
        (tip.DecidedAt is null && tip.DecisionDueOn < today)
        || (tip.NotifyDueOn is { } notifyDue && tip.NotifiedAt is null && notifyDue < today);

    /// <summary><see cref="IsOverdue"/> as a condition on <c>tips t</c>, with the China date as <c>@today</c>.</summary>
    public const string OverdueSql = """
        ((t.decided_at IS NULL AND t.decision_due_on < @today)
         OR (t.notify_due_on IS NOT NULL AND t.notified_at IS NULL AND t.notify_due_on < @today))
        """;

    /// <summary>
    /// The deadline the case now runs against: the decision while undecided, then telling a real-name reporter until
    /// that is recorded; null when nothing is due. The desk shows it as days left or days overdue.
    /// </summary>
    public static DateOnly? NextDueOn(TipDeadlines tip) =>
        tip.DecidedAt is null ? tip.DecisionDueOn
        : tip.NotifyDueOn is { } notifyDue && tip.NotifiedAt is null ? notifyDue
        : null;

    /// <summary><see cref="NextDueOn"/> as an expression on <c>tips t</c> (NULL when nothing is due).</summary>
    public const string NextDueSql = """
        (CASE WHEN t.decided_at IS NULL THEN t.decision_due_on
              WHEN t.notify_due_on IS NOT NULL AND t.notified_at IS NULL THEN t.notify_due_on END)
        """;

    /// <summary>
    /// Due soon: not yet overdue, and the next deadline leaves at most N working days after today, i.e. falls on or
    /// before <c>@dueBy</c> (<see cref="WorkCalendar.DueBy"/>). A condition on <c>tips t</c> with <c>@today</c> and <c>@dueBy</c>.
    /// </summary>
    public const string DueSoonSql = $"({NextDueSql} BETWEEN @today AND @dueBy)";

    /// <summary>
    /// Where a case stands against its next deadline: working days left after today (0: due today) while it is not
    /// past, calendar days overdue once it is; both null when nothing is due.
    /// </summary>
    public static TipDue Due(TipDeadlines tip, DateOnly today, IReadOnlyDictionary<DateOnly, bool> calendar) =>
        NextDueOn(tip) switch
        {
            null => new TipDue(null, null, null),
            { } due when due < today => new TipDue(due, null, today.DayNumber - due.DayNumber),
            { } due => new TipDue(due, WorkCalendar.WorkingDaysAfter(today, due, calendar), null),
        };

    /// <summary>What the reporter reads for each state.</summary>
    public static string StatusText(TipStatus status) => status switch
    {
        TipStatus.Submitted => "已收到，等待核查",
        TipStatus.Accepted => "已受理",
        TipStatus.Rejected => "不予受理",
        TipStatus.Investigating => "正在调查",
        TipStatus.Transferred => "已移送有关部门",
        TipStatus.Discarded => "经核查为无效信息，不予处理",
        _ => "已办结",
    };
}

/// <summary>The dates the overdue rule reads.</summary>
public sealed record TipDeadlines(DateOnly DecisionDueOn, DateTimeOffset? DecidedAt, DateOnly? NotifyDueOn, DateTimeOffset? NotifiedAt);

/// <summary>
/// The next deadline of a case (<c>dueOn</c>: the decision, or telling a real-name reporter), with the working days
/// left after today (0: due today), or the calendar days past it. All null when nothing is due.
/// </summary>
public sealed record TipDue(DateOnly? DueOn, int? WorkingDaysLeft, int? DaysOverdue);

/// <summary>
/// What an officer may do to a tip now: <c>moves</c> (the transitions allowed from its state), <c>discard</c>,
/// <c>extend</c> (the one extension, before the decision) and <c>notify</c> (record telling a real-name reporter).
/// </summary>
public sealed record TipActions(IReadOnlyList<TipStatus> Moves, bool Discard, bool Extend, bool Notify);
