using Dapper;
using MySqlConnector;

namespace Shangmi.Api.Files;

/// <summary>SQL of uploaded files: who uploaded what, and when. The bytes themselves live in <see cref="IFileStorage"/>.</summary>
public sealed class FileStore(MySqlDataSource db)
{
    public async Task RecordAsync(
        string key, string contentType, long size, string originalName, long staffId, DateTime now, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO files (file_key, content_type, size_bytes, original_name, uploaded_by, created_at)
            VALUES (@key, @contentType, @size, @originalName, @staffId, @now)
            """, new { key, contentType, size, originalName, staffId, now }, cancellationToken: ct));
    }
}
