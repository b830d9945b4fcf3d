using Dapper;
using MySqlConnector;
using Shangmi.Api.Data;
using Shangmi.Api.Enterprises;
using Shangmi.Api.Reference;

namespace Shangmi.Api.Surveys;

/// <summary>
/// The SQL of the report: one query reads the submitted responses' groups and indicator numbers (no per-enterprise
/// query, no answers decrypted), two count the choices; <see cref="ReportMath"/> does the rest in one pass. The
/// report is the same for every reader, district staff included: it is made to be published, and with a single
/// suppression pattern there are no two reports whose difference would show a hidden group (a district's own report
/// beside the city's would). Single responses (the raw export, the response list) stay within a staff member's district.
/// </summary>
public sealed class ReportStore(MySqlDataSource db, SurveySecrets secrets)
{
    /// <summary>Groups for enterprises that gave no district or industry, so that the groups always add up to the city.</summary>
    private static readonly ReportGroup NoDistrict = new(null, "未填行政区");
    private static readonly ReportGroup NoIndustry = new(null, "未填行业");

    public async Task<SurveyReport> ReportAsync(SurveyRow survey, ReferenceVocabulary vocabulary, int k, DateTime now,
        CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await ReportAsync(connection, await RowsAsync(connection, survey.Id, ct), survey, vocabulary, k, now, ct);
    }

    public async Task<CrossTable> CrossAsync(SurveyRow survey, SurveyMeasure measure, ReferenceVocabulary vocabulary, int k,
        CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await RowsAsync(connection, survey.Id, ct);
        var (districts, industries) = Groups(vocabulary, rows);
        return ReportMath.Cross(survey.Id, measure, rows, districts, industries, k);
    }

    /// <summary>The report and the cross table of every measure, from one read of the responses, for the .xlsx.</summary>
    public async Task<(SurveyReport Report, IReadOnlyList<CrossTable> Crosses)> WorkbookAsync(SurveyRow survey,
        ReferenceVocabulary vocabulary, int k, DateTime now, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await RowsAsync(connection, survey.Id, ct);
        var (districts, industries) = Groups(vocabulary, rows);
        return (await ReportAsync(connection, rows, survey, vocabulary, k, now, ct),
            ReportMath.Measures.Select(m => ReportMath.Cross(survey.Id, m, rows, districts, industries, k)).ToList());
    }

    private static async Task<SurveyReport> ReportAsync(MySqlConnection connection, IReadOnlyList<ReportRow> rows, SurveyRow survey,
        ReferenceVocabulary vocabulary, int k, DateTime now, CancellationToken ct)
    {
        var audience = await AudienceAsync(connection, survey, ct);
        var (districts, industries) = Groups(vocabulary, rows);
        var (city, byDistrict, byIndustry) = ReportMath.Groups(rows, districts, industries, k);
        var scores = rows.Where(r => r.Readiness is not null).ToList();
        var maxScore = survey.Questions.FirstOrDefault(q => q.Indicator == SurveyIndicator.Readiness)?.Items?.Count ?? 0;
        var readiness = maxScore == 0 ? new ReadinessReport(false, 0, [])
            : scores.Count is > 0 and var n && n < k ? new ReadinessReport(true, null, [])
            : new ReadinessReport(false, scores.Count, Enumerable.Range(0, maxScore + 1).Select(s => scores.Count(r => r.Readiness == s)).ToList());
        return new SurveyReport(survey.Id, survey.Title, survey.StatusAt(now), k, $"不足 {k} 家", rows.Count, audience,
            audience > 0 ? Math.Round((decimal)rows.Count / audience, 4) : null, city, byDistrict, byIndustry, readiness,
            await ChoicesAsync(connection, survey, k, ct));
    }

    private static (IReadOnlyList<ReportGroup> Districts, IReadOnlyList<ReportGroup> Industries) Groups(ReferenceVocabulary vocabulary,
        IReadOnlyList<ReportRow> rows)
    {
        var districts = vocabulary.Districts.Select(d => new ReportGroup(d.Id, d.Name)).ToList();
        var industries = vocabulary.Industries.Select(i => new ReportGroup(i.Id, $"{i.Code} {i.Name}")).ToList();
        if (rows.Any(r => r.DistrictId is null))
        {
            districts.Add(NoDistrict);
        }

        if (rows.Any(r => r.IndustryId is null))
        {
            industries.Add(NoIndustry);
        }

        return (districts, industries);
    }

    private static async Task<IReadOnlyList<ReportRow>> RowsAsync(MySqlConnection connection, long surveyId, CancellationToken ct) =>
        (await connection.QueryAsync<ReportRow>(new CommandDefinition("""
            SELECT district_id, industry_id, employees, secret_staff, trade_secrets, patents, confidentiality_signed, non_compete_signed,
                   protection_system, readiness
            FROM survey_responses
            WHERE survey_id = @surveyId AND status = 'submitted'
            """, new { surveyId }, cancellationToken: ct))).ToList();

    /// <summary>
    /// The response rate's denominator: the audience counted when the survey closed. Closing by staff counts it then
    /// (<see cref="SurveyStore.CloseAsync"/>); for a survey that ran out its time nothing marks the moment, so the
    /// first report read afterwards counts and keeps it.
    /// </summary>
    private static async Task<int> AudienceAsync(MySqlConnection connection, SurveyRow survey, CancellationToken ct)
    {
        if (survey.AudienceAtClose is { } counted)
        {
            return counted;
        }

        var count = await connection.ExecuteScalarAsync<int>(new CommandDefinition($"""
            SELECT COUNT(*) FROM enterprises e JOIN surveys s ON s.id = @Id WHERE {SurveyStore.AudienceSql}
            """, new { survey.Id }, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE surveys SET audience_at_close = @count WHERE id = @Id AND audience_at_close IS NULL", new { count, survey.Id },
            cancellationToken: ct));
        return count;
    }

