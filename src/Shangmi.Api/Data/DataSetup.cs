using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using MySqlConnector;
using Shangmi.Api.Common;
using Shangmi.Api.Observability;

namespace Shangmi.Api.Data;

/// <summary>How the service talks to MySQL/MariaDB beyond the connection string.</summary>
public sealed class DatabaseOptions
{
    /// <summary>Seconds to wait for a connection; short, so an unreachable database answers 503 quickly instead of hanging.</summary>
    [Range(1, 30)]
    public int ConnectTimeoutSeconds { get; set; } = 3;

    /// <summary>Default seconds a single command may run.</summary>
    [Range(1, 300)]
    public int CommandTimeoutSeconds { get; set; } = 15;

    /// <summary>
    /// Most connections the public article reads (<see cref="PublicReads"/>) hold at once, beside the main pool's
    /// <c>Maximum Pool Size</c> (100 unless the connection string says otherwise). Small: anonymous readers must not be
    /// able to take the connections staff and writes need; 6 served the uncached list as fast as 32.
    /// </summary>
    [Range(1, 1000)]
    public int PublicReadsMaxPoolSize { get; set; } = 32;
}

public static class DataSetup
{
    /// <summary>
    /// Two pools on one database: the <see cref="MySqlDataSource"/> everything uses, and <see cref="PublicReads"/> for
    /// the article reads; migrations at start-up.
    /// </summary>
    public static IServiceCollection AddDatabase(this IServiceCollection services)
    {
        // Columns are snake_case, record properties PascalCase: let Dapper match created_at to CreatedAt.
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        services.AddSettings<DatabaseOptions>("Database");

        // The connection reset stays on here (MySqlConnector's default): it costs a round trip each time a connection
        // leaves the pool, but it is what finds the connections a restarted database or a proxy dropped while idle
        // (DatabaseOutageTests.Connections_dropped_between_requests_cost_no_request), and it clears whatever session
        // state a request left behind. PublicReads does without it, for the reads that can.
        services.AddSingleton(provider => Pool(provider, "shangmi", builder => builder.ConnectionReset = true));
        services.AddSingleton(provider => new PublicReads(
            Pool(provider, "shangmi-public-reads", builder =>
            {
                builder.ConnectionReset = false;
                builder.MaximumPoolSize = (uint)provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.PublicReadsMaxPoolSize;
            }),
            provider.GetRequiredService<ShangmiMetrics>()));

        services.AddSettings<SeedOptions>("Seed");
        services.AddSingleton<IValidateOptions<SeedOptions>, DemoOnlyForDevelopment>();
        services.AddSingleton<MigrationState>();
        services.AddHostedService<DatabaseMigrator>();
        return services;
    }

    private static MySqlDataSource Pool(IServiceProvider provider, string name, Action<MySqlConnectionStringBuilder> configure)
    {
        var configuration = provider.GetRequiredService<IConfiguration>();
        var connectionString = configuration.GetConnectionString("Shangmi");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "ConnectionStrings:Shangmi is missing. Start the service with ./run.sh, or set ConnectionStrings__Shangmi.");
        }

        var options = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var builder = new MySqlConnectionStringBuilder(connectionString)
        {
            ConnectionTimeout = (uint)options.ConnectTimeoutSeconds,
            DefaultCommandTimeout = (uint)options.CommandTimeoutSeconds,
            CharacterSet = "utf8mb4",
            // Our DATETIME(6) columns hold UTC; read them back as UTC, not as "unspecified".
            DateTimeKind = MySqlDateTimeKind.Utc,
        };
        configure(builder);
        return new MySqlDataSourceBuilder(builder.ConnectionString)
            .UseLoggerFactory(provider.GetRequiredService<ILoggerFactory>())
            // The pool's name in its metrics; without it MySqlConnector names the pool by its connection string.
            .UseName(name)
            .Build();
    }
}
