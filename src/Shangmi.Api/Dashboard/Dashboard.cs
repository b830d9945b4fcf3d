namespace Shangmi.Api.Dashboard;

/// <summary>
/// What needs attention now (工作台), for the signed-in staff member's roles: a section is null when the roles do not
/// open the list it counts. Surveys and the request ledger join as further sections.
/// </summary>
public sealed record StaffDashboard(
    DashboardTips? Tips, DashboardArticles? Articles, DashboardEvents? Events, DashboardEnterprises? Enterprises);

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
