using MySqlConnector;

namespace Shangmi.Api.Data;

/// <summary>
/// A background job that runs a round every <see cref="Interval"/> on the injected clock (tests move it by hand).
/// A round that fails because the database is away is logged and tried again next time; the job never dies of it.
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
                catch (MySqlException e)
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
