using MySqlConnector;

namespace Shangmi.Api.Data;

/// <summary>
/// The pool of the public article reads, the service's most-read routes. Its connections are not reset when they
/// leave the pool, which spares a round trip per read: the uncached article list ran 25 % faster (bench/REPORT.md).
/// That is sound for what runs here and only for that: batches of SELECTs, outside any transaction, that leave no
/// session state behind and can run twice. The reset is also what finds connections dropped while idle (a restarted
/// database, a proxy's idle timeout), so a read that meets such a connection runs again on the next one; a database
/// that is really away still fails fast, when a new connection is refused. Everything else uses the main pool.
/// </summary>
public sealed class PublicReads(MySqlDataSource pool) : IAsyncDisposable
{
    /// <summary>The pool discards each dropped connection it hands out, so its idle connections bound the retries.</summary>
    private readonly int _maxAttempts = (int)new MySqlConnectionStringBuilder(pool.ConnectionString).MaximumPoolSize + 1;

    /// <summary>Runs <paramref name="read"/> on a connection of this pool, again on the next one if it was dropped.</summary>
    public async Task<T> RunAsync<T>(Func<MySqlConnection, Task<T>> read, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await pool.OpenConnectionAsync(ct);
            try
            {
                return await read(connection);
            }
            catch (Exception e) when (Transient.IsDroppedConnection(e) && attempt < _maxAttempts)
            {
                // The next connection: another idle one, or a new one once the pool holds no idle ones.
            }
        }
    }

    public ValueTask DisposeAsync() => pool.DisposeAsync();
}
