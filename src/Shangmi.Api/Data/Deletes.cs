using Dapper;
using MySqlConnector;

namespace Shangmi.Api.Data;

/// <summary>What deleting something that others may still refer to came to.</summary>
public enum DeleteOutcome { Deleted, NotFound, InUse }

public static class Deletes
{
    /// <summary>
    /// Deletes row <paramref name="id"/> of <paramref name="table"/> unless <paramref name="references"/> (a query
    /// over <c>@id</c>, written in code, never from input) finds a row that still points at it.
    /// </summary>
    public static async Task<DeleteOutcome> UnlessReferencedAsync(
        MySqlConnection connection, string table, string references, long id, CancellationToken ct)
    {
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM {table} WHERE id = @id AND NOT EXISTS ({references})", new { id }, cancellationToken: ct));
        if (deleted > 0)
        {
            return DeleteOutcome.Deleted;
        }

        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            $"SELECT EXISTS (SELECT 1 FROM {table} WHERE id = @id)", new { id }, cancellationToken: ct))
            ? DeleteOutcome.InUse
            : DeleteOutcome.NotFound;
    }
}
