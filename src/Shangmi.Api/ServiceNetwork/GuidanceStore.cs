using Dapper;
using MySqlConnector;
using Shangmi.Api.Data;

namespace Shangmi.Api.ServiceNetwork;

/// <summary>The SQL of the guidance documents: the public list, editors' writes, the download count.</summary>
public sealed class GuidanceStore(MySqlDataSource db)
{
    public enum WriteOutcome { Done, NotFound, TitleTaken, NoFile, InUse }

    private const string Columns = """
        SELECT id, title, kind, summary, version_date AS VersionDate, file_size AS FileSize, downloads,
               CONCAT('/api/v1/guidance-documents/', id, '/download') AS DownloadUrl
        FROM guidance_documents
        """;

    public async Task<IReadOnlyList<GuidanceDocument>> ListAsync(GuidanceKind? kind, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<Row>(new CommandDefinition(
            Columns + " WHERE (@kind IS NULL OR kind = @kind) ORDER BY version_date DESC, id LIMIT 500",
            new { kind = kind?.ToDb() }, cancellationToken: ct))).Select(r => r.ToDocument()).ToList();
    }

    public async Task<GuidanceDocument?> FindAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Columns + " WHERE id = @id", new { id },
            cancellationToken: ct)))?.ToDocument();
    }

    /// <summary>Counts a download and returns the file's key and the title to name it by; null when there is no such document.</summary>
    public async Task<(string FileKey, string Title)?> DownloadAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        if (await connection.ExecuteAsync(new CommandDefinition("UPDATE guidance_documents SET downloads = downloads + 1 WHERE id = @id",
                new { id }, cancellationToken: ct)) == 0)
        {
            return null;
        }

        return await connection.QuerySingleAsync<(string, string)>(new CommandDefinition(
            "SELECT file_key, title FROM guidance_documents WHERE id = @id", new { id }, cancellationToken: ct));
    }

    /// <summary>Creates (id null) or rewrites a document; the file must be a PDF staff uploaded (or the seeder wrote).</summary>
    public async Task<(WriteOutcome Outcome, long Id)> SaveAsync(long? id, GuidanceWrite d, long? fileSize, DateTime now,
        CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        // An uploaded PDF, or the file the document already has (a seeded placeholder is in no upload record; no key: keep it).
        var size = fileSize ?? await connection.ExecuteScalarAsync<long?>(new CommandDefinition("""
            SELECT COALESCE((SELECT size_bytes FROM files WHERE file_key = @FileKey AND content_type = 'application/pdf'),
                            (SELECT file_size FROM guidance_documents WHERE id = @id AND (@FileKey IS NULL OR file_key = @FileKey)))
            """, new { d.FileKey, id }, cancellationToken: ct));
        if (size is null)
        {
            // Without a key only the document itself could have given the size: there is no such document.
            return (d.FileKey is null ? WriteOutcome.NotFound : WriteOutcome.NoFile, 0);
        }

        var args = new { id, d.Title, kind = d.Kind.ToDb(), d.Summary, versionDate = d.VersionDate.ToDateTime(TimeOnly.MinValue), d.FileKey, size, now };
        try
        {
            if (id is null)
            {
                return (WriteOutcome.Done, await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
                    INSERT INTO guidance_documents (title, kind, summary, file_key, file_size, version_date, created_at, updated_at)
                    VALUES (@Title, @kind, @Summary, @FileKey, @size, @versionDate, @now, @now);
                    SELECT LAST_INSERT_ID();
                    """, args, cancellationToken: ct)));
            }

            // Without a new key the row keeps its own file and size together, even if another edit replaced the file
            // after the size above was read: the size is written only with the key it belongs to.
            return await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE guidance_documents SET title = @Title, kind = @kind, summary = @Summary, file_key = COALESCE(@FileKey, file_key),
                                              file_size = IF(@FileKey IS NULL, file_size, @size),
                                              version_date = @versionDate, updated_at = @now
                WHERE id = @id
                """, args, cancellationToken: ct)) > 0 ? (WriteOutcome.Done, id.Value) : (WriteOutcome.NotFound, 0);
        }
        catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
        {
            return (WriteOutcome.TitleTaken, 0);
        }
    }

    /// <summary>Deletes a document no request names; one a request asked for stays (<see cref="WriteOutcome.InUse"/>).</summary>
    public async Task<WriteOutcome> DeleteAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        try
        {
            return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM guidance_documents WHERE id = @id", new { id },
                cancellationToken: ct)) > 0 ? WriteOutcome.Done : WriteOutcome.NotFound;
        }
        catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.RowIsReferenced2)
        {
            return WriteOutcome.InUse;
        }
    }

    public async Task<bool> AnyAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM guidance_documents)",
            cancellationToken: ct));
    }

    private sealed class Row
    {
        public long Id { get; init; }
        public string Title { get; init; } = "";
        public GuidanceKind Kind { get; init; }
        public string Summary { get; init; } = "";
        public DateTime VersionDate { get; init; }
        public long FileSize { get; init; }
        public long Downloads { get; init; }
        public string DownloadUrl { get; init; } = "";

        public GuidanceDocument ToDocument() =>
            new(Id, Title, Kind, Summary, DateOnly.FromDateTime(VersionDate), FileSize, Downloads, DownloadUrl);
    }
}
