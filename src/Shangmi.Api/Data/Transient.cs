using System.Diagnostics;
using MySqlConnector;

namespace Shangmi.Api.Data;

/// <summary>
/// Database failures that pass: the server is away, restarting, or every pooled connection is busy on a saturated
/// machine. Requests answer them with 503 database.unavailable; work whose loss would cost a client far more than a
/// wait (a fully received evidence file) retries them instead.
/// </summary>
public static class Transient
{
    /// <summary>
    /// The database cannot be reached or went away: refused or timed-out connections, and a connection that
    /// breaks while a command runs (the server died, a proxy dropped it), which MySqlConnector reports as an
    /// incomplete read wrapped in a MySqlException.
    /// </summary>
    public static bool IsUnavailable(Exception exception) =>
        IsDroppedConnection(exception)
        || exception is MySqlException db
        && (db.IsTransient
            || db.ErrorCode is MySqlErrorCode.UnableToConnectToHost or MySqlErrorCode.CommandTimeoutExpired);

    /// <summary>
    /// A connection the server closed before or while a command used it: the server restarted or died, a proxy
    /// dropped it, or the server said why before closing it (MySQL 8's 4031 idle timeout, a shutdown, MariaDB's 1927
    /// for a killed connection). Unlike a refused connection, this says nothing about whether the server is up now. A
    /// command timeout is not one of them, though MySqlConnector closes the socket for it too: the statement may still
    /// be running.
    /// </summary>
    public static bool IsDroppedConnection(Exception exception) => exception switch
    {
        MySqlException { ErrorCode: MySqlErrorCode.CommandTimeoutExpired } => false,
        MySqlException { ErrorCode: MySqlErrorCode.ClientInteractionTimeout or MySqlErrorCode.ServerShutdown } => true,
        MySqlException { Number: MariaDbConnectionKilled } => true,
        MySqlException db => db.InnerException is MySqlEndOfStreamException or IOException or System.Net.Sockets.SocketException,
        MySqlEndOfStreamException or MySqlProtocolException => true,
        _ => false,
    };

    /// <summary>MariaDB's ER_CONNECTION_KILLED, which MySqlConnector's error codes do not name.</summary>
    private const int MariaDbConnectionKilled = 1927;

    /// <summary>
    /// Runs <paramref name="work"/>, again after a transient failure or a deadlock, with a growing pause (0.25 s
    /// doubling to 4 s) for as long as <paramref name="patience"/> allows; then the last failure is thrown.
    /// Real time on purpose: this is about a database coming back, not about the service's clock.
    /// </summary>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> work, TimeSpan patience, CancellationToken ct = default)
    {
        var watch = Stopwatch.StartNew();
        var pause = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                return await work();
            }
            catch (Exception e) when ((IsUnavailable(e) || e is MySqlException db && Deadlocks.IsDeadlock(db))
                                      && watch.Elapsed + pause < patience)
            {
                await Task.Delay(pause, ct);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(4).Ticks));
            }
        }
    }
}
