using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using MySqlConnector;
using Shangmi.Api.Common;
using Shangmi.Api.Data;

namespace Shangmi.Api.Surveys;

/// <summary>The SQL of survey definitions: create, list, read, edit, freeze, close and copy.</summary>
public sealed class SurveyStore(MySqlDataSource db, TimeProvider time)
{
    /// <summary>Frozen: the questions once answered; AudienceFixed: the opening time or the audience once answered.</summary>
    public enum EditOutcome { Done, NotFound, Standard, Closed, Frozen, AudienceFixed }

    public enum CloseOutcome { Done, NotFound, Standard, AlreadyClosed }

    /// <summary>The question list as stored: the API's JSON (camelCase, enums as words).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>
    /// Whether enterprise <c>e</c> is in the audience of survey <c>s</c>: the one home of the audience rule, used when
    /// answering, on the mini-program's list and for the response rate. A chosen audience must match every kind
    /// (district, industry, tag) that lists something, and any value within a kind.
    /// </summary>
    public const string AudienceSql = """
        (e.status <> 'unverified' AND (s.audience = 'all' OR (s.audience = 'liaison' AND e.liaison_since IS NOT NULL)
          OR (s.audience = 'chosen'
            AND (NOT EXISTS (SELECT 1 FROM survey_audience a WHERE a.survey_id = s.id AND a.kind = 'district')
                 OR EXISTS (SELECT 1 FROM survey_audience a WHERE a.survey_id = s.id AND a.kind = 'district' AND a.ref_id = e.district_id))
            AND (NOT EXISTS (SELECT 1 FROM survey_audience a WHERE a.survey_id = s.id AND a.kind = 'industry')
                 OR EXISTS (SELECT 1 FROM survey_audience a WHERE a.survey_id = s.id AND a.kind = 'industry' AND a.ref_id = e.industry_id))
            AND (NOT EXISTS (SELECT 1 FROM survey_audience a WHERE a.survey_id = s.id AND a.kind = 'tag')
                 OR EXISTS (SELECT 1 FROM survey_audience a JOIN enterprise_tag_links t ON t.tag_id = a.ref_id
                            WHERE a.survey_id = s.id AND a.kind = 'tag' AND t.enterprise_id = e.id)))))
        """;

    /// <summary>Survey <c>s</c>'s submitted responses, and the enterprises in its audience now: the live response rate's two counts.</summary>
    public const string SubmittedCountSql = "(SELECT COUNT(*) FROM survey_responses r WHERE r.survey_id = s.id AND r.status = 'submitted')";

    public const string AudienceCountSql = $"(SELECT COUNT(*) FROM enterprises e WHERE {AudienceSql})";

    /// <summary>Survey <c>s</c> is open at <c>@now</c>, in SQL: <see cref="SurveyRules.StatusAt"/>'s <c>Open</c>.</summary>
    public const string OpenSql = "(s.is_standard = 0 AND s.closed_at IS NULL AND s.opens_at <= @now AND s.closes_at > @now)";

