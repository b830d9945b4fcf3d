using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Shangmi.Api.Common.Problems;

namespace Shangmi.Api.Common.RateLimiting;

/// <summary>Names of the per-IP rate-limit policies that routes opt into with <c>RequireRateLimiting</c>.</summary>
public static class RateLimitPolicies
{
    /// <summary>Sign-in routes (WeChat login, staff login).</summary>
    public const string Login = "Login";

    /// <summary>Anonymous reads of public content.</summary>
    public const string PublicRead = "PublicRead";

    /// <summary>Anonymous tip submissions.</summary>
    public const string TipSubmit = "TipSubmit";

    /// <summary>Starting an evidence upload (single-request or resumable).</summary>
    public const string TipUpload = "TipUpload";

    /// <summary>Enterprise claims (each may carry a proof file kept on disk).</summary>
    public const string EnterpriseClaim = "EnterpriseClaim";

    /// <summary>Every policy, each configured under <c>RateLimits:{name}</c>. A new policy is one more line here.</summary>
    public static readonly string[] All =
    [
        Login,
        PublicRead,
        TipSubmit,
        TipUpload,
        EnterpriseClaim,
    ];
}

/// <summary>
/// One fixed-window limit: at most <see cref="PermitLimit"/> requests per client address per <see cref="Window"/>,
/// and at most <see cref="GlobalPermitLimit"/> from all addresses together on any one route of the policy.
/// </summary>
public sealed class FixedWindowLimit
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; }

    /// <summary>Ceiling per route for all addresses together; unset means 20 × <see cref="PermitLimit"/>.</summary>
    public int? GlobalPermitLimit { get; set; }

    public int Ceiling => GlobalPermitLimit ?? PermitLimit * 20;
}

public static class PerIpRateLimits
{
    /// <summary>
    /// Registers every policy of <see cref="RateLimitPolicies.All"/> from <c>RateLimits:{name}</c>: a fixed window
    /// per client address (<see cref="ClientAddress"/>), sized for crowds, because a forum venue can put hundreds
    /// of phones behind one Wi-Fi address; and a ceiling per route for all addresses together, so many addresses
    /// cannot flood a route. An address is counted against the ceiling only for requests its own limit admits, so
    /// one address cannot use up the ceiling and lock everyone out. Addresses live only in memory, never in a log
    /// or the database. Rejections answer 429 problem+json with the time left in <c>Retry-After</c>.
    /// </summary>
    public static IServiceCollection AddPerIpRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IConfiguration, TimeProvider>((options, configuration, time) =>
        {
            foreach (var name in RateLimitPolicies.All)
            {
                var limit = Checked(configuration.GetSection($"RateLimits:{name}").Get<FixedWindowLimit>(), $"RateLimits:{name}");

                var perAddress = new FixedWindows(limit.PermitLimit, limit.Window, time);
                var perRoute = new FixedWindows(limit.Ceiling, limit.Window, time);
                options.AddPolicy(name, http =>
                {
                    var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value ?? "";
                    var address = ClientAddress.PartitionKey(http);
                    return RateLimitPartition.Get((route, address), key => new AddressAndRouteLimiter(perAddress, key.address, perRoute, key.route));
                });
            }

            options.OnRejected = RejectAsync;
        });
        return services;
    }

    /// <summary>The limit, or an exception at start that names the key to fix.</summary>
    private static FixedWindowLimit Checked(FixedWindowLimit? limit, string section)
    {
        var problem = limit switch
        {
            null => $"{section} is missing",
            { PermitLimit: <= 0 } => $"{section}:PermitLimit must be positive",
            { Window.Ticks: <= 0 } => $"{section}:Window must be positive",
            _ when limit.Ceiling < limit.PermitLimit => $"{section}:GlobalPermitLimit must be at least {section}:PermitLimit",
            _ => null,
        };
        return problem is null ? limit! : throw new InvalidOperationException(problem + ".");
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        await ApiProblem.RetryLater(http, retryAfter, 429, "rate_limited", "请求过于频繁，请稍后再试", s => $"请在 {s} 秒后重试。")
            .ExecuteAsync(http);
    }

    /// <summary>
    /// The framework keeps one of these per (route, address) and drops it when idle; the counts live in the shared
    /// <see cref="FixedWindows"/>, so the address budget is one across all routes of the policy.
    /// </summary>
    private sealed class AddressAndRouteLimiter(FixedWindows perAddress, string address, FixedWindows perRoute, string route)
        : RateLimiter
    {
        private long _lastUsedTicks = Environment.TickCount64;

        public override TimeSpan? IdleDuration => TimeSpan.FromMilliseconds(Environment.TickCount64 - Interlocked.Read(ref _lastUsedTicks));

        public override RateLimiterStatistics? GetStatistics() => null;

        protected override RateLimitLease AttemptAcquireCore(int permitCount)
        {
            Interlocked.Exchange(ref _lastUsedTicks, Environment.TickCount64);
            if (permitCount == 0)
            {
                return perAddress.HasPermit(address, out var wait) ? Lease.Granted : Lease.Refused(wait);
            }

            if (!perAddress.TryTake(address, out var addressWait))
            {
                return Lease.Refused(addressWait);
            }

            if (!perRoute.TryTake(route, out var routeWait))
            {
                perAddress.GiveBack(address);
                return Lease.Refused(routeWait);
            }

            return Lease.Granted;
        }

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            ValueTask.FromResult(AttemptAcquireCore(permitCount));
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);

        public static Lease Refused(TimeSpan retryAfter) => new(false, retryAfter);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
