using System.Text;
using Dapper;
using MySqlConnector;
using Shangmi.Api.Articles;
using Shangmi.Api.Common;
using Shangmi.Api.Data;
using Shangmi.Api.Enterprises;
using Shangmi.Api.ServiceRequests;
using Shangmi.Api.Surveys;
using Shangmi.Api.Tips;

namespace Shangmi.Api.Dashboard;

/// <summary>
/// The dashboard's figures in one round trip: a batch of statements for the sections the roles open, each written from
/// its feature's own rule (<see cref="TipWorkflow.OverdueSql"/>, <see cref="ClaimRow.Scope"/>, …).
/// </summary>
public sealed class DashboardStore(MySqlDataSource db)
{
    /// <summary>"Due soon" on the dashboard: at most this many working days left.</summary>
    public const int TipsDueWithin = 3;

    private const int TopEvents = 5;

    /// <summary>
    /// Which sections to count; <c>Service</c> opens the enterprises and the ledger, and <c>scope</c> is the service
    /// staff member's district (null: city-wide).
    /// </summary>
    public readonly record struct Sections(bool Tips, bool Editor, bool Service, bool Surveys, long? Scope);

    public async Task<StaffDashboard> ReadAsync(Sections wanted, DateTime now, CancellationToken ct)
    {
        var today = WorkCalendar.ChinaDate(now);
        var horizon = WorkCalendar.Horizon(today, TipsDueWithin + 1);
        var monthFrom = new DateOnly(today.Year, today.Month, 1);
        var sql = new StringBuilder();
        if (wanted.Tips)
        {
            // The calendar and the open deadlines by date: "due soon" is then counted by the calendar rule in C#,
            // with no second trip for the last date it allows.
            sql.AppendLine(WorkCalendar.RangeSql + ";");
            sql.AppendLine($"""
                SELECT {TipWorkflow.NextDueSql} AS due, COUNT(*) AS tips FROM tips t
                WHERE {TipWorkflow.NextDueSql} BETWEEN @from AND @to GROUP BY due;
                SELECT COUNT(*) FROM tips t WHERE {TipWorkflow.OverdueSql};
                """);
        }

        if (wanted.Editor)
        {
            sql.AppendLine($"SELECT COUNT(*) FROM articles a WHERE {ArticleStore.ScheduledSql};");
            sql.AppendLine("""
                SELECT COUNT(*) FROM registrations r JOIN events e ON e.id = r.event_id WHERE r.status = 'pending' AND e.status = 'published';
                SELECT e.id, e.title, COUNT(*) AS pending FROM registrations r JOIN events e ON e.id = r.event_id
                WHERE r.status = 'pending' AND e.status = 'published' GROUP BY e.id, e.title ORDER BY pending DESC, e.id LIMIT @topEvents;
                """);
        }

        if (wanted.Service)
        {
            sql.AppendLine($"""
                SELECT COUNT(*) FROM enterprise_claims c LEFT JOIN enterprises e ON e.id = c.enterprise_id
                WHERE c.status = 'pending' AND {ClaimRow.Scope};
                SELECT COUNT(*) FROM enterprises e WHERE e.status = 'reverify' AND {EnterpriseScope.Sql};
                SELECT COUNT(*) FROM service_requests r WHERE r.status = 'submitted' AND {ServiceWorkflow.OverdueSql} AND {LedgerStore.Scope};
                SELECT {LedgerStore.RateCountsSql} FROM service_requests r WHERE r.created_at >= @monthFromUtc AND {LedgerStore.Scope};
                """);
        }

        if (wanted.Surveys)
        {
            sql.AppendLine($"""
                SELECT s.id, s.title, s.closes_at, {SurveyStore.SubmittedCountSql} AS submitted, {SurveyStore.AudienceCountSql} AS audience
                FROM surveys s WHERE {SurveyStore.OpenSql} ORDER BY s.closes_at, s.id;
                """);
        }

        if (sql.Length == 0)
        {
            return new StaffDashboard(null, null, null, null, null, null);
        }

        await using var connection = await db.OpenConnectionAsync(ct);
        await using var batch = await connection.QueryMultipleAsync(new CommandDefinition(sql.ToString(), new
        {
            from = today.ToDateTime(TimeOnly.MinValue), to = horizon.ToDateTime(TimeOnly.MinValue),
            today = today.ToDateTime(TimeOnly.MinValue), now, scope = wanted.Scope, topEvents = TopEvents,
            monthFromUtc = monthFrom.ToDateTime(TimeOnly.MinValue) - ChinaTime.Offset,
        }, cancellationToken: ct));

        DashboardTips? tips = null;
        if (wanted.Tips)
        {
            var calendar = (await batch.ReadAsync<(DateTime Day, bool IsWorkday, string Note)>())
                .ToDictionary(r => DateOnly.FromDateTime(r.Day), r => r.IsWorkday);
            var dueBy = WorkCalendar.DueBy(today, TipsDueWithin, calendar);
            var dueSoon = (await batch.ReadAsync<(DateTime Due, long Tips)>()).Where(d => DateOnly.FromDateTime(d.Due) <= dueBy).Sum(d => d.Tips);
            tips = new DashboardTips(TipsDueWithin, dueSoon, await batch.ReadSingleAsync<long>());
        }

        DashboardArticles? articles = null;
        DashboardEvents? events = null;
        if (wanted.Editor)
        {
            articles = new DashboardArticles(await batch.ReadSingleAsync<long>());
            events = new DashboardEvents(await batch.ReadSingleAsync<long>(), (await batch.ReadAsync<EventPending>()).ToList());
        }

        DashboardEnterprises? enterprises = null;
        DashboardLedger? ledger = null;
        if (wanted.Service)
        {
            enterprises = new DashboardEnterprises(await batch.ReadSingleAsync<long>(), await batch.ReadSingleAsync<long>());
            ledger = new DashboardLedger(await batch.ReadSingleAsync<long>(), monthFrom, today,
                LedgerStore.Line("month", "本月", [await batch.ReadSingleAsync<LedgerStore.RateCounts>()]));
        }

        DashboardSurveys? surveys = wanted.Surveys
            ? new DashboardSurveys((await batch.ReadAsync<(long Id, string Title, DateTime ClosesAt, long Submitted, long Audience)>())
                .Select(s => new OpenSurvey(s.Id, s.Title, DbTime.FromUtc(s.ClosesAt), s.Submitted, s.Audience,
                    s.Audience > 0 ? Math.Round((decimal)s.Submitted / s.Audience, 4) : null)).ToList())
            : null;
        return new StaffDashboard(tips, articles, events, enterprises, ledger, surveys);
    }
}
