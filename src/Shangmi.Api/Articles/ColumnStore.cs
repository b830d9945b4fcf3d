using Dapper;
using MySqlConnector;
using Shangmi.Api.Common;
using Shangmi.Api.Data;

namespace Shangmi.Api.Articles;

public sealed class ColumnStore(MySqlDataSource db)
{
    public async Task<IReadOnlyList<Column>> ListAsync(bool includeHidden, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<Column>(new CommandDefinition("""
            SELECT id, name, description, sort_order AS SortOrder, hidden FROM columns
            WHERE @includeHidden OR hidden = 0 ORDER BY sort_order, id
            """, new { includeHidden }, cancellationToken: ct))).ToList();
    }

    public async Task<Column?> FindAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Column>(new CommandDefinition(
            "SELECT id, name, description, sort_order AS SortOrder, hidden FROM columns WHERE id = @id",
            new { id }, cancellationToken: ct));
    }

    /// <summary>Null when the name is taken.</summary>
    public Task<long?> CreateAsync(string name, string description, int sortOrder, bool hidden, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync<long?>(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            return await UniqueKeys.NullIfTakenAsync(() => connection.ExecuteScalarAsync<long>(new CommandDefinition("""
                INSERT INTO columns (name, description, sort_order, hidden, created_at, updated_at)
                VALUES (@name, @description, @sortOrder, @hidden, @now, @now);
                SELECT LAST_INSERT_ID();
                """, new { name, description, sortOrder, hidden, now }, cancellationToken: ct)));
        });

    /// <summary>Null when the name is taken by another column; false when there is no such column.</summary>
    public Task<bool?> UpdateAsync(long id, string name, string description, int sortOrder, bool hidden, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync<bool?>(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            return await UniqueKeys.NullIfTakenAsync(async () => await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE columns SET name = @name, description = @description, sort_order = @sortOrder, hidden = @hidden,
                                   updated_at = @now
                WHERE id = @id
                """, new { id, name, description, sortOrder, hidden, now }, cancellationToken: ct)) > 0);
        });

    /// <summary>Deletes an empty column; one that still holds articles is kept (hide it instead).</summary>
    public Task<DeleteOutcome> DeleteAsync(long id, CancellationToken ct) =>
        Deadlocks.RetryAsync<DeleteOutcome>(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            return await Deletes.UnlessReferencedAsync(connection, "columns", "SELECT 1 FROM articles WHERE column_id = @id", id, ct);
        });
}
