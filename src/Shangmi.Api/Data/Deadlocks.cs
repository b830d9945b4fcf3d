using MySqlConnector;

namespace Shangmi.Api.Data;

/// <summary>
/// InnoDB resolves a deadlock by rolling back one transaction, which may simply run again. Transactional writes
/// go through <see cref="RetryOnceAsync{T}"/>; a second deadlock reaches the client as 503 database.busy.
/// </summary>
public static class Deadlocks
{
    public static bool IsDeadlock(MySqlException exception) =>
        exception.ErrorCode is MySqlErrorCode.LockDeadlock or MySqlErrorCode.LockWaitTimeout;

    public static async Task<T> RetryOnceAsync<T>(Func<Task<T>> transaction)
    {
        try
        {
            return await transaction();
        }
        catch (MySqlException e) when (IsDeadlock(e))
        {
            return await transaction();
        }
    }
}