    private static async Task<IReadOnlyList<ChoiceReport>> ChoicesAsync(MySqlConnection connection, SurveyRow survey, int k,
        CancellationToken ct)
    {
        var counts = (await connection.QueryAsync<(string QuestionKey, string Choice, int Count)>(new CommandDefinition("""
            SELECT question_key, choice, COUNT(*) AS count FROM survey_response_choices WHERE survey_id = @Id GROUP BY question_key, choice
            """, new { survey.Id }, cancellationToken: ct))).ToLookup(c => c.QuestionKey);
        var answered = (await connection.QueryAsync<(string QuestionKey, int Count)>(new CommandDefinition("""
            SELECT question_key, COUNT(DISTINCT response_id) AS count FROM survey_response_choices WHERE survey_id = @Id GROUP BY question_key
            """, new { survey.Id }, cancellationToken: ct))).ToDictionary(a => a.QuestionKey, a => a.Count);
        return survey.Questions.Where(q => q.Kind is QuestionKind.SingleChoice or QuestionKind.MultipleChoice or QuestionKind.YesNo or QuestionKind.Rating)
            .Select(q =>
            {
                var n = answered.GetValueOrDefault(q.Key);
                if (n > 0 && n < k)
                {
                    return new ChoiceReport(q.Key, q.Title, true, null, []);
                }

                var found = counts[q.Key].ToDictionary(c => c.Choice, c => c.Count);
                return new ChoiceReport(q.Key, q.Title, false, n, ChoiceList(q)
                    .Select(choice => new ChoiceCount(choice, found.GetValueOrDefault(choice), n > 0 ? Math.Round((decimal)found.GetValueOrDefault(choice) / n, 4) : 0))
                    .ToList());
            }).ToList();
    }

    private static IEnumerable<string> ChoiceList(SurveyQuestion q) => q.Kind switch
    {
        QuestionKind.YesNo => [SurveyRules.Yes, SurveyRules.No],
        QuestionKind.Rating => ["1", "2", "3", "4", "5"],
        _ => q.AllowOther ? [.. q.Options!, SurveyRules.Other] : q.Options!,
    };

    /// <summary>Every response of the survey with its answers opened, for the admins' raw export; the export is recorded in the same call.</summary>
    public async Task<IReadOnlyList<RawResponse>> RawAsync(long surveyId, long? scope, long staffId, DateTime now, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = (await connection.QueryAsync<RawRow>(new CommandDefinition($"""
            SELECT r.enterprise_id, e.name AS enterprise_name, e.credit_code, d.name AS district_name, i.name AS industry_name, r.status,
                   r.submitted_at, r.key_id, r.answers_sealed
            FROM survey_responses r JOIN enterprises e ON e.id = r.enterprise_id
                 LEFT JOIN districts d ON d.id = e.district_id LEFT JOIN industries i ON i.id = e.industry_id
            WHERE r.survey_id = @surveyId AND {EnterpriseScope.Sql} ORDER BY r.id
            """, new { surveyId, scope }, cancellationToken: ct))).ToList();
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO survey_answer_exports (survey_id, staff_id, row_count, at) VALUES (@surveyId, @staffId, @count, @now)
            """, new { surveyId, staffId, count = rows.Count, now }, cancellationToken: ct));
        return rows.Select(r => new RawResponse(r.EnterpriseName, r.CreditCode, r.DistrictName, r.IndustryName, r.Status,
            SurveyRow.At(r.SubmittedAt), secrets.Open(surveyId, r.EnterpriseId, r.KeyId, r.AnswersSealed))).ToList();
    }

    public async Task<IReadOnlyList<AnswerExportRecord>> ExportsAsync(long surveyId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<(long Id, long StaffId, string StaffName, int Rows, DateTime At)>(new CommandDefinition("""
            SELECT x.id, x.staff_id, s.display_name AS staff_name, x.row_count AS `rows`, x.at
            FROM survey_answer_exports x JOIN staff s ON s.id = x.staff_id WHERE x.survey_id = @surveyId ORDER BY x.id DESC LIMIT 200
            """, new { surveyId }, cancellationToken: ct)))
            .Select(x => new AnswerExportRecord(x.Id, x.StaffId, x.StaffName, x.Rows, DbTime.FromUtc(x.At))).ToList();
    }

    private sealed class RawRow
    {
        public long EnterpriseId { get; init; }
        public string EnterpriseName { get; init; } = "";
        public string CreditCode { get; init; } = "";
        public string? DistrictName { get; init; }
        public string? IndustryName { get; init; }
        public ResponseStatus Status { get; init; }
        public DateTime? SubmittedAt { get; init; }
        public string KeyId { get; init; } = "";
        public byte[] AnswersSealed { get; init; } = [];
    }
}

/// <summary>One enterprise's response, opened, for the raw export.</summary>
public sealed record RawResponse(
    string EnterpriseName, string CreditCode, string? DistrictName, string? IndustryName, ResponseStatus Status, DateTimeOffset? SubmittedAt,
    SealedAnswers Answers);
