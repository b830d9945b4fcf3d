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
            .WithSummary("The analysis report: responses and rate against the audience at closing; per indicator and per district, industry "
                         + "section and the city: sums, medians, weighted (Σ÷Σ) and mean rates, shares; readiness 0–8; choice counts and "
                         + "shares. Groups with fewer than Surveys:MinGroupSize respondents show no figures.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        report.MapGet("/report/cross", CrossAsync).WithName("SurveyCrossTable")
            .WithSummary("District × industry section for one measure (query `measure`), suppressed like the report.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        report.MapGet("/report/export", ExportAsync).WithName("ExportSurveyReport")
            .WithSummary("The report as .xlsx, one sheet per table (with a cross table per measure), with the same suppression.")
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
        [AsParameters] SurveyStaffServices services, CancellationToken ct) =>
        await BuildAsync(id, services, ct) is { } report ? TypedResults.Ok(report) : SurveysAdminApi.NotFound();

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

        if (await services.Surveys.FindAsync(id, ct) is not { } survey)
        {
            return SurveysAdminApi.NotFound();
        }

        return TypedResults.Ok(await services.Reports.CrossAsync(survey, parsed!.Value, await services.Reference.VocabularyAsync(ct),
            services.Options.Value.MinGroupSize, ct));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(long id,
        [AsParameters] SurveyStaffServices services, CancellationToken ct)
    {
        if (await services.Surveys.FindAsync(id, ct) is not { } survey)
        {
            return SurveysAdminApi.NotFound();
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

    private static async Task<SurveyReport?> BuildAsync(long id, SurveyStaffServices services, CancellationToken ct) =>
        await services.Surveys.FindAsync(id, ct) is { } survey
            ? await services.Reports.ReportAsync(survey, await services.Reference.VocabularyAsync(ct), services.Options.Value.MinGroupSize,
                services.Now, ct)
            : null;
}
