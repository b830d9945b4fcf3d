using Dapper;
using Microsoft.Extensions.Options;
using MySqlConnector;
using Shangmi.Api.Data;

namespace Shangmi.Api.Events;

/// <summary>
/// PIPL Art 19/47: registrants' personal contact data (contact name, mobile number, position, remark) is erased
/// <see cref="EventOptions.ContactRetention"/> after the event ends; the company and the attendance stay for the record.
/// Runs daily; the UPDATE is idempotent, so several instances may run it.
/// </summary>
public sealed class ContactRetention(
    MySqlDataSource db, IOptions<EventOptions> options, TimeProvider time, ILogger<ContactRetention> logger)
    : PeriodicJob(time, logger)
{
    public const string ErasedName = "（已删除）";


    protected override TimeSpan Interval => TimeSpan.FromDays(1);

    protected override Task RunRoundAsync(CancellationToken ct) => EraseAsync(ct);

    /// <summary>Erases the contact data of registrations whose event ended before the retention period; returns how many.</summary>
    public async Task<int> EraseAsync(CancellationToken ct)
    {
        var cutoff = Time.GetUtcNow().UtcDateTime - options.Value.ContactRetention;
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE registrations r JOIN events e ON e.id = r.event_id
            SET r.contact_name = @erased, r.phone = '', r.position = '', r.remark = ''
            WHERE e.ends_at < @cutoff AND r.phone <> ''
            """, new { cutoff, erased = ErasedName }, cancellationToken: ct));
    }

}
