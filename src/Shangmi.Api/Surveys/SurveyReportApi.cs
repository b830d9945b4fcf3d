using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Shangmi.Api.Common;
using Shangmi.Api.Common.Problems;
using Shangmi.Api.Common.Spreadsheets;
using Shangmi.Api.Identity;

namespace Shangmi.Api.Surveys;

/// <summary>
/// The analysis report (analysts and admins): figures per district, industry section and city with small groups
/// suppressed, the cross table and the .xlsx; and, for admins only, the raw answers, every export recorded.
/// </summary>
public static class SurveyReportApi
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static RouteGroupBuilder MapSurveyReport(this IEndpointRouteBuilder app)
    {
        var report = app.MapGroup("/api/v1/admin/surveys/{id:long}").WithTags("Surveys (analysts)").RequireAuthorization(AuthPolicies.Analyst);
        report.MapGet("/report", ReportAsync).WithName("SurveyReport")
            .WithSummary("The analysis report, once the survey has closed (409 survey.report_not_ready before): responses and rate against the audience at closing; per indicator and per district, industry "
                         + "section and the city: sums, medians, weighted (Σ÷Σ) and mean rates, shares; readiness 0–8; choice counts and "
                         + "shares. Groups with fewer than Surveys:MinGroupSize respondents show no figures.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        report.MapGet("/report/cross", CrossAsync).WithName("SurveyCrossTable")
            .WithSummary("District × industry section for one measure (query `measure`), suppressed like the report; after closing only.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        report.MapGet("/report/export", ExportAsync).WithName("ExportSurveyReport")
            .WithSummary("The report as .xlsx, one sheet per table (with a cross table per measure), with the same suppression; after closing only.")
            .Produces(StatusCodes.Status200OK, contentType: Xlsx).ProducesProblem(StatusCodes.Status404NotFound);

        var raw = app.MapGroup("/api/v1/admin/surveys/{id:long}/answers").WithTags("Surveys (analysts)").RequireAuthorization(AuthPolicies.Admin);
        raw.MapGet("/export", RawExportAsync).WithName("ExportSurveyAnswers")
            .WithSummary("Admins only: every enterprise's answers, one row per enterprise, as .xlsx. Each export is recorded (who, rows, when).")
            .Produces(StatusCodes.Status200OK, contentType: Xlsx).ProducesProblem(StatusCodes.Status404NotFound);
        raw.MapGet("/exports", ExportRecordsAsync).WithName("SurveyAnswerExports")
            .WithSummary("Admins only: the record of raw-answer exports of this survey, newest first.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return report;
    }

    private static async Task<Results<Ok<SurveyReport>, ProblemHttpResult>> ReportAsync(long id,
        [AsParameters] SurveyStaffServices services, CancellationToken ct)
    {
        if (await ClosedSurveyAsync(id, services, ct) is not { } survey)
        {
            return await RefusedAsync(id, services, ct);
        }

        return TypedResults.Ok(await services.Reports.ReportAsync(survey, await services.Reference.VocabularyAsync(ct),
            services.Options.Value.MinGroupSize, services.Now, ct));
    }

    private static async Task<Results<Ok<CrossTable>, ValidationProblem, ProblemHttpResult>> CrossAsync(
        long id, [FromQuery(Name = "measure"), QueryEnum(typeof(SurveyMeasure))] string? measure,
        [AsParameters] SurveyStaffServices services, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var parsed = EnumQuery.Parse<SurveyMeasure>(measure, "measure", errors);
        errors.Check(!string.IsNullOrWhiteSpace(measure), "measure", "请选择指标");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (await ClosedSurveyAsync(id, services, ct) is not { } survey)
        {
            return await RefusedAsync(id, services, ct);
        }

        return TypedResults.Ok(await services.Reports.CrossAsync(survey, parsed!.Value, await services.Reference.VocabularyAsync(ct),
            services.Options.Value.MinGroupSize, ct));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(long id,
        [AsParameters] SurveyStaffServices services, CancellationToken ct)
    {
        if (await ClosedSurveyAsync(id, services, ct) is not { } survey)
        {
            return await RefusedAsync(id, services, ct);
        }

        var (report, crosses) = await services.Reports.WorkbookAsync(survey, await services.Reference.VocabularyAsync(ct),
            services.Options.Value.MinGroupSize, services.Now, ct);
        return TypedResults.File(SpreadsheetExport.WriteSheets(ReportSheets.Of(report, crosses)), Xlsx, $"survey-{id}-report.xlsx");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> RawExportAsync(long id, ClaimsPrincipal me,
        [AsParameters] SurveyStaffServices services, CancellationToken ct)
    {
        if (await services.Surveys.FindAsync(id, ct) is not { } survey)
        {
            return SurveysAdminApi.NotFound();
        }

        var rows = await services.Reports.RawAsync(id, await services.ScopeAsync(me, ct), me.StaffId(), services.Now, ct);
        return TypedResults.File(SpreadsheetExport.Write(ReportSheets.Raw(survey.Questions, rows)), Xlsx, $"survey-{id}-answers.xlsx");
    }

    private static async Task<Results<Ok<IReadOnlyList<AnswerExportRecord>>, ProblemHttpResult>> ExportRecordsAsync(long id,
        [AsParameters] SurveyStaffServices services, CancellationToken ct) =>
        await services.Surveys.FindAsync(id, ct) is null ? SurveysAdminApi.NotFound() : TypedResults.Ok(await services.Reports.ExportsAsync(id, ct));

    /// <summary>
    /// The survey when it has closed, else null. Figures appear only then: while responses still come in (or staff
    /// reopen one), two readings of the report a submission apart would give that one enterprise's numbers by
    /// subtraction, whatever the group sizes. After closing nothing can change: no answer, no reopening, no edit.
    /// </summary>
    private static async Task<SurveyRow?> ClosedSurveyAsync(long id, SurveyStaffServices services, CancellationToken ct) =>
        await services.Surveys.FindAsync(id, ct) is { } survey && survey.StatusAt(services.Now) == SurveyStatus.Closed ? survey : null;

    private static async Task<ProblemHttpResult> RefusedAsync(long id, SurveyStaffServices services, CancellationToken ct) =>
        await services.Surveys.FindAsync(id, ct) is null
            ? SurveysAdminApi.NotFound()
            : ApiProblem.Create(409, "survey.report_not_ready", "问卷结束后才能查看分析报告",
                "作答期间报告随每份答卷变化，前后两次报告相减即可得出单个企业的数字。进度请看答卷列表；可提前关闭问卷。");
}
