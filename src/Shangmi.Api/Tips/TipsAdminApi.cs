using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Shangmi.Api.Common;
using Shangmi.Api.Common.Problems;
using Shangmi.Api.Identity;

namespace Shangmi.Api.Tips;

/// <summary>Admins keep the tip categories and the working-day calendar.</summary>
public static partial class TipsAdminApi
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

        var calendar = api.MapGroup("/admin/work-calendar").WithTags("Tips (admins)").RequireAuthorization(AuthPolicies.Admin);
        calendar.MapGet("/", CalendarAsync).WithName("WorkCalendar")
            .WithSummary("The dates of a year that differ from Monday-to-Friday: holidays and make-up working days (调休).");
        calendar.MapPut("/{day}", SetDayAsync).WithName("SetWorkCalendarDay").WithSummary("Mark a date as a holiday or a working day.");
        calendar.MapDelete("/{day}", RemoveDayAsync).WithName("RemoveWorkCalendarDay").WithSummary("Return a date to the weekly rule.");
        return api;
    }

    private static async Task<Results<Ok<TipCategory>, ValidationProblem>> SaveCategoryAsync(
        string code, TipCategoryRequest request, TipCategoryStore tips, CancellationToken ct)
    {
        var errors = new FieldErrors()
            .Check(CategoryCode().IsMatch(code), "code", "类别代码须为 2–32 位小写字母、数字或下划线")
            .Check(request.Name?.Trim() is { Length: > 0 and <= 64 }, "name", "请填写类别名称（不超过 64 字）")
            .Check(request.Description.TrimmedLength() <= 300, "description", "说明不超过 300 字")
            .Check(request.SortOrder is null or >= 0 and <= 100_000, "sortOrder", "排序值须为 0 到 100000 的整数");
        if (errors.Any)
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
        return wanted is < 2000 or > 2100
            ? new FieldErrors().Add("year", "年份须在 2000 到 2100 之间").ToProblem()
            : TypedResults.Ok(await calendar.ListAsync(wanted, ct));
    }

    private static async Task<Results<NoContent, ValidationProblem>> SetDayAsync(
        string day, CalendarDayRequest request, WorkCalendar calendar, CancellationToken ct)
    {
        var parsed = TryDay(day, out var date);
        var errors = new FieldErrors()
            .Check(parsed, "day", "日期格式须为 yyyy-MM-dd")
            .CheckDate("day", parsed ? date : null)
            .Check(request.IsWorkday is not null, "isWorkday", "请说明这天是否上班")
            .Check(request.Note.TrimmedLength() <= 64, "note", "备注不超过 64 字");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        await calendar.SetAsync(date, request.IsWorkday!.Value, request.Note?.Trim() ?? "", ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> RemoveDayAsync(
        string day, WorkCalendar calendar, CancellationToken ct)
    {
        if (!TryDay(day, out var date))
        {
            return new FieldErrors().Add("day", "日期格式须为 yyyy-MM-dd").ToProblem();
        }

        return await calendar.RemoveAsync(date, ct)
            ? TypedResults.NoContent()
            : ApiProblem.Create(404, "calendar.not_found", "该日期没有特别安排");
    }

    private static bool TryDay(string text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    [GeneratedRegex("^[a-z0-9_]{2,32}$")]
    private static partial Regex CategoryCode();
}
