using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Shangmi.Api.Common;
using Shangmi.Api.Common.Problems;
using Shangmi.Api.Identity;

namespace Shangmi.Api.Tips;

/// <summary>Admins keep the tip categories; officers and admins the working-day calendar.</summary>
public static class TipsAdminApi
{
    public static RouteGroupBuilder MapTipsAdmin(this IEndpointRouteBuilder app)
    {
        // One group per feature file (ARCHITECTURE.md); the sub-groups keep their own tags and policies.
        var api = app.MapGroup("/api/v1");
        var categories = api.MapGroup("/admin/tip-categories").WithTags("Tips (admins)").RequireAuthorization(AuthPolicies.Admin);
        categories.MapGet("/", async (TipCategoryStore tips, CancellationToken ct) => TypedResults.Ok(await tips.CategoriesAsync(false, ct)))
            .WithName("AdminListTipCategories").WithSummary("All tip categories, inactive ones included.");
        categories.MapPut("/{code}", SaveCategoryAsync).WithName("SaveTipCategory")
            .WithSummary("Create or edit a category; inactive ones leave the form but stay on old tips.");

        var calendar = api.MapGroup("/admin/work-calendar").WithTags("Working-day calendar (officers and admins)")
            .RequireAuthorization(AuthPolicies.Calendar);
        calendar.MapGet("/", CalendarAsync).WithName("WorkCalendar")
            .WithSummary("The dates of a year that differ from Monday-to-Friday: holidays and make-up working days (调休).");
        calendar.MapPut("/{day}", SetDayAsync).WithName("SetWorkCalendarDay").WithSummary("Mark a date as a holiday or a working day.");
        calendar.MapDelete("/{day}", RemoveDayAsync).WithName("RemoveWorkCalendarDay").WithSummary("Return a date to the weekly rule.");
        return api;
    }

    private static async Task<Results<Ok<TipCategory>, ValidationProblem>> SaveCategoryAsync(
        string code, TipCategoryRequest request, TipCategoryStore tips, CancellationToken ct)
    {
        if (TipRules.CheckCategory(code, request) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        var category = new TipCategory(code, request.Name!.Trim(), request.Description?.Trim() ?? "", request.SortOrder ?? 0,
            request.Active ?? true);
        await tips.SaveCategoryAsync(category, ct);
        return TypedResults.Ok(category);
    }

    private static async Task<Results<Ok<IReadOnlyList<WorkCalendar.Entry>>, ValidationProblem>> CalendarAsync(
        int? year, WorkCalendar calendar, TimeProvider time, CancellationToken ct)
    {
        var wanted = year ?? ChinaTime.ToChina(time.GetUtcNow()).Year;
        return TipRules.CheckYear(wanted) is { Any: true } errors
            ? errors.ToProblem()
            : TypedResults.Ok(await calendar.ListAsync(wanted, ct));
    }

    private static async Task<Results<NoContent, ValidationProblem>> SetDayAsync(
        string day, CalendarDayRequest request, WorkCalendar calendar, ClaimsPrincipal me, TimeProvider time, CancellationToken ct)
    {
        if (TipRules.CheckCalendarDay(day, request, out var date) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        await calendar.SetAsync(date, request.IsWorkday!.Value, request.Note?.Trim() ?? "", me.StaffId(), time.GetUtcNow().UtcDateTime, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> RemoveDayAsync(
        string day, WorkCalendar calendar, ClaimsPrincipal me, TimeProvider time, CancellationToken ct)
    {
        if (TipRules.CheckDay(day, out var date) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        return await calendar.RemoveAsync(date, me.StaffId(), time.GetUtcNow().UtcDateTime, ct)
            ? TypedResults.NoContent()
            : ApiProblem.Create(404, "calendar.not_found", "该日期没有特别安排");
    }

}
