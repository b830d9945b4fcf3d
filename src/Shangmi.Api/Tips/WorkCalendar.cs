using Dapper;
using MySqlConnector;
using Shangmi.Api.Identity.Staff;

namespace Shangmi.Api.Tips;

/// <summary>
/// Working days per the national holiday arrangement: Monday to Friday, except the dates listed in
/// <c>work_calendar</c> (holidays off, make-up weekend days on). The admin routes edit the list through this store;
/// a store that sets a deadline counts it with <see cref="AddWorkingDaysAsync"/>, on its own connection and transaction.
/// </summary>
public sealed class WorkCalendar(MySqlDataSource db)
{
    /// <summary>The date in China of a stored UTC instant: deadlines count China's days.</summary>
    public static DateOnly ChinaDate(DateTime utc) =>
        DateOnly.FromDateTime(Common.ChinaTime.ToChina(Data.DbTime.FromUtc(utc)).DateTime);

    /// <summary>
    /// The date <paramref name="workingDays"/> working days after <paramref name="start"/> (which does not count), read
    /// on the caller's connection inside its transaction.
    /// </summary>
    public static async Task<DateOnly> AddWorkingDaysAsync(MySqlConnection connection, MySqlTransaction? transaction, DateOnly start,
        int workingDays, CancellationToken ct)
    {
        var rows = await RowsAsync(connection, transaction, start, Horizon(start, workingDays), ct);
        return AddWorkingDays(start, workingDays, rows.ToDictionary(r => DateOnly.FromDateTime(r.Day), r => r.IsWorkday));
    }

    public static DateOnly AddWorkingDays(DateOnly start, int workingDays, IReadOnlyDictionary<DateOnly, bool> exceptions)
    {
        var day = start;
        while (workingDays > 0)
        {
            day = day.AddDays(1);
            if (IsWorkday(day, exceptions))
            {
                workingDays--;
            }
        }

        return day;
    }

    /// <summary>
    /// Working days after <paramref name="today"/> up to and including <paramref name="due"/> (0: due today, or past),
    /// counted as the deadlines are: from the next day.
    /// </summary>
    public static int WorkingDaysAfter(DateOnly today, DateOnly due, IReadOnlyDictionary<DateOnly, bool> exceptions)
    {
        var count = 0;
        for (var day = today.AddDays(1); day <= due; day = day.AddDays(1))
        {
            if (IsWorkday(day, exceptions))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// The last date whose deadline leaves at most <paramref name="workingDays"/> working days after today
    /// (<see cref="WorkingDaysAfter"/>): the day before the working day after that many.
    /// </summary>
    public static DateOnly DueBy(DateOnly today, int workingDays, IReadOnlyDictionary<DateOnly, bool> exceptions) =>
        AddWorkingDays(today, workingDays + 1, exceptions).AddDays(-1);

    /// <summary>How far ahead <see cref="DueBy"/> may read the calendar for this many working days.</summary>
    public static DateOnly Horizon(DateOnly start, int workingDays) => start.AddDays(workingDays * 3 + 60);

    public static async Task<DateOnly> DueByAsync(MySqlConnection connection, DateOnly today, int workingDays, CancellationToken ct) =>
        DueBy(today, workingDays, await ExceptionsAsync(connection, today, Horizon(today, workingDays + 1), ct));

    /// <summary>The listed dates from <c>@from</c> to <c>@to</c>, for a caller that batches this read with others.</summary>
    public const string RangeSql = "SELECT day, is_workday, note FROM work_calendar WHERE day BETWEEN @from AND @to ORDER BY day";

    /// <summary>The listed dates between two days, as <see cref="IsWorkday"/> reads them.</summary>
    public static async Task<IReadOnlyDictionary<DateOnly, bool>> ExceptionsAsync(
        MySqlConnection connection, DateOnly from, DateOnly to, CancellationToken ct) =>
        (await RowsAsync(connection, null, from, to, ct)).ToDictionary(r => DateOnly.FromDateTime(r.Day), r => r.IsWorkday);

    public static bool IsWorkday(DateOnly day, IReadOnlyDictionary<DateOnly, bool> exceptions) =>
        exceptions.TryGetValue(day, out var listed) ? listed : day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    public sealed record Entry(DateOnly Day, bool IsWorkday, string Note);

    public async Task<IReadOnlyList<Entry>> ListAsync(int year, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var exceptions = await RowsAsync(connection, null, new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), ct);
        return exceptions.Select(r => new Entry(DateOnly.FromDateTime(r.Day), r.IsWorkday, r.Note)).ToList();
    }

    /// <summary>
    /// Marks a date, recorded in the staff audit log in the same transaction: the calendar moves every new deadline of
    /// tips and service requests, so every change says who made it, and every admin is told at their next sign-in.
    /// </summary>
    public async Task SetAsync(DateOnly day, bool isWorkday, string note, long staffId, DateTime now, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO work_calendar (day, is_workday, note) VALUES (@day, @isWorkday, @note)
            ON DUPLICATE KEY UPDATE is_workday = @isWorkday, note = @note
            """, new { day = day.ToDateTime(TimeOnly.MinValue), isWorkday, note }, transaction, cancellationToken: ct));
        await AuditAsync(connection, transaction, staffId,
            $"工作日历：{day:yyyy-MM-dd} 设为{(isWorkday ? "工作日" : "休息日")}{(note.Length > 0 ? $"（{note}）" : "")}", now, ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Returns a date to the weekly rule (false: it had no entry), recorded like <see cref="SetAsync"/>.</summary>
    public async Task<bool> RemoveAsync(DateOnly day, long staffId, DateTime now, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await connection.ExecuteAsync(new CommandDefinition("DELETE FROM work_calendar WHERE day = @day",
                new { day = day.ToDateTime(TimeOnly.MinValue) }, transaction, cancellationToken: ct)) == 0)
        {
            return false;
        }

        await AuditAsync(connection, transaction, staffId, $"工作日历：{day:yyyy-MM-dd} 恢复按周一至周五计算", now, ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    private static Task AuditAsync(MySqlConnection connection, MySqlTransaction transaction, long staffId, string detail, DateTime now,
        CancellationToken ct) =>
        StaffStore.AuditAsync(connection, transaction, staffId, staffId, StaffAudit.Actions.CalendarChanged, detail, true, now, ct);

    private static async Task<IReadOnlyList<(DateTime Day, bool IsWorkday, string Note)>> RowsAsync(
        MySqlConnection connection, MySqlTransaction? transaction, DateOnly from, DateOnly to, CancellationToken ct) =>
        (await connection.QueryAsync<(DateTime Day, bool IsWorkday, string Note)>(new CommandDefinition(
            RangeSql,
            new { from = from.ToDateTime(TimeOnly.MinValue), to = to.ToDateTime(TimeOnly.MinValue) }, transaction,
            cancellationToken: ct))).ToList();
}
