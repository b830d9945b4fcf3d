using Dapper;
using MySqlConnector;
using Shangmi.Api.Data;

namespace Shangmi.Api.Reference;

/// <summary>
/// The SQL of the reference lists. The table name comes from <see cref="ReferenceKind"/> (a fixed list in code),
/// never from a request.
/// </summary>
public sealed class ReferenceStore(MySqlDataSource db)
{
    public enum WriteOutcome { Done, NotFound, Taken }

    public async Task<IReadOnlyList<ReferenceItem>> ListAsync(ReferenceKind kind, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<ReferenceItem>(new CommandDefinition(
            $"SELECT id, {CodeColumn(kind)} AS code, name, sort_order AS SortOrder FROM {kind.Table} ORDER BY sort_order, id",
            cancellationToken: ct))).ToList();
    }

    public async Task<ReferenceVocabulary> VocabularyAsync(CancellationToken ct) =>
        new(await ListAsync(ReferenceKind.Districts, ct), await ListAsync(ReferenceKind.Industries, ct),
            await ListAsync(ReferenceKind.SizeBands, ct), await ListAsync(ReferenceKind.Tags, ct));

    public async Task<(WriteOutcome Outcome, long Id)> CreateAsync(ReferenceKind kind, string? code, string name, int sortOrder,
        CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        try
        {
            var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(kind.HasCode
                ? $"INSERT INTO {kind.Table} (code, name, sort_order) VALUES (@code, @name, @sortOrder); SELECT LAST_INSERT_ID();"
                : $"INSERT INTO {kind.Table} (name, sort_order) VALUES (@name, @sortOrder); SELECT LAST_INSERT_ID();",
                new { code, name, sortOrder }, cancellationToken: ct));
            return (WriteOutcome.Done, id);
        }
        catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
        {
            return (WriteOutcome.Taken, 0);
        }
    }

    public async Task<WriteOutcome> UpdateAsync(ReferenceKind kind, long id, string? code, string name, int sortOrder, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        try
        {
            // Rows matched, not changed: an edit that changes nothing still finds its row.
            var found = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                $"SELECT EXISTS (SELECT 1 FROM {kind.Table} WHERE id = @id)", new { id }, cancellationToken: ct));
            if (!found)
            {
                return WriteOutcome.NotFound;
            }

            await connection.ExecuteAsync(new CommandDefinition(kind.HasCode
                ? $"UPDATE {kind.Table} SET code = @code, name = @name, sort_order = @sortOrder WHERE id = @id"
                : $"UPDATE {kind.Table} SET name = @name, sort_order = @sortOrder WHERE id = @id",
                new { id, code, name, sortOrder }, cancellationToken: ct));
            return WriteOutcome.Done;
        }
        catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
        {
            return WriteOutcome.Taken;
        }
    }

    private static string CodeColumn(ReferenceKind kind) => kind.HasCode ? "code" : "CAST(NULL AS CHAR(8))";
}
