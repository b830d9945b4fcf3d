using Dapper;
using MySqlConnector;
using Shangmi.Api.Enterprises;

namespace Shangmi.Api.ServiceNetwork;

/// <summary>
/// The SQL of the service network: bases, liaison officers, the consenting listed enterprises. Staff writes carry the
/// district scope (<see cref="EnterpriseScope"/> on the row's district): outside it a row is not found.
/// </summary>
public sealed class NetworkStore(MySqlDataSource db)
{
    private const string BaseColumns = """
        SELECT b.id, b.name, b.zone, b.district_id AS DistrictId, d.name AS DistrictName, b.address, b.lat, b.lng, b.phone, b.services,
               b.hours
        FROM service_bases b JOIN districts d ON d.id = b.district_id
        """;

    private const string OfficerColumns = """
        SELECT o.id, o.district_id AS DistrictId, d.name AS DistrictName, o.name, o.office_phone AS OfficePhone
        FROM liaison_officers o JOIN districts d ON d.id = o.district_id
        """;

    /// <summary>The bases (a city has tens, the list is capped) in district and name order.</summary>
    public async Task<IReadOnlyList<ServiceBase>> BasesAsync(long? districtId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<BaseRow>(new CommandDefinition(
            BaseColumns + " WHERE (@districtId IS NULL OR b.district_id = @districtId) ORDER BY d.sort_order, b.name, b.id LIMIT 1000",
            new { districtId }, cancellationToken: ct))).Select(b => b.ToBase()).ToList();
    }

    public async Task<ServiceBase?> BaseAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<BaseRow>(new CommandDefinition(
            BaseColumns + " WHERE b.id = @id", new { id }, cancellationToken: ct)))?.ToBase();
    }

    public async Task<long> CreateBaseAsync(ServiceBaseRequest b, DateTime now, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO service_bases (name, zone, district_id, address, lat, lng, phone, services, hours, created_at, updated_at)
            VALUES (@Name, @Zone, @DistrictId, @Address, @Lat, @Lng, @Phone, @Services, @Hours, @now, @now);
            SELECT LAST_INSERT_ID();
            """, new { b.Name, b.Zone, b.DistrictId, b.Address, b.Lat, b.Lng, b.Phone, b.Services, b.Hours, now }, cancellationToken: ct));
    }

    /// <summary>Rewrites a base within the scope (both its old and its new district); false when not found there.</summary>
    public async Task<bool> UpdateBaseAsync(long id, ServiceBaseRequest b, long? scope, DateTime now, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE service_bases e
            SET name = @Name, zone = @Zone, district_id = @DistrictId, address = @Address, lat = @Lat, lng = @Lng, phone = @Phone,
                services = @Services, hours = @Hours, updated_at = @now
            WHERE e.id = @id AND (@scope IS NULL OR (e.district_id = @scope AND @DistrictId = @scope))
            """, new { id, b.Name, b.Zone, b.DistrictId, b.Address, b.Lat, b.Lng, b.Phone, b.Services, b.Hours, scope, now },
            cancellationToken: ct)) > 0;
    }

    public Task<bool> DeleteBaseAsync(long id, long? scope, CancellationToken ct) => DeleteAsync("service_bases", id, scope, ct);

    public async Task<IReadOnlyList<LiaisonOfficer>> OfficersAsync(long? districtId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<LiaisonOfficer>(new CommandDefinition(
            OfficerColumns + " WHERE (@districtId IS NULL OR o.district_id = @districtId) ORDER BY d.sort_order, o.id LIMIT 1000",
            new { districtId }, cancellationToken: ct))).ToList();
    }

    public async Task<LiaisonOfficer?> OfficerAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<LiaisonOfficer>(new CommandDefinition(
            OfficerColumns + " WHERE o.id = @id", new { id }, cancellationToken: ct));
    }

    public async Task<long> CreateOfficerAsync(LiaisonOfficerRequest o, DateTime now, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO liaison_officers (district_id, name, office_phone, created_at, updated_at) VALUES (@DistrictId, @Name, @OfficePhone, @now, @now);
            SELECT LAST_INSERT_ID();
            """, new { o.DistrictId, o.Name, o.OfficePhone, now }, cancellationToken: ct));
    }

    public async Task<bool> UpdateOfficerAsync(long id, LiaisonOfficerRequest o, long? scope, DateTime now, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE liaison_officers e SET district_id = @DistrictId, name = @Name, office_phone = @OfficePhone, updated_at = @now
            WHERE e.id = @id AND (@scope IS NULL OR (e.district_id = @scope AND @DistrictId = @scope))
            """, new { id, o.DistrictId, o.Name, o.OfficePhone, scope, now }, cancellationToken: ct)) > 0;
    }

    public Task<bool> DeleteOfficerAsync(long id, long? scope, CancellationToken ct) => DeleteAsync("liaison_officers", id, scope, ct);

    /// <summary>Liaison points and demonstration enterprises that agreed to be listed, verified ones only.</summary>
    public async Task<IReadOnlyList<ListedEnterprise>> ListedEnterprisesAsync(long? districtId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<(long Id, string Name, string? DistrictName, string? IndustryName, DateTime? LiaisonSince,
            int? DemonstrationYear, string? DemonstrationText)>(new CommandDefinition($"""
            SELECT e.id, e.name, d.name, i.name, e.liaison_since, e.demo_year, e.demo_text
            FROM enterprises e LEFT JOIN districts d ON d.id = e.district_id LEFT JOIN industries i ON i.id = e.industry_id
            WHERE {EnterpriseStore.ListedSql} AND (e.liaison_since IS NOT NULL OR e.demo_year IS NOT NULL)
              AND (@districtId IS NULL OR e.district_id = @districtId)
            ORDER BY e.demo_year IS NULL, e.demo_year DESC, e.name, e.id LIMIT 1000
            """, new { districtId }, cancellationToken: ct)))
            .Select(e => new ListedEnterprise(e.Id, e.Name, e.DistrictName, e.IndustryName, e.LiaisonSince is not null, e.DemonstrationYear,
                e.DemonstrationText))
            .ToList();
    }

    /// <summary>A verified member gives or withdraws the enterprise's consent; false when the user is no member.</summary>
    public async Task<bool> SetListingAsync(long userId, bool listed, DateTime now, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var enterpriseId = await connection.ExecuteScalarAsync<long?>(new CommandDefinition("""
            SELECT c.enterprise_id FROM enterprise_claims c JOIN enterprises e ON e.id = c.enterprise_id
            WHERE c.active_user = @userId AND c.status = 'verified' AND e.status <> 'unverified'
            """, new { userId }, transaction, cancellationToken: ct));
        if (enterpriseId is null)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE enterprises SET public_listing = @listed, updated_at = @now WHERE id = @enterpriseId",
            new { enterpriseId, listed, now }, transaction, cancellationToken: ct));
        await EnterpriseLog.RecordAsync(connection, transaction, enterpriseId, null, EnterpriseLog.Actor.User(userId),
            EnterpriseLog.Action.Changed, now, ct, "publicListing", null, listed ? "同意公开" : "不公开");
        await transaction.CommitAsync(ct);
        return true;
    }

    private async Task<bool> DeleteAsync(string table, long id, long? scope, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        // table is one of two constants of this class, never input.
        return await connection.ExecuteAsync(new CommandDefinition(
            $"DELETE e FROM {table} e WHERE e.id = @id AND (@scope IS NULL OR e.district_id = @scope)", new { id, scope },
            cancellationToken: ct)) > 0;
    }

    private sealed class BaseRow
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public string Zone { get; init; } = "";
        public long DistrictId { get; init; }
        public string DistrictName { get; init; } = "";
        public string Address { get; init; } = "";
        public decimal Lat { get; init; }
        public decimal Lng { get; init; }
        public string Phone { get; init; } = "";
        public string Services { get; init; } = "";
        public string Hours { get; init; } = "";

        public ServiceBase ToBase() => new(Id, Name, Zone, DistrictId, DistrictName, Address, Lat, Lng, Phone, Services, Hours, null);
    }
}
