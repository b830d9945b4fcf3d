using Dapper;
using MySqlConnector;
using Shangmi.Api.Common;
using Shangmi.Api.Data;
using Shangmi.Api.Identity.Staff;
using Shangmi.Api.Reference;

namespace Shangmi.Api.Enterprises;

/// <summary>What staff filter the enterprise list by (every filter optional).</summary>
public sealed record EnterpriseFilter(
    long? DistrictId, long? IndustryId, long? TagId, Designation? Designation, EnterpriseStatus? Status, bool PendingClaims, string? Q);

/// <summary>The SQL of enterprises as staff and the public read them, and of designations.</summary>
public sealed class EnterpriseStore(MySqlDataSource db)
{
    public enum DesignateOutcome { Done, NotFound, UnknownStaff }

    private const string Filter = $"""
        {EnterpriseScope.Sql}
          AND (@DistrictId IS NULL OR e.district_id = @DistrictId) AND (@IndustryId IS NULL OR e.industry_id = @IndustryId)
          AND (@TagId IS NULL OR EXISTS (SELECT 1 FROM enterprise_tag_links l WHERE l.enterprise_id = e.id AND l.tag_id = @TagId))
          AND (@liaison = 0 OR e.liaison_since IS NOT NULL) AND (@demonstration = 0 OR e.demo_year IS NOT NULL)
          AND (@status IS NULL OR e.status = @status)
          AND (@PendingClaims = 0 OR EXISTS (SELECT 1 FROM enterprise_claims p WHERE p.enterprise_id = e.id AND p.status = 'pending'))
          AND (@like IS NULL OR e.name LIKE @like OR e.credit_code LIKE @like)
        """;

    private const string SummarySelect = """
        SELECT e.id, e.credit_code, e.name, e.status, d.name AS district_name, i.name AS industry_name, s.name AS size_band_name,
               e.liaison_since IS NOT NULL AS liaison_point, e.demo_year AS demonstration_year,
               (SELECT COUNT(*) FROM enterprise_claims m WHERE m.enterprise_id = e.id AND m.status = 'verified') AS members,
               (SELECT COUNT(*) FROM enterprise_claims p WHERE p.enterprise_id = e.id AND p.status = 'pending') AS pending_claims,
               e.updated_at
        FROM enterprises e LEFT JOIN districts d ON d.id = e.district_id LEFT JOIN industries i ON i.id = e.industry_id
             LEFT JOIN size_bands s ON s.id = e.size_band_id
        """;

    public async Task<Paged<StaffEnterpriseSummary>> ListAsync(long? scope, EnterpriseFilter filter, PageRequest page, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var args = FilterArgs(scope, filter);
        args.AddDynamicParams(new { page.PageSize, page.Offset });
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM enterprises e WHERE {Filter}", args, cancellationToken: ct));
        var rows = await connection.QueryAsync<SummaryRow>(new CommandDefinition(
            $"{SummarySelect} WHERE {Filter} ORDER BY e.id DESC LIMIT @PageSize OFFSET @Offset", args, cancellationToken: ct));
        return page.Of(rows.Select(r => r.ToSummary()).ToList(), total);
    }

    /// <summary>Every enterprise the filter finds (up to <paramref name="limit"/>), for the export.</summary>
    public async Task<IReadOnlyList<StaffEnterpriseSummary>> ListAllAsync(long? scope, EnterpriseFilter filter, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var args = FilterArgs(scope, filter);
        args.Add("limit", limit);
        return (await connection.QueryAsync<SummaryRow>(new CommandDefinition(
            $"{SummarySelect} WHERE {Filter} ORDER BY e.id LIMIT @limit", args, cancellationToken: ct))).Select(r => r.ToSummary()).ToList();
    }

