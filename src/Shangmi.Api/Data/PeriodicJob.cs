namespace Shangmi.Api.Data;

/// <summary>
/// A background job that runs a round every <see cref="Interval"/> on the injected clock (tests move it by hand).
/// A round that fails (the database is away, a disk refuses) is logged and tried again next time: a failed round
/// never stops the job, nor, through it, the host.
/// Rounds must be safe with several service instances running the same job.
/// </summary>
public abstract partial class PeriodicJob(TimeProvider time, ILogger logger) : BackgroundService
{
    /// <summary>The clock rounds run on; subclasses read "now" from it too.</summary>
    protected TimeProvider Time { get; } = time;

    protected abstract TimeSpan Interval { get; }

    protected abstract Task RunRoundAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, Time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await RunRoundAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogRoundFailed(logger, GetType().Name, e.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Job} round failed ({Failure}); will retry")]
    private static partial void LogRoundFailed(ILogger logger, string job, string failure);
}
