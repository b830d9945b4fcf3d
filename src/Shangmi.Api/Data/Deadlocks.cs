using MySqlConnector;

namespace Shangmi.Api.Data;

/// <summary>
/// The one retry policy of every transactional write. InnoDB resolves a deadlock (or a lock wait that timed out)
/// by rolling back one transaction, which may simply run again: up to <see cref="Attempts"/> runs, after a short
/// random pause so that the transactions that collided do not collide again in step. A write that still cannot
/// get through reaches the client as 503 database.busy. Writes also take their locks in one order (documented
/// where they do), which keeps deadlocks rare in the first place.
/// </summary>
public static class Deadlocks
{
    public const int Attempts = 4;

    /// <summary>
    /// A deadlock, a lock wait that timed out, or 1467: MariaDB reports a deadlock met while taking the table's
    /// auto-increment lock as "failed to read auto-increment value" and rolls the transaction back (MDEV-33593). The
    /// scale-out rush (bench/scale-out.sh) met it on INSERT IGNORE into event_notifications with two instances.
    /// </summary>
    public static bool IsDeadlock(MySqlException exception) =>
        exception.ErrorCode is MySqlErrorCode.LockDeadlock or MySqlErrorCode.LockWaitTimeout
            or MySqlErrorCode.AutoIncrementReadFailed;

    public static async Task<T> RetryAsync<T>(Func<Task<T>> transaction)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await transaction();
            }
            catch (MySqlException e) when (IsDeadlock(e) && attempt < Attempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * attempt)));
            }
        }
    }

    public static Task RetryAsync(Func<Task> transaction) =>
        RetryAsync(async () =>
        {
            await transaction();
            return true;
        });
}
