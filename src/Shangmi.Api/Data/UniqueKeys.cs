using MySqlConnector;

namespace Shangmi.Api.Data;

/// <summary>Writes that may hit a unique key (a taken name, a known expert): the caller answers 409 on null.</summary>
public static class UniqueKeys
{
    public static async Task<T?> NullIfTakenAsync<T>(Func<Task<T>> write) where T : struct
    {
        try
        {
            return await write();
        }
        catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
        {
            return null;
        }
    }
}