    public async Task<long> CreateAsync(SurveySettings settings, IReadOnlyList<SurveyQuestion> questions, long staffId, DateTime now,
        CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO surveys (title, intro, opens_at, closes_at, audience, questions, created_by, created_at, updated_at)
            VALUES (@Title, @Intro, @OpensAt, @ClosesAt, @audience, @questions, @staffId, @now, @now); SELECT LAST_INSERT_ID();
            """, new
        {
            settings.Title, settings.Intro, settings.OpensAt, settings.ClosesAt, audience = settings.Audience.ToDb(),
            questions = JsonSerializer.Serialize(questions, Json), staffId, now,
        }, transaction, cancellationToken: ct));
        await WriteAudienceAsync(connection, transaction, id, settings, ct);
        await transaction.CommitAsync(ct);
        return id;
    }

    public async Task<Paged<SurveySummary>> ListAsync(PageRequest page, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM surveys", cancellationToken: ct));
        // The audience is counted live only for surveys that run or will run (at most a page of them); a closed one shows
        // the count kept at closing (none yet for one that ran out its time until its report is first read).
        var now = time.GetUtcNow().UtcDateTime;
        var rows = await connection.QueryAsync<(long Id, string Title, bool IsStandard, DateTime? OpensAt, DateTime? ClosesAt, DateTime? ClosedAt,
            SurveyAudience Audience, int Drafts, int Submitted, int? AudienceCount, DateTime UpdatedAt)>(new CommandDefinition($"""
            SELECT s.id, s.title, s.is_standard, s.opens_at, s.closes_at, s.closed_at, s.audience,
                   (SELECT COUNT(*) FROM survey_responses r WHERE r.survey_id = s.id AND r.status = 'draft') AS drafts,
                   {SubmittedCountSql} AS submitted,
                   CASE WHEN s.closed_at IS NOT NULL OR s.closes_at <= @now THEN s.audience_at_close
                        WHEN s.is_standard OR s.opens_at IS NULL THEN NULL
                        ELSE {AudienceCountSql} END AS audience_count,
                   s.updated_at
            FROM surveys s ORDER BY s.is_standard DESC, s.id DESC LIMIT @PageSize OFFSET @Offset
            """, new { page.PageSize, page.Offset, now }, cancellationToken: ct));
        return page.Of(rows.Select(r => new SurveySummary(r.Id, r.Title, SurveyRules.StatusAt(now, r.IsStandard, r.OpensAt, r.ClosesAt, r.ClosedAt),
            SurveyRow.At(r.OpensAt), SurveyRow.At(r.ClosesAt), r.Audience, r.Drafts, r.Submitted, r.AudienceCount, DbTime.FromUtc(r.UpdatedAt)))
            .ToList(), total);
    }

    public async Task<SurveyRow?> FindAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await FindAsync(connection, null, id, "", ct);
    }

    /// <summary>The survey row; <paramref name="lockClause"/> (<c>FOR UPDATE</c>, <c>LOCK IN SHARE MODE</c>) inside a transaction.</summary>
    internal static async Task<SurveyRow?> FindAsync(MySqlConnection connection, MySqlTransaction? transaction, long id, string lockClause,
        CancellationToken ct)
    {
        var row = await connection.QuerySingleOrDefaultAsync<SurveyRow>(new CommandDefinition($"""
            SELECT id, title, intro, opens_at, closes_at, audience, questions AS questions_json, is_standard, closed_at, audience_at_close,
                   updated_at, EXISTS (SELECT 1 FROM survey_responses r WHERE r.survey_id = surveys.id) AS frozen
            FROM surveys WHERE id = @id {lockClause}
            """, new { id }, transaction, cancellationToken: ct));
        if (row is not null)
        {
            var audience = await connection.QueryAsync<(string Kind, long RefId)>(new CommandDefinition(
                "SELECT kind, ref_id FROM survey_audience WHERE survey_id = @id ORDER BY ref_id", new { id }, transaction, cancellationToken: ct));
            row.Chosen = audience.ToLookup(a => a.Kind, a => a.RefId);
        }

        return row;
    }

    /// <summary>
    /// Changes the settings. Once answered, the opening time and the audience stay: moving them would shut out
    /// enterprises that already answered and change the response rate's meaning; title, intro and closing time may change.
    /// </summary>
    public Task<EditOutcome> UpdateSettingsAsync(long id, SurveySettings settings, DateTime now, CancellationToken ct) =>
        EditAsync(id, now, ct, survey => !survey.Frozen || SurveyRules.KeepsAnsweredSettings(survey, settings) ? EditOutcome.Done : EditOutcome.AudienceFixed,
            async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE surveys SET title = @Title, intro = @Intro, opens_at = @OpensAt, closes_at = @ClosesAt, audience = @audience,
                       updated_at = @now WHERE id = @id
                """, new { id, settings.Title, settings.Intro, settings.OpensAt, settings.ClosesAt, audience = settings.Audience.ToDb(), now },
                transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM survey_audience WHERE survey_id = @id", new { id }, transaction,
                cancellationToken: ct));
            await WriteAudienceAsync(connection, transaction, id, settings, ct);
        });

    /// <summary>Replaces the questions unless an answer (even a draft) exists: answers must keep meaning what they meant.</summary>
    public Task<EditOutcome> ReplaceQuestionsAsync(long id, IReadOnlyList<SurveyQuestion> questions, DateTime now, CancellationToken ct) =>
        EditAsync(id, now, ct, survey => survey.Frozen ? EditOutcome.Frozen : EditOutcome.Done, (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
            "UPDATE surveys SET questions = @questions, updated_at = @now WHERE id = @id",
            new { id, questions = JsonSerializer.Serialize(questions, Json), now }, transaction, cancellationToken: ct)));

    /// <summary>
    /// An edit under the survey's row lock. Saving a draft reads the survey in share mode first, so an edit of the
    /// questions and the first answer cannot pass each other: whichever comes second sees the other.
    /// </summary>
    private Task<EditOutcome> EditAsync(long id, DateTime now, CancellationToken ct, Func<SurveyRow, EditOutcome> allowed,
        Func<MySqlConnection, MySqlTransaction, Task> edit) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var survey = await FindAsync(connection, transaction, id, "FOR UPDATE", ct);
            var outcome = survey is null ? EditOutcome.NotFound
                : survey.IsStandard ? EditOutcome.Standard
                : survey.StatusAt(now) == SurveyStatus.Closed ? EditOutcome.Closed
                : allowed(survey);
            if (outcome == EditOutcome.Done)
            {
                await edit(connection, transaction);
                await transaction.CommitAsync(ct);
            }

            return outcome;
        });

    /// <summary>Closes the survey now and counts its audience at this moment, the denominator of the response rate.</summary>
    public Task<CloseOutcome> CloseAsync(long id, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var survey = await FindAsync(connection, transaction, id, "FOR UPDATE", ct);
            if (survey is null || survey.IsStandard || survey.StatusAt(now) == SurveyStatus.Closed)
            {
                return survey is null ? CloseOutcome.NotFound : survey.IsStandard ? CloseOutcome.Standard : CloseOutcome.AlreadyClosed;
            }

            await connection.ExecuteAsync(new CommandDefinition($"""
                UPDATE surveys SET closed_at = @now, updated_at = @now,
                       audience_at_close = (SELECT COUNT(*) FROM enterprises e JOIN surveys s ON s.id = @id WHERE {AudienceSql})
                WHERE id = @id
                """, new { id, now }, transaction, cancellationToken: ct));
            await transaction.CommitAsync(ct);
            return CloseOutcome.Done;
        });

    /// <summary>A new draft with the same title, introduction, audience and questions, and no window yet.</summary>
    public async Task<long?> CopyAsync(long id, long staffId, DateTime now, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var copy = await connection.ExecuteScalarAsync<long?>(new CommandDefinition("""
            INSERT INTO surveys (title, intro, audience, questions, created_by, created_at, updated_at)
            SELECT title, intro, audience, questions, @staffId, @now, @now FROM surveys WHERE id = @id;
            SELECT IF(ROW_COUNT() = 1, LAST_INSERT_ID(), NULL);
            """, new { id, staffId, now }, transaction, cancellationToken: ct));
        if (copy is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO survey_audience (survey_id, kind, ref_id) SELECT @copy, kind, ref_id FROM survey_audience WHERE survey_id = @id
                """, new { id, copy }, transaction, cancellationToken: ct));
        }

        await transaction.CommitAsync(ct);
        return copy;
    }

    private static async Task WriteAudienceAsync(MySqlConnection connection, MySqlTransaction transaction, long id, SurveySettings settings,
        CancellationToken ct)
    {
        var rows = settings.DistrictIds.Select(r => new { id, kind = "district", r })
            .Concat(settings.IndustryIds.Select(r => new { id, kind = "industry", r }))
            .Concat(settings.TagIds.Select(r => new { id, kind = "tag", r }));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO survey_audience (survey_id, kind, ref_id) VALUES (@id, @kind, @r)", rows, transaction, cancellationToken: ct));
    }
}

/// <summary>A survey as stored, with its questions parsed and the chosen audience by kind.</summary>
public sealed class SurveyRow
{
    public long Id { get; init; }
    public string Title { get; init; } = "";
    public string Intro { get; init; } = "";
    public DateTime? OpensAt { get; init; }
    public DateTime? ClosesAt { get; init; }
    public SurveyAudience Audience { get; init; }
    public string QuestionsJson { get; init; } = "[]";
    public bool IsStandard { get; init; }
    public DateTime? ClosedAt { get; init; }
    public int? AudienceAtClose { get; init; }
    public DateTime UpdatedAt { get; init; }
    public bool Frozen { get; init; }
    public ILookup<string, long> Chosen { get; set; } = Array.Empty<long>().ToLookup(_ => "", _ => 0L);

    private IReadOnlyList<SurveyQuestion>? _questions;

    public IReadOnlyList<SurveyQuestion> Questions =>
        _questions ??= JsonSerializer.Deserialize<List<SurveyQuestion>>(QuestionsJson, SurveyStore.Json)!;

    public SurveyStatus StatusAt(DateTime now) => SurveyRules.StatusAt(now, IsStandard, OpensAt, ClosesAt, ClosedAt);

    public SurveyDetail ToDetail(DateTime now) => new(Id, Title, Intro, StatusAt(now), At(OpensAt), At(ClosesAt), Audience,
        [.. Chosen["district"]], [.. Chosen["industry"]], [.. Chosen["tag"]], Questions, Frozen, At(ClosedAt), DbTime.FromUtc(UpdatedAt));

    public static DateTimeOffset? At(DateTime? value) => value is { } v ? DbTime.FromUtc(v) : null;
}
