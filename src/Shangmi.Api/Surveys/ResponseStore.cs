using Dapper;
using MySqlConnector;
using Shangmi.Api.Common;
using Shangmi.Api.Data;
using Shangmi.Api.Enterprises;

namespace Shangmi.Api.Surveys;

/// <summary>
/// The SQL of responses: an enterprise's member reads the survey with the draft, saves the draft (last write wins)
/// and submits it once; staff list responses and reopen a submitted one. Every write takes the survey's row in share
/// mode first, then the response's row: the order that keeps an edit of the questions and the first answer apart.
/// </summary>
public sealed class ResponseStore(MySqlDataSource db, SurveySecrets secrets)
{
    /// <summary>What reading, saving or submitting came to; Invalid carries field errors.</summary>
    public enum AnswerOutcome { Done, Repeated, NotFound, NotOpen, Closed, NotInAudience, Submitted, Invalid }

    public enum ReopenOutcome { Done, NotFound, NotSubmitted, Closed }

    public sealed record AnswerResult(AnswerOutcome Outcome, FieldErrors? Errors = null);

    /// <summary>A survey and the enterprise's response, for the mini-program.</summary>
    public async Task<(AnswerOutcome Outcome, MySurvey? Survey)> MineAsync(long surveyId, long enterpriseId, DateTime now, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var survey = await SurveyStore.FindAsync(connection, null, surveyId, "", ct);
        var gate = await GateAsync(connection, null, survey, enterpriseId, now, ct);
        if (gate is not (AnswerOutcome.Done or AnswerOutcome.Closed))
        {
            return (gate, null);
        }

        var row = await ResponseAsync(connection, null, surveyId, enterpriseId, "", ct);
        var answers = row is null ? SealedAnswers.Empty : secrets.Open(surveyId, enterpriseId, row.KeyId, row.AnswersSealed);
        return (AnswerOutcome.Done, new MySurvey(survey!.Id, survey.Title, survey.Intro, DbTime.FromUtc(survey.OpensAt!.Value),
            DbTime.FromUtc(survey.ClosesAt!.Value), survey.Questions, row?.Status, answers.Answers, answers.Other,
            SurveyRow.At(row?.SavedAt), SurveyRow.At(row?.SubmittedAt)));
    }

