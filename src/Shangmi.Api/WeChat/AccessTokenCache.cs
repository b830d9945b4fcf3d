namespace Shangmi.Api.WeChat;

/// <summary>A WeChat access token and the instant we stop using it.</summary>
public sealed record AccessToken(string Value, DateTimeOffset RefreshAt);

/// <summary>
/// Holds the process's stable access token. One refresher at a time: concurrent callers wait for the same fetch
/// instead of each asking WeChat. The stable-token API returns the same token to every instance, so several
/// service instances can each keep their own cache safely.
/// </summary>
public sealed class AccessTokenCache(TimeProvider time)
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private AccessToken? _current;

    public async Task<string> GetAsync(Func<CancellationToken, Task<AccessToken>> fetch, CancellationToken ct)
    {
        if (Usable(_current) is { } token)
        {
            return token;
        }

        await _refresh.WaitAsync(ct);
        try
        {
            if (Usable(_current) is { } fetchedMeanwhile)
            {
                return fetchedMeanwhile;
            }

            _current = await fetch(ct);
            return _current.Value;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Drops <paramref name="rejected"/> after WeChat refused it, unless a newer token already replaced it.</summary>
    public void Invalidate(string rejected)
    {
        var current = _current;
        if (current?.Value == rejected)
        {
            Interlocked.CompareExchange(ref _current, null, current);
        }
    }

    private string? Usable(AccessToken? token) =>
        token is not null && time.GetUtcNow() < token.RefreshAt ? token.Value : null;
}
