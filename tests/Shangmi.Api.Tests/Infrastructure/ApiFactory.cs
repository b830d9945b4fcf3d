using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Shangmi.Api.Tests.Infrastructure;

/// <summary>
/// The real service on a real Kestrel port on loopback, over its own fresh MariaDB database (created here,
/// migrated by the service at start, dropped at the end), with a clock the tests move by hand.
/// One instance per test class (<c>IClassFixture&lt;ApiFactory&gt;</c>), so tests never see another class's rows.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public string DatabaseName { get; private set; } = "";

    /// <summary>Starts at a fixed, readable instant; tests advance it instead of sleeping.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 6, 1, 1, 30, 0, TimeSpan.Zero));

    /// <summary>Settings a derived factory or a test overrides before the server starts.</summary>
    protected Dictionary<string, string?> Settings { get; } = new()
    {
        ["Auth:SigningKey"] = "test-signing-key-that-is-long-enough-for-hmac-sha256-0123456789",
    };

    /// <summary>The port the service reaches the database on; a relay's port when a test needs to cut the line.</summary>
    protected virtual int DatabasePort => TestMariaDb.ServerPort;

    public ApiFactory() => UseKestrel(0);

    public virtual async Task InitializeAsync()
    {
        DatabaseName = await TestMariaDb.CreateDatabaseAsync();
        StartServer();
    }

    public new virtual async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await TestMariaDb.DropDatabaseAsync(DatabaseName);
    }

    public string ConnectionString => TestMariaDb.ConnectionStringFor(DatabaseName);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Shangmi", TestMariaDb.ConnectionStringFor(DatabaseName, DatabasePort));
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
    }
}
