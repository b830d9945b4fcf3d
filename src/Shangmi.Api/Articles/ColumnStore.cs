using Dapper;
using MySqlConnector;
using Shangmi.Api.Data;

namespace Shangmi.Api.Articles;

public sealed class ColumnStore(MySqlDataSource db, ArticleTotals totals)
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

    public enum CreateOutcome { Created, NameTaken }

    public Task<(CreateOutcome Outcome, long Id)> CreateAsync(
        string name, string description, int sortOrder, bool hidden, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            try
            {
                return (CreateOutcome.Created, await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
                    INSERT INTO columns (name, description, sort_order, hidden, created_at, updated_at)
                    VALUES (@name, @description, @sortOrder, @hidden, @now, @now);
                    SELECT LAST_INSERT_ID();
                    """, new { name, description, sortOrder, hidden, now }, cancellationToken: ct)));
            }
            catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
            {
                return (CreateOutcome.NameTaken, 0L);
            }
        });

    public enum UpdateOutcome { Updated, NotFound, NameTaken }

    public Task<UpdateOutcome> UpdateAsync(long id, string name, string description, int sortOrder, bool hidden, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            try
            {
                var found = await connection.ExecuteAsync(new CommandDefinition("""
                    UPDATE columns SET name = @name, description = @description, sort_order = @sortOrder, hidden = @hidden,
                                       updated_at = @now
                    WHERE id = @id
                    """, new { id, name, description, sortOrder, hidden, now }, cancellationToken: ct)) > 0;
                // Hiding or showing a column changes the public totals.
                totals.Clear();
                return found ? UpdateOutcome.Updated : UpdateOutcome.NotFound;
            }
            catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
            {
                return UpdateOutcome.NameTaken;
            }
        });

    public enum DeleteOutcome { Deleted, NotFound, InUse }

    /// <summary>Deletes an empty column; one that still holds articles is kept (hide it instead).</summary>
    public Task<DeleteOutcome> DeleteAsync(long id, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            var deleted = await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM columns WHERE id = @id AND NOT EXISTS (SELECT 1 FROM articles WHERE column_id = @id)",
                new { id }, cancellationToken: ct));
            return deleted > 0 ? DeleteOutcome.Deleted
                : await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                    "SELECT EXISTS (SELECT 1 FROM columns WHERE id = @id)", new { id }, cancellationToken: ct))
                    ? DeleteOutcome.InUse
                    : DeleteOutcome.NotFound;
        });
}
