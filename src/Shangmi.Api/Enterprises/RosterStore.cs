using Dapper;
using MySqlConnector;
using Shangmi.Api.Data;

namespace Shangmi.Api.Enterprises;

/// <summary>The SQL of the roster import: enterprises the bureau knows, created or updated by credit code, all in one transaction.</summary>
public sealed class RosterStore(MySqlDataSource db)
{
    /// <summary>The district of each listed code that is already an enterprise (null district included).</summary>
    public async Task<IReadOnlyDictionary<string, long?>> DistrictsOfAsync(IReadOnlyCollection<string> codes, CancellationToken ct)
    {
        if (codes.Count == 0)
        {
            return new Dictionary<string, long?>();
        }

        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<(string Code, long? DistrictId)>(new CommandDefinition(
                "SELECT credit_code, district_id FROM enterprises WHERE credit_code IN @codes", new { codes }, cancellationToken: ct)))
            .ToDictionary(r => r.Code, r => r.DistrictId);
    }

    /// <summary>
    /// Creates the new codes as verified enterprises and updates the known ones with what the row gives (a blank cell
    /// keeps the value); a liaison date makes the enterprise a liaison point. Returns how many were created and updated.
    /// </summary>
    public Task<(int Created, int Updated)> ImportAsync(IReadOnlyList<RosterWrite> rows, long staffId, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            int created = 0, updated = 0;
            foreach (var row in rows)
            {
                var p = row.Profile;
                var args = new
                {
                    p.CreditCode, p.Name, p.DistrictId, p.IndustryId, p.SizeBandId, p.Address, p.Employees, now,
                    since = row.LiaisonSince?.ToDateTime(TimeOnly.MinValue),
                };
                var id = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
                    "SELECT id FROM enterprises WHERE credit_code = @CreditCode FOR UPDATE", args, transaction, cancellationToken: ct));
                if (id is null)
                {
                    id = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
                        INSERT INTO enterprises (credit_code, name, status, district_id, industry_id, size_band_id, address, employees,
                                                 liaison_since, created_at, updated_at)
                        VALUES (@CreditCode, @Name, 'verified', @DistrictId, @IndustryId, @SizeBandId, @Address, @Employees, @since, @now, @now);
                        SELECT LAST_INSERT_ID();
                        """, args, transaction, cancellationToken: ct));
                    created++;
                }
                else
                {
                    await connection.ExecuteAsync(new CommandDefinition("""
                        UPDATE enterprises
                        SET name = @Name, status = IF(status = 'unverified', 'verified', status),
                            district_id = COALESCE(@DistrictId, district_id), industry_id = COALESCE(@IndustryId, industry_id),
                            size_band_id = COALESCE(@SizeBandId, size_band_id), address = IF(@Address = '', address, @Address),
                            employees = COALESCE(@Employees, employees), liaison_since = COALESCE(@since, liaison_since), updated_at = @now
                        WHERE credit_code = @CreditCode
                        """, args, transaction, cancellationToken: ct));
                    updated++;
                }

                if (p.TagIds.Count > 0)
                {
                    await ProfileStore.ReplaceTagsAsync(connection, transaction, id.Value, p.TagIds, ct);
                }

                await EnterpriseLog.RecordAsync(connection, transaction, id, null, EnterpriseLog.Actor.Staff(staffId),
                    EnterpriseLog.Action.Imported, now, ct, newValue: $"第 {row.Row} 行");
            }

            await transaction.CommitAsync(ct);
            return (created, updated);
        });
}
