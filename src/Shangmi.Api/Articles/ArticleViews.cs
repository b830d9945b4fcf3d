using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Shangmi.Api.Data;

namespace Shangmi.Api.Articles;

/// <summary>Configuration section <c>Articles</c>.</summary>
public sealed class ArticleOptions
{
    /// <summary>How often buffered view counts are written; a crash loses at most this much counting.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ViewFlushInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the total of a public list is reused for the same filter (zero counts every time); see
    /// <see cref="ArticleTotals"/>.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan TotalCacheDuration { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Marks the endpoint whose successful answers count as a view of the article in route value <c>id</c>.</summary>
public sealed class CountsArticleView;

/// <summary>
/// Counts article views in memory so that a read never waits on a write; <see cref="ArticleViewFlusher"/> adds
/// them to the database every <see cref="ArticleOptions.ViewFlushInterval"/>.
/// </summary>
public sealed class ArticleViewCounter
{
    private ConcurrentDictionary<long, long> _pending = new();

    public void Add(long articleId, long views = 1) => _pending.AddOrUpdate(articleId, views, (_, count) => count + views);

    /// <summary>Everything counted since the last call.</summary>
    public IReadOnlyDictionary<long, long> TakeAll() => Interlocked.Exchange(ref _pending, new ConcurrentDictionary<long, long>());
}

/// <summary>
/// Writes buffered view counts periodically and once more when the service has stopped. The last write waits for
/// <see cref="StoppedAsync"/>: the host stops its hosted services in reverse order, and the web server, registered
/// first, drains its last requests after this job's own StopAsync; views counted by those would be lost.
/// </summary>
internal sealed partial class ArticleViewFlusher(
    ArticleViewCounter counter, ArticleStore articles, IOptions<ArticleOptions> options, TimeProvider time,
    ILogger<ArticleViewFlusher> logger) : PeriodicJob(time, logger), IHostedLifecycleService
{
    protected override TimeSpan Interval => options.Value.ViewFlushInterval;

    protected override Task RunRoundAsync(CancellationToken ct) => FlushAsync(ct);

    /// <summary>
    /// The last write gets a few seconds of its own: the host's token may already be spent on draining requests, and
    /// a cancelled last write would lose the counts for good.
    /// </summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        using var last = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await FlushAsync(last.Token);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task FlushAsync(CancellationToken ct)
    {
        var views = counter.TakeAll();
        if (views.Count == 0)
        {
            return;
        }

        try
        {
            await articles.AddViewsAsync(views, ct);
        }
        catch (Exception e) when (e is MySqlConnector.MySqlException or OperationCanceledException)
        {
            // Keep the counts for the next attempt rather than lose them while the database is away.
            foreach (var (id, count) in views)
            {
                counter.Add(id, count);
            }

            LogFlushFailed(logger, views.Count, e.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write view counts of {Articles} articles ({Failure}); will retry")]
    private static partial void LogFlushFailed(ILogger logger, int articles, string failure);
}
