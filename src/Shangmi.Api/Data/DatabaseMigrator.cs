using EvolveDb;
using MySqlConnector;

namespace Shangmi.Api.Data;

/// <summary>
/// Applies the versioned SQL scripts in <c>Data/Migrations</c> (embedded resources, named <c>V{n}__{what}.sql</c>)
/// with Evolve. Evolve's cluster mode takes a database lock, so two instances starting together migrate once.
/// When the database is not reachable at start the service still starts (readiness answers 503) and keeps trying
/// in the background, so it heals by itself when the database comes back.
/// </summary>
internal sealed partial class DatabaseMigrator(
    MySqlDataSource dataSource, MigrationState state, IEnumerable<IAfterMigration> afterMigration, TimeProvider time,
    ILogger<DatabaseMigrator> logger)
    : IHostedService, IDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource _stopping = new();
    private Task? _retrying;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!await TryMigrateAsync(cancellationToken))
        {
            _retrying = RetryUntilMigratedAsync(_stopping.Token);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // The host may stop its services more than once (the test host does, after disposing them).
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        if (_retrying is not null)
        {
            await _retrying;
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RetryUntilMigratedAsync(CancellationToken stopping)
    {
        try
        {
            do
            {
                await Task.Delay(RetryDelay, time, stopping);
            }
            while (!await TryMigrateAsync(stopping));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The service is stopping before the database came back.
        }
    }

    private async Task<bool> TryMigrateAsync(CancellationToken ct)
    {
        try
        {
            Migrate(dataSource, message => LogEvolve(logger, message));
            foreach (var work in afterMigration)
            {
                await work.RunAsync(ct);
            }

            state.MarkMigrated();
            return true;
        }
        catch (Exception exception) when (exception is MySqlException || exception.InnerException is MySqlException)
        {
            LogUnreachable(logger, exception.GetBaseException().Message);
            return false;
        }
    }

    /// <summary>Brings the schema of the data source's database to the newest version.</summary>
    public static void Migrate(MySqlDataSource dataSource, Action<string> log)
    {
        using var connection = dataSource.CreateConnection();
        var evolve = new Evolve(connection, log)
        {
            EmbeddedResourceAssemblies = [typeof(DatabaseMigrator).Assembly],
            EmbeddedResourceFilters = ["Shangmi.Api.Data.Migrations"],
            MetadataTableName = "schema_changelog",
            IsEraseDisabled = true,
            EnableClusterMode = true,
        };
        evolve.Migrate();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Migration: {Message}")]
    private static partial void LogEvolve(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Database not migrated yet (unreachable or failing); retrying in the background: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string reason);
}
