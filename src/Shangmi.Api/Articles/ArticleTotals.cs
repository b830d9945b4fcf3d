using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Shangmi.Api.Articles;

/// <summary>
/// Totals of the public article list, kept in memory per filter for <see cref="ArticleOptions.TotalCacheDuration"/>:
/// counting every match was most of the work of a page that misses the output cache, while the page itself is read
/// along an index. An entry ends early when the next scheduled article goes public, and every article or column
/// write on this instance clears them all; other instances show a write within the duration, as with the output
/// cache.
/// </summary>
public sealed class ArticleTotals(IOptions<ArticleOptions> options)
{
    /// <summary>Past this many filters the entries are dropped rather than grown: tags and terms are caller input.</summary>
    private const int MaxEntries = 10_000;

    private readonly TimeSpan _duration = options.Value.TotalCacheDuration;
    private readonly ConcurrentDictionary<Key, (long Total, DateTime Until)> _entries = new();
    private Scheduled? _scheduled;
    private int _generation;

    /// <summary>The next scheduled article's time, valid until <paramref name="Until"/> within one generation.</summary>
    private sealed record Scheduled(DateTime? Next, DateTime Until, int Generation);

    /// <summary>Changes with every <see cref="Clear"/>: a count that began before a write is not kept after it.</summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>
    /// Every value the list's filter is made of. A past bug served one filtered list's answer to another through a
    /// key that left a filter out, so the key is built here from all of them, not by each caller.
    /// </summary>
    public readonly record struct Key(long? ColumnId, string? Tag, string Terms)
    {
        public static Key Of(long? columnId, string? tag, IReadOnlyList<string> terms) =>
            new(columnId, tag, string.Join('\u0000', terms));
    }

    public bool TryGet(Key key, DateTime now, out long total)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Until > now)
        {
            total = entry.Total;
            return true;
        }

        total = 0;
        return false;
    }

    /// <summary>Keeps <paramref name="total"/>, counted at <paramref name="now"/>, until the duration is over or the
    /// next scheduled article (<paramref name="nextScheduled"/>) goes public, whichever comes first; unless a write
    /// cleared the totals since <paramref name="generation"/> was read, before counting.</summary>
    public void Set(Key key, long total, DateTime now, DateTime? nextScheduled, int generation)
    {
        var until = now + _duration;
        if (nextScheduled < until)
        {
            until = nextScheduled.Value;
        }

        if (until <= now || generation != Generation)
        {
            return;
        }

        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[key] = (total, until);
    }

    /// <summary>
    /// The time the next scheduled article goes public, as last read, for every filter: each list page needs it (for
    /// its own expiry and its total's), and asking MariaDB on every page was one of its statements. Kept like a total:
    /// until the duration is over or that time comes, and never across a write on this instance.
    /// </summary>
    public bool TryGetNextScheduled(DateTime now, out DateTime? next)
    {
        var scheduled = Volatile.Read(ref _scheduled);
        if (scheduled is not null && scheduled.Until > now && scheduled.Generation == Generation)
        {
            next = scheduled.Next;
            return true;
        }

        next = null;
        return false;
    }

    public void SetNextScheduled(DateTime? next, DateTime now, int generation)
    {
        var until = now + _duration;
        if (next < until)
        {
            until = next.Value;
        }

        if (until > now && generation == Generation)
        {
            Volatile.Write(ref _scheduled, new Scheduled(next, until, generation));
        }
    }

    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }
}
