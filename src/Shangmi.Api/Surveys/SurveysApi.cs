using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Shangmi.Api.Common;
using Shangmi.Api.Common.Problems;
using Shangmi.Api.Enterprises;
using Shangmi.Api.Identity;

namespace Shangmi.Api.Surveys;

/// <summary>What the mini-program's survey routes work with.</summary>
public sealed record SurveyMemberServices(ResponseStore Responses, ClaimStore Claims, TimeProvider Time)
{
    public DateTime Now => Time.GetUtcNow().UtcDateTime;
}

/// <summary>
/// A verified member answers for their enterprise: the open surveys, one survey with its questions, conditions and
/// the enterprise's draft in one call, saving the draft as they go, and submitting once.
/// </summary>
public static class SurveysApi
{
    public static RouteGroupBuilder MapSurveys(this IEndpointRouteBuilder app)
    {
        var surveys = app.MapGroup("/api/v1/surveys").WithTags("Surveys").RequireAuthorization(AuthPolicies.User);
        surveys.MapGet("/", ListAsync).WithName("ListMySurveys")
            .WithSummary("The surveys open now whose audience holds my enterprise, with our response status. Verified members only (403 survey.not_member).")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        surveys.MapGet("/{id:long}", GetAsync).WithName("GetMySurvey")
            .WithSummary("A survey with its questions (each with its showIf condition) and my enterprise's answers so far (draft or submitted). "
                         + "A closed survey is shown read-only; one not yet open answers 409 survey.not_open.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        surveys.MapPut("/{id:long}/response", SaveAsync).WithName("SaveMySurveyDraft")
            .WithSummary("Save the whole draft (every answer so far; the last save wins when two members save). Each answer is checked as "
                         + "given (type, range, options, conditions); required answers and cross-field rules are checked on submit.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        surveys.MapPost("/{id:long}/response/submit", SubmitAsync).WithName("SubmitMySurvey").AcceptsIdempotencyKey()
            .WithSummary("Submit the saved draft, once per enterprise; final unless staff reopen it. 400 names each question to fix. Send an "
                         + "Idempotency-Key (random UUID v4): a retry with it answers like the first submission, another submission 409.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return surveys;
    }

    private static async Task<Results<Ok<IReadOnlyList<MySurveySummary>>, ProblemHttpResult>> ListAsync(ClaimsPrincipal user,
        [AsParameters] SurveyMemberServices services, CancellationToken ct) =>
        await services.Claims.ActingForAsync(user.UserId(), ct) is { } enterprise
            ? TypedResults.Ok(await services.Responses.OpenForAsync(enterprise.Id, services.Now, ct))
            : NotMember();

    private static async Task<Results<Ok<MySurvey>, ProblemHttpResult>> GetAsync(long id, ClaimsPrincipal user,
        [AsParameters] SurveyMemberServices services, CancellationToken ct)
    {
        if (await services.Claims.ActingForAsync(user.UserId(), ct) is not { } enterprise)
        {
            return NotMember();
        }

        var (outcome, survey) = await services.Responses.MineAsync(id, enterprise.Id, services.Now, ct);
        return survey is not null ? TypedResults.Ok(survey) : Refused(outcome);
    }

    private static async Task<Results<Ok<MySurvey>, ValidationProblem, ProblemHttpResult>> SaveAsync(long id, SurveyAnswersRequest request,
        ClaimsPrincipal user, [AsParameters] SurveyMemberServices services, CancellationToken ct)
    {
        if (await services.Claims.ActingForAsync(user.UserId(), ct) is not { } enterprise)
        {
            return NotMember();
        }

        var result = await services.Responses.SaveDraftAsync(id, enterprise.Id, user.UserId(), request, services.Now, ct);
        return await AnsweredAsync(id, enterprise.Id, result, services, ct);
    }

    private static async Task<Results<Ok<MySurvey>, ValidationProblem, ProblemHttpResult>> SubmitAsync(long id, HttpContext http,
        ClaimsPrincipal user, [AsParameters] SurveyMemberServices services, CancellationToken ct)
    {
        var (key, keyError) = IdempotencyKeys.Read(http);
        if (keyError is not null)
        {
            return new FieldErrors().Add(IdempotencyKeys.Header, keyError).ToProblem();
        }

        if (await services.Claims.ActingForAsync(user.UserId(), ct) is not { } enterprise)
        {
            return NotMember();
        }

        var result = await services.Responses.SubmitAsync(id, enterprise.Id, user.UserId(), key, services.Now, ct);
        return await AnsweredAsync(id, enterprise.Id, result, services, ct);
    }

    private static async Task<Results<Ok<MySurvey>, ValidationProblem, ProblemHttpResult>> AnsweredAsync(long id, long enterpriseId,
        ResponseStore.AnswerResult result, SurveyMemberServices services, CancellationToken ct)
    {
        if (result.Outcome == ResponseStore.AnswerOutcome.Invalid)
        {
            return result.Errors!.ToProblem();
        }

        if (result.Outcome is not (ResponseStore.AnswerOutcome.Done or ResponseStore.AnswerOutcome.Repeated))
        {
            return Refused(result.Outcome);
        }

        var (_, survey) = await services.Responses.MineAsync(id, enterpriseId, services.Now, ct);
        return TypedResults.Ok(survey!);
    }

    private static ProblemHttpResult Refused(ResponseStore.AnswerOutcome outcome) => outcome switch
    {
        ResponseStore.AnswerOutcome.NotInAudience => ApiProblem.Create(403, "survey.not_in_audience", "贵企业不在本问卷的调查对象之内"),
        ResponseStore.AnswerOutcome.NotOpen => ApiProblem.Create(409, "survey.not_open", "问卷尚未开始作答"),
        ResponseStore.AnswerOutcome.Closed => ApiProblem.Create(409, "survey.closed", "问卷已结束"),
        ResponseStore.AnswerOutcome.Submitted => ApiProblem.Create(409, "survey_response.submitted", "贵企业已提交本问卷",
            "提交后不能再修改；如需更正，请联系市场监管部门退回答卷。"),
        _ => ApiProblem.Create(404, "survey.not_found", "找不到该问卷"),
    };

    private static ProblemHttpResult NotMember() =>
        ApiProblem.Create(403, "survey.not_member", "请先认领企业并通过审核", "问卷由经过审核的企业成员代表企业填写。");
}
