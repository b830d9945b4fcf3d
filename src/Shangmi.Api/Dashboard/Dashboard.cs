namespace Shangmi.Api.Dashboard;

/// <summary>
/// What needs attention now (工作台), for the signed-in staff member's roles: a section is null when the roles do not
/// open the list it counts.
/// </summary>
public sealed record StaffDashboard(
    DashboardTips? Tips, DashboardArticles? Articles, DashboardEvents? Events, DashboardEnterprises? Enterprises, DashboardLedger? Ledger,
    DashboardSurveys? Surveys);

/// <summary>
/// Officers: open tips whose next deadline leaves at most <c>dueWithinWorkingDays</c> working days after today (0: due today),
/// and tips past it. The tip list filters the same way with <c>dueWithin</c> and <c>overdue=true</c>.
/// </summary>
public sealed record DashboardTips(int DueWithinWorkingDays, long DueSoon, long Overdue);

/// <summary>Editors: articles waiting for their publication time.</summary>
public sealed record DashboardArticles(long Scheduled);

/// <summary>Editors: registrations waiting for approval on published events, and the events with the most of them.</summary>
public sealed record DashboardEvents(long PendingRegistrations, IReadOnlyList<EventPending> TopEvents);

public sealed record EventPending(long Id, string Title, long Pending);

/// <summary>Enterprise services, within the staff member's district: claims to verify and name or code changes to decide.</summary>
public sealed record DashboardEnterprises(long PendingClaims, long PendingChanges);

/// <summary>
/// Service staff, within their district: requests still waiting for a first response past its deadline (the ledger's
/// <c>status=submitted&amp;overdue=true</c>: only acceptance, rejection or transfer leave 待受理, and each is a response),
/// and the three rates over the requests submitted since the first day of this month (the ledger's rates from
/// <c>monthFrom</c> to <c>asOf</c>, today in China).
/// </summary>
public sealed record DashboardLedger(long ResponseLate, DateOnly MonthFrom, DateOnly AsOf, Shangmi.Api.ServiceRequests.RateLine ThisMonth);

/// <summary>Analysts: the surveys open now, with their live response rate (submitted / audience now, 0..1; null for no audience).</summary>
public sealed record DashboardSurveys(IReadOnlyList<OpenSurvey> Open);

public sealed record OpenSurvey(long Id, string Title, DateTimeOffset ClosesAt, long Submitted, long Audience, decimal? ResponseRate);
