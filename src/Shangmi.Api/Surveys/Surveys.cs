using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace Shangmi.Api.Surveys;

/// <summary>Configuration section <c>Surveys</c>.</summary>
public sealed class SurveyOptions
{
    /// <summary>A report group with fewer respondents than this shows no figures (small-cell suppression).</summary>
    [Range(2, 100)]
    public int MinGroupSize { get; set; } = 3;
}

/// <summary>The question types.</summary>
public enum QuestionKind { Integer, Decimal, SingleChoice, MultipleChoice, YesNo, ShortText, LongText, Rating, Matrix }

/// <summary>
/// What a question feeds in the report (DOMAIN.md, "Survey indicators"). The six counts are integer questions,
/// protectionSystem a yes/no question, readiness a matrix of yes/no items (the score is the number of yeses).
/// </summary>
public enum SurveyIndicator { Employees, SecretStaff, TradeSecrets, Patents, ConfidentialitySigned, NonCompeteSigned, ProtectionSystem, Readiness }

/// <summary>all: every verified enterprise; liaison: liaison points only; chosen: the listed districts, industries, tags.</summary>
public enum SurveyAudience { All, Liaison, Chosen }

/// <summary>draft: no window yet; scheduled: opens later; open; closed (by time or by staff). standard: the seeded template.</summary>
public enum SurveyStatus { Draft, Scheduled, Open, Closed, Standard }

/// <summary>A response is a draft until it is submitted; staff may reopen a submitted one.</summary>
public enum ResponseStatus { Draft, Submitted }

/// <summary>Show the question only when the earlier choice question <c>questionKey</c> has <c>answer</c> (one of its options, or 是/否).</summary>
public sealed record QuestionCondition(string QuestionKey, string Answer);

/// <summary>
/// A question. <c>key</c> names it in answers (letters and digits, unique in the survey). integer/decimal: min, max,
/// unit; singleChoice/multipleChoice: options and allowOther (an extra choice “其他” with a text); matrix: items,
/// each answered yes or no; rating: 1–5.
/// </summary>
public sealed record SurveyQuestion(
    string Key, QuestionKind Kind, string Title, string? Help, bool Required, decimal? Min, decimal? Max, string? Unit,
    IReadOnlyList<string>? Options, bool AllowOther, IReadOnlyList<string>? Items, SurveyIndicator? Indicator, QuestionCondition? ShowIf);

/// <summary>A question as staff send it; checked by <see cref="SurveyRules.CheckQuestions"/>.</summary>
public sealed record SurveyQuestionRequest(
    string? Key, QuestionKind? Kind, string? Title, string? Help, bool? Required, decimal? Min, decimal? Max, string? Unit,
    string[]? Options, bool? AllowOther, string[]? Items, SurveyIndicator? Indicator, QuestionCondition? ShowIf);

/// <summary>Title, introduction, window (both or neither; neither keeps it a draft) and audience.</summary>
public sealed record SurveySettingsRequest(
    string? Title, string? Intro, DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt, SurveyAudience? Audience,
    long[]? DistrictIds, long[]? IndustryIds, long[]? TagIds);

/// <summary>A new survey: its settings and its ordered questions.</summary>
public sealed record CreateSurveyRequest(
    string? Title, string? Intro, DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt, SurveyAudience? Audience,
    long[]? DistrictIds, long[]? IndustryIds, long[]? TagIds, SurveyQuestionRequest[]? Questions)
{
    public SurveySettingsRequest Settings => new(Title, Intro, OpensAt, ClosesAt, Audience, DistrictIds, IndustryIds, TagIds);
}

/// <summary>Replace the whole ordered question list (refused once the survey has an answer).</summary>
public sealed record SurveyQuestionsRequest(SurveyQuestionRequest[]? Questions);

/// <summary>Checked settings, ready for the store.</summary>
public sealed record SurveySettings(
    string Title, string Intro, DateTime? OpensAt, DateTime? ClosesAt, SurveyAudience Audience,
    IReadOnlyList<long> DistrictIds, IReadOnlyList<long> IndustryIds, IReadOnlyList<long> TagIds);

/// <summary>
/// A survey in the staff list. <c>audienceCount</c>: the enterprises in its audience, counted now while it runs or is
/// scheduled (the live response rate is submitted ÷ audienceCount) and as counted at closing once closed (null until
/// then for one that ran out its time and whose report nobody has read yet); null for drafts and the standard survey.
/// </summary>
public sealed record SurveySummary(
    long Id, string Title, SurveyStatus Status, DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt, SurveyAudience Audience,
    int Drafts, int Submitted, int? AudienceCount, DateTimeOffset UpdatedAt);

/// <summary>A survey with its questions, for staff. <c>frozen</c>: it has answers, so its questions can no longer change.</summary>
public sealed record SurveyDetail(
    long Id, string Title, string Intro, SurveyStatus Status, DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt,
    SurveyAudience Audience, IReadOnlyList<long> DistrictIds, IReadOnlyList<long> IndustryIds, IReadOnlyList<long> TagIds,
    IReadOnlyList<SurveyQuestion> Questions, bool Frozen, DateTimeOffset? ClosedAt, DateTimeOffset UpdatedAt);

/// <summary>An open survey on the mini-program's list, with my enterprise's response status (null: not started).</summary>
public sealed record MySurveySummary(long Id, string Title, DateTimeOffset ClosesAt, ResponseStatus? ResponseStatus);

/// <summary>
/// What the mini-program needs to show a survey in one call: the questions (with their conditions) and my
/// enterprise's response so far. <c>answers</c>: question key → value (number, text, choice, list of choices,
/// true/false, or for a matrix item → true/false); <c>other</c>: question key → the “其他” text.
/// </summary>
public sealed record MySurvey(
    long Id, string Title, string Intro, DateTimeOffset OpensAt, DateTimeOffset ClosesAt, IReadOnlyList<SurveyQuestion> Questions,
    ResponseStatus? ResponseStatus, IReadOnlyDictionary<string, JsonElement> Answers, IReadOnlyDictionary<string, string> Other,
    DateTimeOffset? SavedAt, DateTimeOffset? SubmittedAt);

/// <summary>The whole draft, as the member has it: every answer so far (last write wins).</summary>
public sealed record SurveyAnswersRequest(Dictionary<string, JsonElement>? Answers, Dictionary<string, string>? Other);

/// <summary>An enterprise's response in the staff list (no answers: those are in the admins' raw export).</summary>
public sealed record StaffResponseSummary(
    long Id, long EnterpriseId, string EnterpriseName, string? DistrictName, ResponseStatus Status, DateTimeOffset SavedAt,
    DateTimeOffset? SubmittedAt);

/// <summary>A recorded export of raw answers.</summary>
public sealed record AnswerExportRecord(long Id, long StaffId, string StaffName, int Rows, DateTimeOffset At);
