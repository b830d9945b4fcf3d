using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Shangmi.Api.Identity.Staff;
using Shangmi.WeChatStandIn;

namespace Shangmi.Api.Tests.Infrastructure;

/// <summary>
/// The real service on a real Kestrel port on loopback, over its own fresh MariaDB database (created here,
/// migrated by the service at start, dropped at the end), talking to a fake WeChat server on loopback, with a
/// clock the tests move by hand. One instance per test class (<c>IClassFixture&lt;ApiFactory&gt;</c>), so tests
/// never see another class's rows.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminUsername = "admin";
    public const string AdminPassword = "first-chief-pass-2026";

    /// <summary>A second instance sets the first one's, and leaves creating and dropping it to the first.</summary>
    public string DatabaseName { get; protected init; } = TestMariaDb.NewDatabaseName();

    public FakeWeChatServer WeChat { get; private set; } = null!;

    public CapturedLogs Logs { get; } = new();

    /// <summary>Starts at a fixed, readable instant; tests advance it instead of sleeping.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 6, 1, 1, 30, 0, TimeSpan.Zero));

    /// <summary>Settings a derived factory overrides before the server starts.</summary>
    protected Dictionary<string, string?> Settings { get; } = new()
    {
        ["Auth:SigningKey"] = "test-signing-key-4f8a1c0e9b7d6a5f3e2d1c0b9a8f7e6d",
        ["Bootstrap:AdminUsername"] = AdminUsername,
        ["Bootstrap:AdminPassword"] = AdminPassword,
        ["WeChat:TimeoutSeconds"] = "2",
        // The fake WeChat server is a stand-in on loopback, allowed outside Development only with this switch.
        ["AllowInsecureTestSwitches"] = "true",
        // Most tests read what they just wrote; PublicCacheTests turns the cache on.
        ["PublicCache:Duration"] = "00:00:00",
        ["Events:SubscribeTemplates:Confirmed"] = "tpl-confirmed",
        ["Events:SubscribeTemplates:Promoted"] = "tpl-promoted",
        ["Events:SubscribeTemplates:EventCancelled"] = "tpl-cancelled",
        ["Events:SubscribeTemplates:Reminder"] = "tpl-reminder",
        ["Events:SubscribeTemplates:ServiceRequest"] = "tpl-service",
        ["Tips:EncryptionKey"] = "q1x2RJ3PYm7yX9eVn0Zf8w3k5cT6uA2bL4sD7gH9jK0=",
        ["Tips:ReceiptKey"] = "test-receipt-key-7a9c2e4f6b8d0a1c3e5f7b9d2a4c6e8f",
        ["Storage:EvidencePath"] = Path.Combine(Path.GetTempPath(), "shangmi-test-evidence", Guid.NewGuid().ToString("N")),
        ["Storage:Path"] = Path.Combine(Path.GetTempPath(), "shangmi-test-files", Guid.NewGuid().ToString("N")),
        ["Storage:ProofPath"] = Path.Combine(Path.GetTempPath(), "shangmi-test-proofs", Guid.NewGuid().ToString("N")),
    };

    /// <summary>False to start the service before its database exists.</summary>
    protected virtual bool CreateDatabaseFirst => OwnsDatabase;

    /// <summary>False for a second instance on another factory's database: that factory drops it.</summary>
    protected virtual bool OwnsDatabase => true;

    /// <summary>The port the service reaches the database on; a relay's port when a test needs to cut the line.</summary>
    protected virtual int DatabasePort => TestMariaDb.ServerPort;

    public ApiFactory() => UseKestrel(0);

    public virtual async Task InitializeAsync()
    {
        if (CreateDatabaseFirst)
        {
            await TestMariaDb.CreateDatabaseAsync(DatabaseName);
        }

        WeChat = await FakeWeChatServer.StartAsync();
        StartServer();
    }

    public new virtual async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        catch (Exception e) when (OnlyDisposedObjects(e))
        {
            // dotnet/aspnetcore#57738: the test host can dispose services before it has stopped them all, and a
            // stopping service then meets a disposed object. A real host stops first; every assertion has run.
        }

        // A factory a test never started (e.g. one a restore was meant to fill) has no fake WeChat server.
        if (WeChat is not null)
        {
            await WeChat.DisposeAsync();
        }

        if (OwnsDatabase)
        {
            await TestMariaDb.DropDatabaseAsync(DatabaseName);
        }

        foreach (var folder in new[] { Settings["Storage:Path"], Settings["Storage:EvidencePath"], Settings["Storage:ProofPath"] })
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static bool OnlyDisposedObjects(Exception e) => e switch
    {
        AggregateException many => many.InnerExceptions.All(OnlyDisposedObjects),
        ObjectDisposedException => true,
        _ => false,
    };

    public string ConnectionString => TestMariaDb.ConnectionStringFor(DatabaseName);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Shangmi", TestMariaDb.ConnectionStringFor(DatabaseName, DatabasePort));
        builder.UseSetting("WeChat:ApiBaseUrl", WeChat.BaseAddress.ToString());
        builder.UseSetting("WeChat:AppId", WeChat.AppId);
        builder.UseSetting("WeChat:AppSecret", WeChat.AppSecret);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
    }

    /// <summary>A client carrying <paramref name="token"/> as its bearer token.</summary>
    public HttpClient ClientWith(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// A client that streams request bodies as they are written: the default one buffers them whole first (to follow
    /// redirects), so a test could never cut or pause an upload midway.
    /// </summary>
    public HttpClient StreamingClient() =>
        CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = ClientOptions.BaseAddress, AllowAutoRedirect = false, HandleCookies = false,
        });

    /// <summary>Signs a mini-program user in through the real route; "alice:1" and "alice:2" are the same person.</summary>
    public async Task<(string Token, long UserId)> SignInUserAsync(string code)
    {
        var response = await CreateClient().PostAsJsonAsync("/api/v1/auth/wechat-login", new { code });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("token").GetString()!, body.GetProperty("user").GetProperty("id").GetInt64());
    }

    public async Task<HttpResponseMessage> StaffLoginAsync(string username, string password) =>
        await CreateClient().PostAsJsonAsync("/api/v1/admin/auth/login", new { username, password });

    public async Task<string> SignInStaffAsync(string username, string password)
    {
        var response = await StaffLoginAsync(username, password);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    /// <summary>Creates a staff account through the admin route, as the bootstrap admin, and signs it in.</summary>
    public async Task<(long Id, string Token)> CreateStaffAsync(params string[] roles)
    {
        var username = $"staff{Guid.NewGuid().ToString("N")[..8]}";
        const string password = "staff-password-123";
        var admin = ClientWith(await SignInStaffAsync(AdminUsername, AdminPassword));
        var response = await admin.PostAsJsonAsync("/api/v1/admin/staff",
            new { username, password, displayName = "测试员工", roles });
        response.EnsureSuccessStatusCode();
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        return (id, await SignInStaffAsync(username, password));
    }

    public StaffStore Staff => Services.GetRequiredService<StaffStore>();

    public string EvidenceFolder => Settings["Storage:EvidencePath"]!;

    public string FilesFolder => Settings["Storage:Path"]!;
    public string ProofFolder => Settings["Storage:ProofPath"]!;

    /// <summary>A client signed in as a new editor.</summary>
    public async Task<HttpClient> EditorAsync() => ClientWith((await CreateStaffAsync("editor")).Token);

    /// <summary>Runs SQL straight on this class's database, to look behind the API's back.</summary>
    /// <summary>
    /// Returns once a transaction in this test's database waits for a lock (or <paramref name="request"/> ended, or after
    /// about ten seconds): how a test holds a request part-way through, to put another between its steps.
    /// </summary>
    public async Task UntilBlockedAsync(Task request)
    {
        for (var i = 0; i < 200 && !request.IsCompleted && await ScalarAsync<long>("""
                 SELECT COUNT(*) FROM information_schema.innodb_trx t JOIN information_schema.processlist p ON p.id = t.trx_mysql_thread_id
                 WHERE p.db = DATABASE() AND t.trx_state LIKE 'LOCK%WAIT'
                 """) == 0; i++)
        {
            await Task.Delay(50); // a real lock wait in the database, not a clock
        }
    }

    public async Task<T?> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var connection = new MySqlConnector.MySqlConnection(ConnectionString);
        return await Dapper.SqlMapper.ExecuteScalarAsync<T>(connection, sql, args);
    }
}
