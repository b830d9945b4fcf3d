using Dapper;
using MySqlConnector;

namespace Shangmi.Api.Tips;

/// <summary>The categories of infringement offered on the tip form.</summary>
public sealed class TipCategoryStore(MySqlDataSource db)
{
    public async Task<IReadOnlyList<TipCategory>> CategoriesAsync(bool activeOnly, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<TipCategory>(new CommandDefinition("""
            SELECT code, name, description, sort_order AS SortOrder, active FROM tip_categories
            WHERE @activeOnly = 0 OR active = 1 ORDER BY sort_order, code
            """, new { activeOnly }, cancellationToken: ct))).ToList();
    }

    public async Task SaveCategoryAsync(TipCategory category, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO tip_categories (code, name, description, sort_order, active)
            VALUES (@Code, @Name, @Description, @SortOrder, @Active)
            ON DUPLICATE KEY UPDATE name = @Name, description = @Description, sort_order = @SortOrder, active = @Active
            """, category, cancellationToken: ct));
    }
}