    /// <summary>Whether the enterprise exists within the staff member's scope.</summary>
    public async Task<bool> InScopeAsync(long id, long? scope, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            $"SELECT EXISTS (SELECT 1 FROM enterprises e WHERE e.id = @id AND {EnterpriseScope.Sql})", new { id, scope }, cancellationToken: ct));
    }

    public async Task<EnterpriseProfile?> ProfileAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await ProfileAsync(connection, null, id, ct);
    }

    public async Task<IReadOnlyList<EnterpriseLogEntry>> HistoryAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await EnterpriseLog.HistoryAsync(connection, id, ct);
    }

    public static async Task<EnterpriseProfile?> ProfileAsync(MySqlConnection connection, MySqlTransaction? transaction, long id,
        CancellationToken ct)
    {
        var row = await connection.QuerySingleOrDefaultAsync<ProfileRow>(new CommandDefinition("""
            SELECT e.id, e.credit_code, e.name, e.status, e.district_id, d.name AS district_name, e.industry_id, i.name AS industry_name,
                   e.size_band_id, s.name AS size_band_name, e.address, e.employees, e.pending_name, e.pending_credit_code,
                   e.change_reason, e.liaison_since, e.liaison_staff_id, st.display_name AS liaison_staff_name, e.demo_year, e.demo_text,
                   e.public_listing
            FROM enterprises e LEFT JOIN districts d ON d.id = e.district_id LEFT JOIN industries i ON i.id = e.industry_id
                 LEFT JOIN size_bands s ON s.id = e.size_band_id LEFT JOIN staff st ON st.id = e.liaison_staff_id
            WHERE e.id = @id
            """, new { id }, transaction, cancellationToken: ct));
        if (row is null)
        {
            return null;
        }

        var tags = (await connection.QueryAsync<ReferenceItem>(new CommandDefinition("""
            SELECT t.id, CAST(NULL AS CHAR(8)) AS code, t.name, t.sort_order AS SortOrder
            FROM enterprise_tag_links l JOIN enterprise_tags t ON t.id = l.tag_id WHERE l.enterprise_id = @id ORDER BY t.sort_order, t.id
            """, new { id }, transaction, cancellationToken: ct))).ToList();
        return row.ToProfile(tags);
    }

    /// <summary>Makes the enterprise a liaison point (or changes its date or officer), within the scope.</summary>
    /// <summary>
    /// Who may be enterprise <c>@id</c>'s liaison officer: an active enterprise-services account, city-wide or of its
    /// district (FROM … WHERE, for the designation's check and the list staff pick from).
    /// </summary>
    private static readonly string LiaisonCandidatesSql = ServiceAccounts.MayActIn("(SELECT district_id FROM enterprises WHERE id = @id)");

    public async Task<IReadOnlyList<LiaisonCandidate>> LiaisonCandidatesAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<LiaisonCandidate>(new CommandDefinition(
            $"SELECT {ServiceAccounts.Columns} {LiaisonCandidatesSql} {ServiceAccounts.Order}",
            new { id }, cancellationToken: ct))).ToList();
    }

    public Task<DesignateOutcome> SetLiaisonPointAsync(long id, long? scope, DateOnly since, long liaisonStaffId, long staffId, DateTime now,
        CancellationToken ct) =>
        DesignateAsync(id, scope, staffId, now, Designation.LiaisonPoint, $"{since:yyyy-MM-dd}，联络员 {liaisonStaffId}", ct,
            async (connection, transaction) =>
            {
                var known = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                    $"SELECT EXISTS (SELECT 1 {LiaisonCandidatesSql} AND s.id = @liaisonStaffId)",
                    new { liaisonStaffId, id }, transaction, cancellationToken: ct));
                if (!known)
                {
                    return false;
                }

                await connection.ExecuteAsync(new CommandDefinition("""
                    UPDATE enterprises SET liaison_since = @since, liaison_staff_id = @liaisonStaffId, updated_at = @now WHERE id = @id
                    """, new { id, since = since.ToDateTime(TimeOnly.MinValue), liaisonStaffId, now }, transaction, cancellationToken: ct));
                return true;
            });

    public Task<DesignateOutcome> SetDemonstrationAsync(long id, long? scope, Demonstration demonstration, long staffId, DateTime now,
        CancellationToken ct) =>
        DesignateAsync(id, scope, staffId, now, Designation.Demonstration, $"{demonstration.Year}：{demonstration.Text}", ct,
            async (connection, transaction) =>
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE enterprises SET demo_year = @Year, demo_text = @Text, updated_at = @now WHERE id = @id",
                    new { id, demonstration.Year, demonstration.Text, now }, transaction, cancellationToken: ct));
                return true;
            });

    /// <summary>Takes a designation away (nothing happens when the enterprise did not have it).</summary>
    public Task<DesignateOutcome> ClearAsync(long id, long? scope, Designation designation, long staffId, DateTime now, CancellationToken ct) =>
        DesignateAsync(id, scope, staffId, now, designation, null, ct, async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(designation == Designation.LiaisonPoint
                ? "UPDATE enterprises SET liaison_since = NULL, liaison_staff_id = NULL, updated_at = @now WHERE id = @id"
                : "UPDATE enterprises SET demo_year = NULL, demo_text = NULL, updated_at = @now WHERE id = @id",
                new { id, now }, transaction, cancellationToken: ct));
            return true;
        });

    /// <summary>
    /// The one rule of which enterprises the public sees (demonstration list, service network): verified, and its
    /// members consented to be listed.
    /// </summary>
    public const string ListedSql = "(e.public_listing = 1 AND e.status <> 'unverified')";

    /// <summary>Verified demonstration enterprises that consented, newest recognition first, for the public page.</summary>
    public async Task<IReadOnlyList<PublicDemonstration>> DemonstrationsAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<PublicDemonstration>(new CommandDefinition($"""
            SELECT e.id, e.name, d.name AS DistrictName, e.demo_year AS Year, e.demo_text AS Text
            FROM enterprises e LEFT JOIN districts d ON d.id = e.district_id
            WHERE e.demo_year IS NOT NULL AND {ListedSql}
            ORDER BY e.demo_year DESC, e.id LIMIT 500
            """, cancellationToken: ct))).ToList();
    }

    private Task<DesignateOutcome> DesignateAsync(long id, long? scope, long staffId, DateTime now, Designation designation, string? detail,
        CancellationToken ct, Func<MySqlConnection, MySqlTransaction, Task<bool>> change) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var found = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
                $"SELECT e.id FROM enterprises e WHERE e.id = @id AND e.status <> 'unverified' AND {EnterpriseScope.Sql} FOR UPDATE",
                new { id, scope }, transaction, cancellationToken: ct));
            if (found is null)
            {
                return DesignateOutcome.NotFound;
            }

            if (!await change(connection, transaction))
            {
                return DesignateOutcome.UnknownStaff;
            }

            await EnterpriseLog.RecordAsync(connection, transaction, id, null, EnterpriseLog.Actor.Staff(staffId),
                detail is null ? EnterpriseLog.Action.Undesignated : EnterpriseLog.Action.Designated, now, ct,
                field: designation.ToDb(), newValue: detail);
            await transaction.CommitAsync(ct);
            return DesignateOutcome.Done;
        });

    private static DynamicParameters FilterArgs(long? scope, EnterpriseFilter filter)
    {
        var args = new DynamicParameters(filter);
        args.AddDynamicParams(new
        {
            scope, liaison = filter.Designation == Designation.LiaisonPoint, demonstration = filter.Designation == Designation.Demonstration,
            status = filter.Status?.ToDb(), like = filter.Q is null ? null : SqlLike.Contains(filter.Q),
        });
        return args;
    }

    private sealed class SummaryRow
    {
        public long Id { get; init; }
        public string CreditCode { get; init; } = "";
        public string Name { get; init; } = "";
        public EnterpriseStatus Status { get; init; }
        public string? DistrictName { get; init; }
        public string? IndustryName { get; init; }
        public string? SizeBandName { get; init; }
        public bool LiaisonPoint { get; init; }
        public int? DemonstrationYear { get; init; }
        public long Members { get; init; }
        public long PendingClaims { get; init; }
        public DateTime UpdatedAt { get; init; }

        public StaffEnterpriseSummary ToSummary() =>
            new(Id, CreditCode, Name, Status, DistrictName, IndustryName, SizeBandName, LiaisonPoint, DemonstrationYear, (int)Members,
                (int)PendingClaims, DbTime.FromUtc(UpdatedAt));
    }

    private sealed class ProfileRow
    {
        public long Id { get; init; }
        public string CreditCode { get; init; } = "";
        public string Name { get; init; } = "";
        public EnterpriseStatus Status { get; init; }
        public long? DistrictId { get; init; }
        public string? DistrictName { get; init; }
        public long? IndustryId { get; init; }
        public string? IndustryName { get; init; }
        public long? SizeBandId { get; init; }
        public string? SizeBandName { get; init; }
        public string Address { get; init; } = "";
        public int? Employees { get; init; }
        public string? PendingName { get; init; }
        public string? PendingCreditCode { get; init; }
        public string? ChangeReason { get; init; }
        public DateTime? LiaisonSince { get; init; }
        public long? LiaisonStaffId { get; init; }
        public string? LiaisonStaffName { get; init; }
        public int? DemoYear { get; init; }
        public string? DemoText { get; init; }
        public bool PublicListing { get; init; }

        public EnterpriseProfile ToProfile(IReadOnlyList<ReferenceItem> tags) =>
            new(Id, CreditCode, Name, Status, DistrictId, DistrictName, IndustryId, IndustryName, SizeBandId, SizeBandName, tags, Address,
                Employees, PendingName, PendingCreditCode, ChangeReason,
                LiaisonSince is { } since ? new LiaisonPoint(DateOnly.FromDateTime(since), LiaisonStaffId, LiaisonStaffName) : null,
                DemoYear is { } year ? new Demonstration(year, DemoText ?? "") : null, PublicListing);
    }
}
