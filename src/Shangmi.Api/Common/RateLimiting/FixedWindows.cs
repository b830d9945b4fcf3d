using System.Collections.Concurrent;

namespace Shangmi.Api.Common.RateLimiting;

/// <summary>
/// Fixed-window counters by key (a client address, a route) on the injected clock. Unlike the framework's fixed
/// window limiter, a refusal says how long is left of the window, which is what Retry-After must carry, and tests
/// move the clock instead of waiting. Finished windows are dropped now and then, so memory follows active keys.
/// </summary>
public sealed class FixedWindows(int permitLimit, TimeSpan window, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Counter> _counters = new();
    private long _nextSweepTicks;

    /// <summary>Takes a permit for <paramref name="key"/>; when none is left, false and the time left of its window.</summary>
    public bool TryTake(string key, out TimeSpan retryAfter) => TryTake(key, 1, out retryAfter);

    /// <summary>Takes <paramref name="count"/> permits at once (a budget counted in units, such as megabytes), or none.</summary>
    public bool TryTake(string key, int count, out TimeSpan retryAfter)
    {
        var now = time.GetUtcNow();
        SweepNowAndThen(now);
        return _counters.GetOrAdd(key, _ => new Counter()).TryTake(now, permitLimit, window, count, out retryAfter);
    }

    /// <summary>Whether <paramref name="key"/> has a permit left, without taking one.</summary>
    public bool HasPermit(string key, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        return !_counters.TryGetValue(key, out var counter) || counter.HasPermit(time.GetUtcNow(), permitLimit, out retryAfter);
    }

    /// <summary>Returns permits taken by <see cref="TryTake(string, int, out TimeSpan)"/> when the request was refused for another reason.</summary>
    public void GiveBack(string key, int count = 1)
    {
        if (_counters.TryGetValue(key, out var counter))
        {
            counter.GiveBack(count);
        }
    }

    private void SweepNowAndThen(DateTimeOffset now)
    {
        var next = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < next || Interlocked.CompareExchange(ref _nextSweepTicks, (now + window).UtcTicks, next) != next)
        {
            return;
        }

        foreach (var (key, counter) in _counters)
        {
            if (counter.Ended(now))
            {
                _counters.TryRemove(key, out _);
            }
        }
    }

    private sealed class Counter
    {
        private DateTimeOffset _ends = DateTimeOffset.MinValue;
        private int _used;

        public bool TryTake(DateTimeOffset now, int limit, TimeSpan window, int count, out TimeSpan retryAfter)
        {
            lock (this)
            {
                if (now >= _ends)
                {
                    _ends = now + window;
                    _used = 0;
                }

                retryAfter = _ends - now;
                if (_used + count > limit)
                {
                    return false;
                }

                _used += count;
                return true;
            }
        }

        public bool HasPermit(DateTimeOffset now, int limit, out TimeSpan retryAfter)
        {
            lock (this)
            {
                retryAfter = now >= _ends ? TimeSpan.Zero : _ends - now;
                return now >= _ends || _used < limit;
            }
        }

        public void GiveBack(int count)
        {
            lock (this)
            {
                _used = Math.Max(0, _used - count);
            }
        }

        public bool Ended(DateTimeOffset now)
        {
            lock (this)
            {
                return now >= _ends;
            }
        }
    }
}