    /// <summary>The open surveys whose audience holds the enterprise, with its response status.</summary>
    public async Task<IReadOnlyList<MySurveySummary>> OpenForAsync(long enterpriseId, DateTime now, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<(long Id, string Title, DateTime ClosesAt, ResponseStatus? Status)>(new CommandDefinition($"""
            SELECT s.id, s.title, s.closes_at, r.status
            FROM surveys s JOIN enterprises e ON e.id = @enterpriseId
                 LEFT JOIN survey_responses r ON r.survey_id = s.id AND r.enterprise_id = e.id
            WHERE {SurveyStore.OpenSql} AND {SurveyStore.AudienceSql}
            ORDER BY s.closes_at, s.id
            """, new { enterpriseId, now }, cancellationToken: ct)))
            .Select(s => new MySurveySummary(s.Id, s.Title, DbTime.FromUtc(s.ClosesAt), s.Status)).ToList();
    }

    /// <summary>Saves the whole draft. Two members saving at once: the later write wins; after submission, nothing changes.</summary>
    public Task<AnswerResult> SaveDraftAsync(long surveyId, long enterpriseId, long userId, SurveyAnswersRequest request, DateTime now,
        CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var survey = await SurveyStore.FindAsync(connection, transaction, surveyId, "LOCK IN SHARE MODE", ct);
            if (await GateAsync(connection, transaction, survey, enterpriseId, now, ct) is not AnswerOutcome.Done and var gate)
            {
                return new AnswerResult(gate);
            }

            var (errors, answers, other) = SurveyRules.CheckAnswers(survey!.Questions, request, final: false);
            if (errors.Any)
            {
                return new AnswerResult(AnswerOutcome.Invalid, errors);
            }

            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO survey_responses (survey_id, enterprise_id, status, key_id, answers_sealed, saved_by, saved_at, created_at)
                VALUES (@surveyId, @enterpriseId, 'draft', @keyId, @sealed, @userId, @now, @now)
                ON DUPLICATE KEY UPDATE key_id = IF(status = 'draft', VALUES(key_id), key_id),
                    answers_sealed = IF(status = 'draft', VALUES(answers_sealed), answers_sealed),
                    saved_by = IF(status = 'draft', VALUES(saved_by), saved_by), saved_at = IF(status = 'draft', VALUES(saved_at), saved_at)
                """, new
            {
                surveyId, enterpriseId, keyId = secrets.ActiveKeyId, @sealed = secrets.Seal(surveyId, enterpriseId, new SealedAnswers(answers, other)),
                userId, now,
            }, transaction, cancellationToken: ct));
            var status = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
                "SELECT status FROM survey_responses WHERE survey_id = @surveyId AND enterprise_id = @enterpriseId",
                new { surveyId, enterpriseId }, transaction, cancellationToken: ct));
            await transaction.CommitAsync(ct);
            return new AnswerResult(status == "draft" ? AnswerOutcome.Done : AnswerOutcome.Submitted);
        });

    /// <summary>
    /// Submits the saved draft once: checked in full (required answers, conditions, cross-field rules), its indicator
    /// numbers and choices copied out for the report. The response row is locked, so of two submissions one wins; a
    /// retry with the first one's Idempotency-Key gets Repeated.
    /// </summary>
    public Task<AnswerResult> SubmitAsync(long surveyId, long enterpriseId, long userId, string? idempotencyKey, DateTime now,
        CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var survey = await SurveyStore.FindAsync(connection, transaction, surveyId, "LOCK IN SHARE MODE", ct);
            var row = await ResponseAsync(connection, transaction, surveyId, enterpriseId, "FOR UPDATE", ct);
            if (row?.Status == ResponseStatus.Submitted)
            {
                return new AnswerResult(idempotencyKey is not null && idempotencyKey == row.SubmitKey ? AnswerOutcome.Repeated : AnswerOutcome.Submitted);
            }

            if (await GateAsync(connection, transaction, survey, enterpriseId, now, ct) is not AnswerOutcome.Done and var gate)
            {
                return new AnswerResult(gate);
            }

            if (row is null)
            {
                return new AnswerResult(AnswerOutcome.Invalid, new FieldErrors().Add("answers", "请先保存答卷再提交"));
            }

            var saved = secrets.Open(surveyId, enterpriseId, row.KeyId, row.AnswersSealed);
            var (errors, answers, _) = SurveyRules.CheckAnswers(survey!.Questions, new SurveyAnswersRequest(saved.Answers, saved.Other), final: true);
            if (errors.Any)
            {
                return new AnswerResult(AnswerOutcome.Invalid, errors);
            }

            var values = IndicatorValues.Of(survey.Questions, answers);
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE survey_responses r JOIN enterprises e ON e.id = r.enterprise_id
                SET r.status = 'submitted', r.district_id = e.district_id, r.industry_id = e.industry_id, r.employees = @Employees,
                    r.secret_staff = @SecretStaff, r.trade_secrets = @TradeSecrets, r.patents = @Patents,
                    r.confidentiality_signed = @ConfidentialitySigned, r.non_compete_signed = @NonCompeteSigned,
                    r.protection_system = @ProtectionSystem, r.readiness = @Readiness, r.submit_key = @idempotencyKey,
                    r.submitted_by = @userId, r.submitted_at = @now
                WHERE r.id = @Id
                """, new
            {
                row.Id, values.Employees, values.SecretStaff, values.TradeSecrets, values.Patents, values.ConfidentialitySigned,
                values.NonCompeteSigned, values.ProtectionSystem, values.Readiness, idempotencyKey, userId, now,
            }, transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO survey_response_choices (response_id, survey_id, question_key, choice) VALUES (@Id, @surveyId, @key, @choice)",
                SurveyRules.Choices(survey.Questions, answers).Select(c => new { row.Id, surveyId, key = c.Key, choice = c.Choice }),
                transaction, cancellationToken: ct));
            await transaction.CommitAsync(ct);
            return new AnswerResult(AnswerOutcome.Done);
        });

    /// <summary>Staff send a submitted response back to draft while the survey is open; the reopening is in the enterprise's history.</summary>
    public Task<ReopenOutcome> ReopenAsync(long surveyId, long responseId, long? scope, long staffId, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var survey = await SurveyStore.FindAsync(connection, transaction, surveyId, "LOCK IN SHARE MODE", ct);
            var row = await connection.QuerySingleOrDefaultAsync<(long EnterpriseId, ResponseStatus Status)?>(new CommandDefinition($"""
                SELECT r.enterprise_id, r.status FROM survey_responses r JOIN enterprises e ON e.id = r.enterprise_id
                WHERE r.id = @responseId AND r.survey_id = @surveyId AND {EnterpriseScope.Sql} FOR UPDATE
                """, new { responseId, surveyId, scope }, transaction, cancellationToken: ct));
            if (survey is null || row is null)
            {
                return ReopenOutcome.NotFound;
            }

            if (survey.StatusAt(now) != SurveyStatus.Open || row.Value.Status != ResponseStatus.Submitted)
            {
                return survey.StatusAt(now) != SurveyStatus.Open ? ReopenOutcome.Closed : ReopenOutcome.NotSubmitted;
            }

            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE survey_responses SET status = 'draft', district_id = NULL, industry_id = NULL, employees = NULL, secret_staff = NULL,
                       trade_secrets = NULL, patents = NULL, confidentiality_signed = NULL, non_compete_signed = NULL,
                       protection_system = NULL, readiness = NULL, submit_key = NULL, submitted_by = NULL, submitted_at = NULL
                WHERE id = @responseId;
                DELETE FROM survey_response_choices WHERE response_id = @responseId;
                """, new { responseId }, transaction, cancellationToken: ct));
            await EnterpriseLog.RecordAsync(connection, transaction, row.Value.EnterpriseId, null, EnterpriseLog.Actor.Staff(staffId),
                EnterpriseLog.Action.SurveyReopened, now, ct, field: "survey", newValue: survey.Title);
            await transaction.CommitAsync(ct);
            return ReopenOutcome.Done;
        });

    public async Task<Paged<StaffResponseSummary>> ListAsync(long surveyId, long? scope, PageRequest page, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var args = new { surveyId, scope, page.PageSize, page.Offset };
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"""
            SELECT COUNT(*) FROM survey_responses r JOIN enterprises e ON e.id = r.enterprise_id
            WHERE r.survey_id = @surveyId AND {EnterpriseScope.Sql}
            """, args, cancellationToken: ct));
        var rows = await connection.QueryAsync<(long Id, long EnterpriseId, string Name, string? DistrictName, ResponseStatus Status,
            DateTime SavedAt, DateTime? SubmittedAt)>(new CommandDefinition($"""
            SELECT r.id, r.enterprise_id, e.name, d.name AS district_name, r.status, r.saved_at, r.submitted_at
            FROM survey_responses r JOIN enterprises e ON e.id = r.enterprise_id LEFT JOIN districts d ON d.id = e.district_id
            WHERE r.survey_id = @surveyId AND {EnterpriseScope.Sql}
            ORDER BY r.id DESC LIMIT @PageSize OFFSET @Offset
            """, args, cancellationToken: ct));
        return page.Of(rows.Select(r => new StaffResponseSummary(r.Id, r.EnterpriseId, r.Name, r.DistrictName, r.Status,
            DbTime.FromUtc(r.SavedAt), SurveyRow.At(r.SubmittedAt))).ToList(), total);
    }

    /// <summary>Whether the survey can be answered now by this enterprise: the one gate of reading, saving and submitting.</summary>
    private static async Task<AnswerOutcome> GateAsync(MySqlConnection connection, MySqlTransaction? transaction, SurveyRow? survey,
        long enterpriseId, DateTime now, CancellationToken ct)
    {
        var status = survey?.StatusAt(now);
        if (survey is null || status is SurveyStatus.Draft or SurveyStatus.Standard)
        {
            return AnswerOutcome.NotFound;
        }

        var inAudience = await connection.ExecuteScalarAsync<bool>(new CommandDefinition($"""
            SELECT EXISTS (SELECT 1 FROM enterprises e JOIN surveys s ON s.id = @surveyId WHERE e.id = @enterpriseId AND {SurveyStore.AudienceSql})
            """, new { surveyId = survey.Id, enterpriseId }, transaction, cancellationToken: ct));
        return !inAudience ? AnswerOutcome.NotInAudience
            : status == SurveyStatus.Scheduled ? AnswerOutcome.NotOpen
            : status == SurveyStatus.Closed ? AnswerOutcome.Closed
            : AnswerOutcome.Done;
    }

    private static Task<ResponseRow?> ResponseAsync(MySqlConnection connection, MySqlTransaction? transaction, long surveyId, long enterpriseId,
        string lockClause, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<ResponseRow>(new CommandDefinition($"""
            SELECT id, status, key_id, answers_sealed, submit_key, saved_at, submitted_at
            FROM survey_responses WHERE survey_id = @surveyId AND enterprise_id = @enterpriseId {lockClause}
            """, new { surveyId, enterpriseId }, transaction, cancellationToken: ct));

    private sealed class ResponseRow
    {
        public long Id { get; init; }
        public ResponseStatus Status { get; init; }
        public string KeyId { get; init; } = "";
        public byte[] AnswersSealed { get; init; } = [];
        public string? SubmitKey { get; init; }
        public DateTime SavedAt { get; init; }
        public DateTime? SubmittedAt { get; init; }
    }
}
