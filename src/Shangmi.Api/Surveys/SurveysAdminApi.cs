using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Shangmi.Api.Common;
using Shangmi.Api.Common.Problems;
using Shangmi.Api.Identity;
using Shangmi.Api.Identity.Staff;
using Shangmi.Api.Reference;

namespace Shangmi.Api.Surveys;

/// <summary>What the staff survey routes work with: the stores, reference data, the staff member's district scope, settings and the clock.</summary>
public sealed record SurveyStaffServices(
    SurveyStore Surveys, ResponseStore Responses, ReportStore Reports, ReferenceStore Reference, StaffDistricts Districts,
    IOptions<SurveyOptions> Options, TimeProvider Time)
{
    public Task<long?> ScopeAsync(ClaimsPrincipal me, CancellationToken ct) => Districts.ScopeOfAsync(me.StaffId(), ct);

    public DateTime Now => Time.GetUtcNow().UtcDateTime;
}

/// <summary>
/// Analysts (and admins) define surveys: settings and audience, the ordered questions (frozen after the first
/// answer), closing early and copying; they list the responses and reopen a submitted one.
/// </summary>
public static class SurveysAdminApi
{
    public static RouteGroupBuilder MapSurveysAdmin(this IEndpointRouteBuilder app)
    {
        var surveys = app.MapGroup("/api/v1/admin/surveys").WithTags("Surveys (analysts)").RequireAuthorization(AuthPolicies.Analyst);
        surveys.MapGet("/", ListAsync).WithName("AdminListSurveys")
            .WithSummary("Every survey, the standard one first, with its status and how many drafts and submissions it has.");
        surveys.MapPost("/", CreateAsync).WithName("CreateSurvey")
            .WithSummary("A new survey: title, intro, window (opensAt and closesAt, or neither for a draft), audience and the ordered questions.");
        surveys.MapGet("/{id:long}", GetAsync).WithName("AdminGetSurvey").WithSummary("A survey with its questions; frozen once answered.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        surveys.MapPut("/{id:long}", UpdateAsync).WithName("UpdateSurvey")
            .WithSummary("Change title, intro, window and audience (not of the standard survey, nor of a closed one: 409). Once answered, "
                         + "only title, intro and closing time (409 survey.frozen).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        surveys.MapPut("/{id:long}/questions", ReplaceQuestionsAsync).WithName("ReplaceSurveyQuestions")
            .WithSummary("Replace the whole ordered question list; refused (409 survey.frozen) once any enterprise has answered: close and copy instead.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        surveys.MapPost("/{id:long}/close", CloseAsync).WithName("CloseSurvey")
            .WithSummary("Close now; the audience is counted at this moment for the response rate.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        surveys.MapPost("/{id:long}/copy", CopyAsync).WithName("CopySurvey")
            .WithSummary("A new draft with the same title, intro, audience and questions (e.g. of the standard survey), without a window.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        surveys.MapGet("/{id:long}/responses", ResponsesAsync).WithName("AdminListSurveyResponses")
            .WithSummary("The responses (enterprise, draft or submitted, when), in my district for district staff; no answers.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        surveys.MapPost("/{id:long}/responses/{responseId:long}/reopen", ReopenAsync).WithName("ReopenSurveyResponse")
            .WithSummary("Send a submitted response back to draft while the survey is open, so the enterprise can correct it (recorded).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return surveys;
    }

    private static async Task<Results<Ok<Paged<SurveySummary>>, ValidationProblem>> ListAsync(
        [AsParameters] PaginationRequest pagination, SurveyStore surveys, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var page = pagination.Check(errors);
        return errors.Any ? errors.ToProblem() : TypedResults.Ok(await surveys.ListAsync(page, ct));
    }

    private static async Task<Results<Created<SurveyDetail>, ValidationProblem>> CreateAsync(
        CreateSurveyRequest request, ClaimsPrincipal me, [AsParameters] SurveyStaffServices services, CancellationToken ct)
    {
        var (errors, settings) = SurveyRules.CheckSettings(request.Settings, await services.Reference.VocabularyAsync(ct));
        var (_, questions) = SurveyRules.CheckQuestions(request.Questions, errors);
        if (settings is null || questions is null)
        {
            return errors.ToProblem();
        }

        var id = await services.Surveys.CreateAsync(settings, questions, me.StaffId(), services.Now, ct);
        return TypedResults.Created($"/api/v1/admin/surveys/{id}", await DetailAsync(id, services, ct));
    }

    private static async Task<Results<Ok<SurveyDetail>, ProblemHttpResult>> GetAsync(long id, [AsParameters] SurveyStaffServices services,
        CancellationToken ct) =>
        await services.Surveys.FindAsync(id, ct) is { } survey ? TypedResults.Ok(survey.ToDetail(services.Now)) : NotFound();

    private static async Task<Results<Ok<SurveyDetail>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        long id, SurveySettingsRequest request, [AsParameters] SurveyStaffServices services, CancellationToken ct)
    {
        var (errors, settings) = SurveyRules.CheckSettings(request, await services.Reference.VocabularyAsync(ct));
        return settings is null ? errors.ToProblem() : await EditedAsync(id, services, await services.Surveys.UpdateSettingsAsync(id, settings, services.Now, ct), ct);
    }

    private static async Task<Results<Ok<SurveyDetail>, ValidationProblem, ProblemHttpResult>> ReplaceQuestionsAsync(
        long id, SurveyQuestionsRequest request, [AsParameters] SurveyStaffServices services, CancellationToken ct)
    {
        var (errors, questions) = SurveyRules.CheckQuestions(request.Questions);
        return questions is null
            ? errors.ToProblem()
            : await EditedAsync(id, services, await services.Surveys.ReplaceQuestionsAsync(id, questions, services.Now, ct), ct);
    }

    private static async Task<Results<Ok<SurveyDetail>, ValidationProblem, ProblemHttpResult>> EditedAsync(
        long id, SurveyStaffServices services, SurveyStore.EditOutcome outcome, CancellationToken ct) => outcome switch
    {
        SurveyStore.EditOutcome.NotFound => NotFound(),
        SurveyStore.EditOutcome.Standard => Standard(),
        SurveyStore.EditOutcome.Closed => Closed(),
        SurveyStore.EditOutcome.Frozen => ApiProblem.Create(409, "survey.frozen", "已有企业作答，题目不能再修改",
            "答卷须与作答时的题目一致。请关闭本问卷，复制一份后修改。"),
        SurveyStore.EditOutcome.AudienceFixed => ApiProblem.Create(409, "survey.frozen", "已有企业作答，开始时间和调查对象不能再修改",
            "可以修改标题、说明和截止时间。"),
        _ => TypedResults.Ok(await DetailAsync(id, services, ct)),
    };

    private static async Task<Results<Ok<SurveyDetail>, ProblemHttpResult>> CloseAsync(long id, [AsParameters] SurveyStaffServices services,
        CancellationToken ct) => await services.Surveys.CloseAsync(id, services.Now, ct) switch
    {
        SurveyStore.CloseOutcome.NotFound => NotFound(),
        SurveyStore.CloseOutcome.Standard => Standard(),
        SurveyStore.CloseOutcome.AlreadyClosed => Closed(),
        _ => TypedResults.Ok(await DetailAsync(id, services, ct)),
    };

    private static async Task<Results<Created<SurveyDetail>, ProblemHttpResult>> CopyAsync(long id, ClaimsPrincipal me,
        [AsParameters] SurveyStaffServices services, CancellationToken ct) =>
        await services.Surveys.CopyAsync(id, me.StaffId(), services.Now, ct) is { } copy
            ? TypedResults.Created($"/api/v1/admin/surveys/{copy}", await DetailAsync(copy, services, ct))
            : NotFound();

    private static async Task<Results<Ok<Paged<StaffResponseSummary>>, ValidationProblem, ProblemHttpResult>> ResponsesAsync(
        long id, [AsParameters] PaginationRequest pagination, ClaimsPrincipal me, [AsParameters] SurveyStaffServices services, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var page = pagination.Check(errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return await services.Surveys.FindAsync(id, ct) is null
            ? NotFound()
            : TypedResults.Ok(await services.Responses.ListAsync(id, await services.ScopeAsync(me, ct), page, ct));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ReopenAsync(long id, long responseId, ClaimsPrincipal me,
        [AsParameters] SurveyStaffServices services, CancellationToken ct) =>
        await services.Responses.ReopenAsync(id, responseId, await services.ScopeAsync(me, ct), me.StaffId(), services.Now, ct) switch
        {
            ResponseStore.ReopenOutcome.NotFound => ApiProblem.Create(404, "survey_response.not_found", "找不到该答卷"),
            ResponseStore.ReopenOutcome.Closed => ApiProblem.Create(409, "survey.not_open", "问卷不在作答期内，不能退回答卷"),
            ResponseStore.ReopenOutcome.NotSubmitted => ApiProblem.Create(409, "survey_response.not_submitted", "该答卷尚未提交"),
            _ => TypedResults.NoContent(),
        };

    private static async Task<SurveyDetail> DetailAsync(long id, SurveyStaffServices services, CancellationToken ct) =>
        (await services.Surveys.FindAsync(id, ct))!.ToDetail(services.Now);

    internal static ProblemHttpResult NotFound() => ApiProblem.Create(404, "survey.not_found", "找不到该问卷");

    private static ProblemHttpResult Standard() =>
        ApiProblem.Create(409, "survey.standard", "标准问卷不能修改", "请复制标准问卷，在副本上设置作答时间和调查对象。");

    private static ProblemHttpResult Closed() => ApiProblem.Create(409, "survey.closed", "问卷已结束");
}
