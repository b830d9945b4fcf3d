using System.Security.Claims;
using Shangmi.Api.Identity;
using Shangmi.Api.Identity.Staff;

namespace Shangmi.Api.Dashboard;

/// <summary>The console's front page: every figure in one request, counted by the database in one batch.</summary>
public static class DashboardApi
{
    public static RouteGroupBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        var dashboard = app.MapGroup("/api/v1/admin/dashboard").WithTags("Staff dashboard").RequireAuthorization(AuthPolicies.Staff);
        dashboard.MapGet("/", GetAsync).WithName("StaffDashboard")
            .WithSummary("What needs attention now, by role: officers get tip deadlines, editors scheduled articles and pending registrations, service staff "
                         + "pending claims and changes, requests past their response deadline and this month's three rates, all in their district; "
                         + "analysts (and admins, who may read surveys too) the open surveys with their response rate. A section the roles do not open is null.");
        return dashboard;
    }

    private static async Task<Microsoft.AspNetCore.Http.HttpResults.Ok<StaffDashboard>> GetAsync(
        ClaimsPrincipal me, DashboardStore store, StaffDistricts districts, TimeProvider time, CancellationToken ct)
    {
        var service = me.IsInRole(AuthPolicies.Roles.Service);
        var wanted = new DashboardStore.Sections(me.IsInRole(AuthPolicies.Roles.Officer), me.IsInRole(AuthPolicies.Roles.Editor), service,
            AuthPolicies.StaffPolicies[AuthPolicies.Analyst].Any(me.IsInRole), service ? await districts.ScopeOfAsync(me.StaffId(), ct) : null);
        return TypedResults.Ok(await store.ReadAsync(wanted, time.GetUtcNow().UtcDateTime, ct));
    }
}
