using Microsoft.AspNetCore.HttpLogging;
using Microsoft.AspNetCore.HttpOverrides;
using System.Net;

namespace Shangmi.Api.Common;

public static class HostingSetup
{
    /// <summary>
    /// Logs go to the console through the built-in formatters (JSON outside Development, see appsettings), one line
    /// per request with method, path, status and duration only: no query string, no headers, no bodies, no client
    /// address, so tokens, receipt codes, phone numbers and whistleblowers' IPs never reach a log.
    /// </summary>
    public static WebApplicationBuilder AddStructuredLogging(this WebApplicationBuilder builder)
    {
        builder.Services.AddHttpLogging(options =>
        {
            options.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath
                                    | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
            options.CombineLogs = true;
        });
        return builder;
    }

    /// <summary>
    /// Body size limit for every request (uploads raise it per route), and no <c>Server</c> header.
    /// </summary>
    public static WebApplicationBuilder AddRequestLimits(this WebApplicationBuilder builder)
    {
        var maxBody = builder.Configuration.GetValue<long?>("Limits:MaxRequestBodyBytes") ?? 1_048_576;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = maxBody;
        });
        return builder;
    }

    /// <summary>
    /// TLS ends at the reverse proxy. <c>X-Forwarded-For</c> is honoured only from the proxies listed in
    /// <c>Network:KnownProxies</c> (loopback by default), because per-IP rate limits depend on the client address.
    /// </summary>
    public static IServiceCollection AddProxyAwareness(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in configuration.GetSection("Network:KnownProxies").Get<string[]>() ?? [])
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });
        return services;
    }

    /// <summary>Headers that keep browsers from sniffing, framing or leaking what the API answers.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((http, next) =>
        {
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            if (!http.Request.Path.StartsWithSegments("/swagger"))
            {
                // The API serves data, never pages; Swagger UI needs its own scripts and styles.
                headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
            }

            http.Response.OnStarting(() =>
            {
                // Personal data must not linger in shared caches; routes that are public and cacheable say so.
                if (!http.Response.Headers.ContainsKey("Cache-Control"))
                {
                    http.Response.Headers.CacheControl = "no-store";
                }

                return Task.CompletedTask;
            });
            return next(http);
        });
}
