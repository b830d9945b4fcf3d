using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Contract;

/// <summary>
/// Every section of appsettings.sample.json is checked when the service starts: a bad value stops the start with
/// a message naming the key, instead of failing later (a zero interval deep inside a timer, a zero retention
/// erasing data). A new section fails the first test until it has a case here, and so a validator.
/// </summary>
public class SettingsValidationTests
{
    /// <summary>For each section: a bad value and the key the refusal must name.</summary>
    /// <summary>Bad values and the key each refusal must name; every section has at least one.</summary>
    private static readonly (string Key, string Value)[] BadValues =
    [
        ("ConnectionStrings:Shangmi", ""),
        ("ApiDocument:Enabled", "maybe"),
        ("Database:ConnectTimeoutSeconds", "0"),
        ("Auth:LockoutDuration", "00:00:00"),
        ("Bootstrap:AdminUsername", "chief"),
        ("WeChat:TokenRefreshMargin", "-00:01:00"),
        ("Seed:Demo", "true"),
        ("Events:ContactRetention", "00:00:00"),
        ("Events:NotificationInterval", "00:00:00"),
        ("Limits:MaxRequestBodyBytes", "0"),
        ("Network:KnownProxies:0", "not-an-address"),
        ("RateLimits:Login:PermitLimit", "0"),
        ("RateLimits:EnterpriseClaim:Window", "00:00:00"),
        ("Tips:EncryptionKey", ""),
        ("PublicCache:Duration", "-00:00:01"),
        ("Articles:ViewFlushInterval", "00:00:00"),
        ("Storage:MaxUploadBytes", "0"),
        ("Metrics:ScrapeNetworks:0", "the-office"),
        ("Metrics:SampleInterval", "00:00:00"),
        ("Metrics:OtlpEndpoint", "not a url"),
        ("Enterprises:ProofRetention", "00:00:00"),
        ("Enterprises:PendingClaimRetention", "366.00:00:00"),
        ("Surveys:MinGroupSize", "1"),
        ("ServiceRequests:RespondWithin", "0"),
        ("ServiceRequests:FeedbackWindow", "00:00:00"),
    ];

    /// <summary>Sections the framework reads and checks itself.</summary>
    private static readonly string[] FrameworkSections = ["Logging"];

    private static IEnumerable<string> SampleSections()
    {
        var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        var root = JsonNode.Parse(File.ReadAllText(RepoFiles.PathOf("appsettings.sample.json")), documentOptions: options)!.AsObject();
        return root.Where(pair => pair.Value is JsonObject).Select(pair => pair.Key).Except(FrameworkSections);
    }

    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var (key, value) in BadValues)
        {
            cases.Add(key, value);
        }

        return cases;
    }

    [Fact]
    public void Every_section_of_the_sample_has_a_bad_value_case_here()
    {
        var missing = SampleSections().Where(section => !BadValues.Any(c => c.Key.StartsWith(section + ":", StringComparison.Ordinal))).ToList();
        Assert.True(missing.Count == 0, $"no bad-value case (and so no proven validator) for: {string.Join(", ", missing)}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_bad_value_stops_the_start_naming_its_key(string key, string value)
    {
        // Under load the factory now and then loses the host's own failure and reports only a disposed service
        // provider (dotnet/aspnetcore#33494, a race in its start thread, not in the service): start again then.
        var messages = "";
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var failure = StartWith(key, value);
            Assert.NotNull(failure);
            var all = Flatten(failure).ToList();
            messages = string.Join(" | ", all.Select(e => e.Message));
            if (!all.Any(e => e is ObjectDisposedException { ObjectName: "IServiceProvider" }))
            {
                break;
            }
        }

        var named = key.EndsWith(":0", StringComparison.Ordinal) ? key[..^2] : key;
        Assert.True(messages.Contains(named, StringComparison.Ordinal), $"{named} not named in: {messages}");
    }

    private static Exception? StartWith(string key, string value)
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:Shangmi", TestMariaDb.ConnectionStringFor("settings_never_used"));
            builder.UseSetting("Auth:SigningKey", "a-perfectly-random-signing-key-9f8e7d6c5b4a3210");
            builder.UseSetting("WeChat:AppId", "wx-app");
            builder.UseSetting("WeChat:AppSecret", "app-secret");
            builder.UseSetting("Tips:EncryptionKey", "q1x2RJ3PYm7yX9eVn0Zf8w3k5cT6uA2bL4sD7gH9jK0=");
            builder.UseSetting("Tips:ReceiptKey", "a-receipt-key-of-enough-random-length-5d3f1a");
            builder.UseSetting(key, value);
        });
        return Record.Exception(() => factory.Server);
    }

    private static IEnumerable<Exception> Flatten(Exception e) => e switch
    {
        AggregateException many => many.InnerExceptions.SelectMany(Flatten).Prepend(e),
        { InnerException: { } inner } => Flatten(inner).Prepend(e),
        _ => [e],
    };
}
