using MySqlConnector;

namespace Shangmi.Api.Tests.Infrastructure;

/// <summary>
/// The MariaDB server that test.sh starts for this run (connection in <c>SHANGMI_TEST_MYSQL</c>, no database).
/// Each test class gets a database of its own, created empty here and dropped when the class is done.
/// </summary>
public static class TestMariaDb
{
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("SHANGMI_TEST_MYSQL")
        ?? throw new InvalidOperationException(
            "SHANGMI_TEST_MYSQL is not set: run the tests with ./test.sh, which starts a throw-away MariaDB.");

    public static string NewDatabaseName() => $"t_{Guid.NewGuid():N}";

    public static async Task<string> CreateDatabaseAsync(string? name = null)
    {
        name ??= NewDatabaseName();
        await ExecuteAsync($"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        return name;
    }

    public static Task DropDatabaseAsync(string name) => ExecuteAsync($"DROP DATABASE IF EXISTS `{name}`");

    /// <summary>Connection string for one database, going through <paramref name="port"/> when given (a relay).</summary>
    public static string ConnectionStringFor(string database, int? port = null)
    {
        var builder = new MySqlConnectionStringBuilder(ServerConnectionString) { Database = database };
        if (port is not null)
        {
            builder.Port = (uint)port.Value;
        }

        return builder.ConnectionString;
    }

    public static int ServerPort => (int)new MySqlConnectionStringBuilder(ServerConnectionString).Port;

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new MySqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
