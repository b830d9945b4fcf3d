using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Primitives;
using Shangmi.Api.Observability;

namespace Shangmi.Api.Common;

/// <summary>Configuration section <c>PublicCache</c>.</summary>
public sealed class PublicCacheOptions
{
    /// <summary>How long a public read is served from memory (zero turns caching off). Edits on this instance
    /// evict at once, other instances show them within this delay; a scheduled article's time ends an entry early.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// Output caching for the most-read public routes (columns, article lists and details). The framework's default
/// policy skips requests that carry an Authorization header, but the mini-program sends its token on every call
/// and public content is the same for everyone, so this policy caches regardless. Popular searches are cached too.
/// </summary>
public sealed class PublicContentCache(TimeSpan duration, TimeProvider time, ShangmiMetrics metrics) : IOutputCachePolicy
{
    private const string ChangesAtKey = "PublicContentCache.ChangesAt";

    public const string Policy = "public-content";
    public const string Tag = "public-content";

    /// <summary>Lets browsers and proxies keep a public answer briefly too.</summary>
    public static void MarkPublic(HttpContext http) =>
        http.Response.Headers.CacheControl = "public, max-age=30";

    /// <summary>
    /// Tells the cache that this answer stops being true at <paramref name="changesAt"/> (e.g. a scheduled article
    /// goes public then), so it is not kept past that instant.
    /// </summary>
    public static void ChangesAt(HttpContext http, DateTimeOffset? changesAt)
    {
        if (changesAt is not null)
        {
            http.Items[ChangesAtKey] = changesAt.Value;
        }
    }

    /// <summary>Drops every cached public answer of this instance after an edit.</summary>
    public static ValueTask EvictAsync(IOutputCacheStore store, CancellationToken ct) => store.EvictByTagAsync(Tag, ct);

    ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken ct)
    {
        var request = context.HttpContext.Request;
        var cacheable = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = cacheable && duration > TimeSpan.Zero;
        context.AllowCacheStorage = cacheable && duration > TimeSpan.Zero;
        context.AllowLocking = true;
        // Every query key is part of the cache key: a list of names to vary by would have to be kept in step with
        // every route's filters by hand, and one forgotten name serves one caller's filtered answer to everybody.
        context.CacheVaryByRules.QueryKeys = new StringValues("*");
        context.ResponseExpirationTimeSpan = duration;
        context.Tags.Add(Tag);
        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken ct)
    {
        metrics.CacheLookup(hit: true);
        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken ct)
    {
        // Called only when the answer was not served from the cache.
        if (context.AllowCacheLookup)
        {
            metrics.CacheLookup(hit: false);
        }

        // Only complete successful answers are kept: never an error, a 304 or a partial body.
        if (context.HttpContext.Response.StatusCode != StatusCodes.Status200OK)
        {
            context.AllowCacheStorage = false;
        }

        if (context.HttpContext.Items[ChangesAtKey] is DateTimeOffset changesAt)
        {
            var left = changesAt - time.GetUtcNow();
            if (left < context.ResponseExpirationTimeSpan)
            {
                context.ResponseExpirationTimeSpan = left;
                context.AllowCacheStorage &= left > TimeSpan.Zero;
            }
        }

        return ValueTask.CompletedTask;
    }
}

public static class PublicContentCacheSetup
{
    public static IServiceCollection AddPublicContentCache(this IServiceCollection services)
    {
        services.AddSettings<PublicCacheOptions>("PublicCache");
        services.AddOutputCache();
        services.AddOptions<OutputCacheOptions>()
            .Configure<TimeProvider, Microsoft.Extensions.Options.IOptions<PublicCacheOptions>, ShangmiMetrics>((options, time, cache, metrics) =>
                options.AddPolicy(PublicContentCache.Policy, new PublicContentCache(cache.Value.Duration, time, metrics)));
        return services;
    }

    /// <summary>
    /// A group of public reads: limited per IP and answered from the output cache, which writes by editors evict.
    /// The one place that pairs the two, so no public list is ever cached without the limit or the other way round.
    /// </summary>
    public static RouteGroupBuilder MapPublicContent(this IEndpointRouteBuilder app, string prefix, string tag) =>
        app.MapGroup(prefix).WithTags(tag)
            .RequireRateLimiting(RateLimiting.RateLimitPolicies.PublicRead)
            .CacheOutput(PublicContentCache.Policy);
}
