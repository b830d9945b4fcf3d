using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Shangmi.Api.Tips;

/// <summary>
/// Limits receipt-code guessing per client address, counting wrong codes only (honest users rarely send one).
/// Addresses live only in this limiter's memory: never in a log, never in the database.
/// </summary>
public sealed class ReceiptGuard : IDisposable
{
    private readonly PartitionedRateLimiter<string> _wrongCodes;

    public ReceiptGuard(IOptions<TipOptions> options)
    {
        var settings = options.Value;
        _wrongCodes = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = settings.WrongCodesPerWindow, Window = settings.WrongCodeWindow }));
    }

    /// <summary>How long to wait when this address has used up its wrong codes, else null.</summary>
    public TimeSpan? BlockedFor(HttpContext http)
    {
        using var lease = _wrongCodes.AttemptAcquire(AddressOf(http), 0);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
    }

    public void CountWrongCode(HttpContext http)
    {
        using var _ = _wrongCodes.AttemptAcquire(AddressOf(http));
    }

    public void Dispose() => _wrongCodes.Dispose();

    private static string AddressOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
