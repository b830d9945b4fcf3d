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
}

/// <summary>One fixed-window limit: at most <see cref="PermitLimit"/> requests per client address per <see cref="Window"/>.</summary>
public sealed class FixedWindowLimit
{
    public int PermitLimit { get; set; }
    public TimeSpan Window { get; set; }
}

public static class PerIpRateLimits
{
    /// <summary>
    /// Registers every policy under <c>RateLimits:{name}</c> as a fixed window per client address. Limits are
    /// configuration because a forum venue can put hundreds of phones behind one Wi-Fi address. Client addresses
    /// live only in the limiter's memory, never in a log or the database. Rejections answer 429 problem+json with
    /// <c>Retry-After</c>.
    /// </summary>
    public static IServiceCollection AddPerIpRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            foreach (var name in new[] { RateLimitPolicies.Login, RateLimitPolicies.PublicRead, RateLimitPolicies.TipSubmit, RateLimitPolicies.TipUpload })
            {
                var limit = configuration.GetSection($"RateLimits:{name}").Get<FixedWindowLimit>();
                if (limit is null || limit.PermitLimit <= 0 || limit.Window <= TimeSpan.Zero)
                {
                    throw new InvalidOperationException($"RateLimits:{name} needs a positive PermitLimit and Window.");
                }

                options.AddPolicy(name, http => RateLimitPartition.GetFixedWindowLimiter(
                    http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limit.PermitLimit,
                        Window = limit.Window,
                        QueueLimit = 0,
                    }));
            }

            options.OnRejected = RejectAsync;
        });
        return services;
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        await ApiProblem.RetryLater(http, retryAfter, 429, "rate_limited", "请求过于频繁，请稍后再试", s => $"请在 {s} 秒后重试。")
            .ExecuteAsync(http);
    }
}
