using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MySqlConnector;

namespace Shangmi.Api.Data;

/// <summary>Ready when the schema is migrated and the database answers a trivial query within two seconds.</summary>
internal sealed class DatabaseReadyCheck(MySqlDataSource dataSource, MigrationState migrations) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (!migrations.IsMigrated)
        {
            return HealthCheckResult.Unhealthy("数据库尚未完成迁移");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(timeout.Token);
            await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: timeout.Token));
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is MySqlException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("数据库暂时无法连接");
        }
    }
}
