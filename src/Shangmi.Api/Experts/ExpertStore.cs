using System.Text;
using Dapper;
using MySqlConnector;
using Shangmi.Api.Common;
using Shangmi.Api.Data;

namespace Shangmi.Api.Experts;

/// <summary>SQL of the expert library. Public queries never select phone, email or notes.</summary>
public sealed class ExpertStore(MySqlDataSource db)
{
    // Fields travel with each expert as "id|name,id|name" (field names cannot contain '|' or ',').
    private const string FieldsOfExpert = """
        (SELECT GROUP_CONCAT(CONCAT(f.id, '|', f.name) ORDER BY f.sort_order, f.id SEPARATOR ',')
         FROM expert_field_links l JOIN expert_fields f ON f.id = l.field_id WHERE l.expert_id = e.id) AS field_list
        """;

    private const string PublicColumns =
        $"e.id, e.name, e.title, e.organization, e.position, e.region, e.photo_url, {FieldsOfExpert}";

    public async Task<IReadOnlyList<ExpertFieldCount>> FieldsWithPublicCountsAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<ExpertFieldCount>(new CommandDefinition("""
            SELECT f.id, f.name, f.sort_order AS SortOrder, COUNT(e.id) AS ExpertCount
            FROM expert_fields f
            LEFT JOIN expert_field_links l ON l.field_id = f.id
            LEFT JOIN experts e ON e.id = l.expert_id AND e.is_public = 1
            GROUP BY f.id, f.name, f.sort_order
            ORDER BY f.sort_order, f.id
            """, cancellationToken: ct))).ToList();
    }

    /// <summary>The controlled lists an expert is checked against: fields (name → id) and district names.</summary>
    public async Task<ExpertVocabulary> VocabularyAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var districts = await connection.QueryAsync<string>(new CommandDefinition("SELECT name FROM districts", cancellationToken: ct));
        return new ExpertVocabulary(await FieldIdsByNameAsync(ct), districts.ToHashSet());
    }

    /// <summary>Every district in list order, with the number of public experts in it, for the region picker.</summary>
    public async Task<IReadOnlyList<ExpertRegionCount>> RegionsWithPublicCountsAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<ExpertRegionCount>(new CommandDefinition("""
            SELECT d.id, d.name, d.sort_order AS SortOrder, COUNT(e.id) AS ExpertCount
            FROM districts d
            LEFT JOIN experts e ON e.region = d.name AND e.is_public = 1
            GROUP BY d.id, d.name, d.sort_order
            ORDER BY d.sort_order, d.id
            """, cancellationToken: ct))).ToList();
    }

    /// <summary>The controlled list, name → id.</summary>
    public async Task<IReadOnlyDictionary<string, long>> FieldIdsByNameAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<(long Id, string Name)>(new CommandDefinition(
            "SELECT id, name FROM expert_fields", cancellationToken: ct))).ToDictionary(f => f.Name, f => f.Id);
    }

    /// <summary>Public experts in display order (sort order, then id), filtered by field, region and keyword.</summary>
    public async Task<Paged<ExpertSummary>> ListPublicAsync(
        long? fieldId, string? region, string? q, PageRequest page, CancellationToken ct)
    {
        var where = new StringBuilder("e.is_public = 1");
        if (fieldId is not null)
        {
            where.Append(" AND EXISTS (SELECT 1 FROM expert_field_links l WHERE l.expert_id = e.id AND l.field_id = @fieldId)");
        }

        if (region is not null)
        {
            where.Append(" AND e.region = @region");
        }

        if (q is not null)
        {
            where.Append(" AND (e.name LIKE @pattern OR e.organization LIKE @pattern OR e.bio LIKE @pattern)");
        }

        var args = new { fieldId, region, pattern = q is null ? null : SqlLike.Contains(q), limit = page.PageSize, offset = page.Offset };
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<ExpertRow>(new CommandDefinition($"""
            SELECT {PublicColumns} FROM experts e WHERE {where}
            ORDER BY e.sort_order, e.id LIMIT @limit OFFSET @offset
            """, args, cancellationToken: ct));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM experts e WHERE {where}", args, cancellationToken: ct));
        return page.Of(rows.Select(r => r.ToSummary()).ToList(), total);
    }

    public async Task<ExpertProfile?> FindPublicAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<ExpertRow>(new CommandDefinition($"""
            SELECT {PublicColumns}, e.bio, e.achievements FROM experts e WHERE e.id = @id AND e.is_public = 1
            """, new { id }, cancellationToken: ct));
        return row is null
            ? null
            : new ExpertProfile(row.Id, row.Name, row.Title, row.Organization, row.Position, row.Region, row.Fields(),
                row.PhotoUrl, row.Bio, row.Achievements);
    }

    /// <summary>Public summaries of the given experts in one query, in the order of <paramref name="ids"/> (event speakers).</summary>
    public async Task<IReadOnlyList<ExpertSummary>> SummariesAsync(IReadOnlyList<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = (await connection.QueryAsync<ExpertRow>(new CommandDefinition(
            $"SELECT {PublicColumns} FROM experts e WHERE e.id IN @ids AND e.is_public = 1", new { ids },
            cancellationToken: ct))).ToDictionary(r => r.Id);
        return ids.Where(rows.ContainsKey).Select(id => rows[id].ToSummary()).ToList();
    }

    public async Task<Paged<AdminExpert>> ListAdminAsync(string? q, PageRequest page, CancellationToken ct)
    {
        var where = q is null ? "1 = 1" : "(e.name LIKE @pattern OR e.organization LIKE @pattern OR e.phone LIKE @pattern)";
        var args = new { pattern = q is null ? null : SqlLike.Contains(q), limit = page.PageSize, offset = page.Offset };
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<ExpertRow>(new CommandDefinition($"""
            SELECT {PublicColumns}, e.bio, e.achievements, e.is_public, e.sort_order, e.phone, e.email, e.notes,
                   e.created_at, e.updated_at
            FROM experts e WHERE {where} ORDER BY e.sort_order, e.id LIMIT @limit OFFSET @offset
            """, args, cancellationToken: ct));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM experts e WHERE {where}", args, cancellationToken: ct));
        return page.Of(rows.Select(r => r.ToAdmin()).ToList(), total);
    }

    public async Task<AdminExpert?> FindAdminAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<ExpertRow>(new CommandDefinition($"""
            SELECT {PublicColumns}, e.bio, e.achievements, e.is_public, e.sort_order, e.phone, e.email, e.notes,
                   e.created_at, e.updated_at
            FROM experts e WHERE e.id = @id
            """, new { id }, cancellationToken: ct));
        return row?.ToAdmin();
    }

    /// <summary>What a write came to; Taken: the unique key (an expert's name and organization, a field's name) is in use.</summary>
    public enum CreateOutcome { Created, Taken }

    public enum UpdateOutcome { Updated, NotFound, Taken }

    public enum DeleteOutcome { Deleted, NotFound, InUse }

    public Task<(CreateOutcome Outcome, long Id)> CreateAsync(ExpertWrite expert, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            try
            {
                var id = await InsertAsync(connection, transaction, expert, now, ct);
                await transaction.CommitAsync(ct);
                return (CreateOutcome.Created, id);
            }
            catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
            {
                return (CreateOutcome.Taken, 0L);
            }
        });

    public Task<UpdateOutcome> UpdateAsync(long id, ExpertWrite expert, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            try
            {
                var found = await UpdateAsync(connection, transaction, id, expert, now, ct);
                await transaction.CommitAsync(ct);
                return found ? UpdateOutcome.Updated : UpdateOutcome.NotFound;
            }
            catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
            {
                return UpdateOutcome.Taken;
            }
        });

    public Task<DeleteOutcome> DeleteAsync(long id, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            return await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM experts WHERE id = @id", new { id }, cancellationToken: ct)) > 0
                ? DeleteOutcome.Deleted
                : DeleteOutcome.NotFound;
        });

    /// <summary>
    /// Creates or updates every expert, matched on (name, organization), in one transaction: all rows or none.
    /// </summary>
    public Task<(int Created, int Updated)> ImportAsync(IReadOnlyList<ExpertWrite> experts, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var existing = (await connection.QueryAsync<(long Id, string Name, string Organization)>(new CommandDefinition(
                    "SELECT id, name, organization FROM experts FOR UPDATE", transaction: transaction, cancellationToken: ct)))
                .ToDictionary(e => NaturalKey(e.Name, e.Organization), e => e.Id);
            int created = 0, updated = 0;
            foreach (var expert in experts)
            {
                if (existing.TryGetValue(NaturalKey(expert.Name, expert.Organization), out var id))
                {
                    await UpdateAsync(connection, transaction, id, expert, now, ct);
                    updated++;
                }
                else
                {
                    await InsertAsync(connection, transaction, expert, now, ct);
                    created++;
                }
            }

            await transaction.CommitAsync(ct);
            return (created, updated);
        });

    /// <summary>The key the import matches on; the database's collation compares names without case.</summary>
    public static string NaturalKey(string name, string organization) =>
        $"{name.ToUpperInvariant()}\n{organization.ToUpperInvariant()}";

    public Task<(CreateOutcome Outcome, long Id)> CreateFieldAsync(string name, int sortOrder, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            try
            {
                return (CreateOutcome.Created, await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
                    INSERT INTO expert_fields (name, sort_order, created_at, updated_at) VALUES (@name, @sortOrder, @now, @now);
                    SELECT LAST_INSERT_ID();
                    """, new { name, sortOrder, now }, cancellationToken: ct)));
            }
            catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
            {
                return (CreateOutcome.Taken, 0L);
            }
        });

    public Task<UpdateOutcome> UpdateFieldAsync(long id, string name, int sortOrder, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            try
            {
                return await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE expert_fields SET name = @name, sort_order = @sortOrder, updated_at = @now WHERE id = @id",
                    new { id, name, sortOrder, now }, cancellationToken: ct)) > 0
                    ? UpdateOutcome.Updated
                    : UpdateOutcome.NotFound;
            }
            catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
            {
                return UpdateOutcome.Taken;
            }
        });

    /// <summary>Deletes a field that no expert uses.</summary>
    public Task<DeleteOutcome> DeleteFieldAsync(long id, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            var deleted = await connection.ExecuteAsync(new CommandDefinition("""
                DELETE FROM expert_fields WHERE id = @id
                AND NOT EXISTS (SELECT 1 FROM expert_field_links WHERE field_id = @id)
                """, new { id }, cancellationToken: ct));
            return deleted > 0 ? DeleteOutcome.Deleted
                : await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                    "SELECT EXISTS (SELECT 1 FROM expert_fields WHERE id = @id)", new { id }, cancellationToken: ct))
                    ? DeleteOutcome.InUse
                    : DeleteOutcome.NotFound;
        });

    private static async Task<long> InsertAsync(
        MySqlConnection connection, MySqlTransaction transaction, ExpertWrite expert, DateTime now, CancellationToken ct)
    {
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO experts (name, title, organization, position, region, bio, achievements, photo_url, is_public,
                                 sort_order, phone, email, notes, created_at, updated_at)
            VALUES (@Name, @Title, @Organization, @Position, @Region, @Bio, @Achievements, @PhotoUrl, @IsPublic,
                    @SortOrder, @Phone, @Email, @Notes, @now, @now);
            SELECT LAST_INSERT_ID();
            """, Parameters(expert, now), transaction, cancellationToken: ct));
        await LinkFieldsAsync(connection, transaction, id, expert.FieldIds, ct);
        return id;
    }

    private static async Task<bool> UpdateAsync(
        MySqlConnection connection, MySqlTransaction transaction, long id, ExpertWrite expert, DateTime now, CancellationToken ct)
    {
        var parameters = Parameters(expert, now);
        parameters.Add("id", id);
        var found = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE experts SET name = @Name, title = @Title, organization = @Organization, position = @Position,
                region = @Region, bio = @Bio, achievements = @Achievements, photo_url = @PhotoUrl, is_public = @IsPublic,
                sort_order = @SortOrder, phone = @Phone, email = @Email, notes = @Notes, updated_at = @now
            WHERE id = @id
            """, parameters, transaction, cancellationToken: ct));
        if (found == 0)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM expert_field_links WHERE expert_id = @id", new { id }, transaction, cancellationToken: ct));
        await LinkFieldsAsync(connection, transaction, id, expert.FieldIds, ct);
        return true;
    }

    private static Task LinkFieldsAsync(
        MySqlConnection connection, MySqlTransaction transaction, long id, IReadOnlyList<long> fieldIds, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO expert_field_links (expert_id, field_id) VALUES (@id, @fieldId)",
            fieldIds.Select(fieldId => new { id, fieldId }), transaction, cancellationToken: ct));

    private static DynamicParameters Parameters(ExpertWrite expert, DateTime now)
    {
        var parameters = new DynamicParameters(expert);
        parameters.Add("now", now);
        return parameters;
    }

    private sealed class ExpertRow
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public string Title { get; init; } = "";
        public string Organization { get; init; } = "";
        public string Position { get; init; } = "";
        public string Region { get; init; } = "";
        public string? PhotoUrl { get; init; }
        public string? FieldList { get; init; }
        public string Bio { get; init; } = "";
        public string Achievements { get; init; } = "";
        public bool IsPublic { get; init; }
        public int SortOrder { get; init; }
        public string? Phone { get; init; }
        public string? Email { get; init; }
        public string? Notes { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime UpdatedAt { get; init; }

        public IReadOnlyList<ExpertFieldRef> Fields() =>
            string.IsNullOrEmpty(FieldList)
                ? []
                : FieldList.Split(',').Select(pair => pair.Split('|', 2))
                    .Select(parts => new ExpertFieldRef(long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), parts[1]))
                    .ToList();

        public ExpertSummary ToSummary() => new(Id, Name, Title, Organization, Position, Region, Fields(), PhotoUrl);

        public AdminExpert ToAdmin() => new(Id, Name, Title, Organization, Position, Region, Fields().Select(f => f.Name).ToList(), PhotoUrl, Bio,
            Achievements, IsPublic, SortOrder, Phone, Email, Notes, DbTime.FromUtc(CreatedAt),
            DbTime.FromUtc(UpdatedAt));
    }
}
