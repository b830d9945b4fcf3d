using Microsoft.Extensions.Options;
using Shangmi.Api.Common.RateLimiting;

namespace Shangmi.Api.Tips;

/// <summary>
/// Limits receipt-code guessing per client address, counting wrong codes only (honest users rarely send one).
/// Addresses live only in this counter's memory: never in a log, never in the database.
/// </summary>
public sealed class ReceiptGuard(IOptions<TipOptions> options, TimeProvider time)
{
    private readonly FixedWindows _wrongCodes = new(options.Value.WrongCodesPerWindow, options.Value.WrongCodeWindow, time);

    /// <summary>How long is left of the window when this address has used up its wrong codes, else null.</summary>
    public TimeSpan? BlockedFor(HttpContext http) =>
        _wrongCodes.HasPermit(ClientAddress.PartitionKey(http), out var wait) ? null : wait;

    public void CountWrongCode(HttpContext http) => _wrongCodes.TryTake(ClientAddress.PartitionKey(http), out _);
}
