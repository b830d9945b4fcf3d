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
        if (maxBody < 1024)
        {
            throw new InvalidOperationException("Limits:MaxRequestBodyBytes must be at least 1024.");
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = maxBody;
        });
        return builder;
    }

    /// <summary>
    /// TLS ends at the reverse proxy. <c>X-Forwarded-For</c> is honoured only from the proxies and networks listed
    /// in <c>Network:KnownProxies</c> (addresses or CIDR, e.g. <c>10.0.0.0/8</c>), and from nothing by default: not
    /// even loopback, or any program on the same host could claim to be any client and get a fresh rate-limit
    /// budget per request. run.sh lists loopback for its own local runs.
    /// </summary>
    public static IServiceCollection AddProxyAwareness(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var entry in configuration.GetSection("Network:KnownProxies").Get<string[]>() ?? [])
            {
                options.KnownIPNetworks.Add(ParseNetwork(entry, "Network:KnownProxies"));
            }

            // Every hop is checked against the list, so a chain of known proxies (a CDN, then nginx) resolves to the
            // client, and the first unknown hop ends the walk.
            options.ForwardLimit = null;
            // With both lists empty the middleware would trust every sender, so no proxy means no forwarded headers.
            options.ForwardedHeaders = options.KnownIPNetworks.Count > 0
                ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto
                : ForwardedHeaders.None;
        });
        return services;
    }

    /// <summary>An address (as a one-address network) or a CIDR network; throws naming the setting otherwise.</summary>
    public static System.Net.IPNetwork ParseNetwork(string entry, string setting)
    {
        var text = entry.Trim();
        if (System.Net.IPNetwork.TryParse(text, out var network))
        {
            return network;
        }

        if (IPAddress.TryParse(text, out var address))
        {
            return new System.Net.IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        }

        throw new InvalidOperationException($"{setting} has \"{entry}\", which is neither an IP address nor a CIDR network.");
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
            // The console's check-in page may use this origin's camera to read QR codes; nothing else may.
            var console = StaffConsole.ConsoleSetup.IsConsole(http.Request);
            headers["Permissions-Policy"] = console
                ? "camera=(self), microphone=(), geolocation=()"
                : "camera=(), microphone=(), geolocation=()";
            // The API serves data, never pages. Swagger UI is a page: its own scripts, styles and icons from this
            // origin only, and calls to this origin only; still no framing, plugins or foreign forms. The staff
            // console is a page too, with scripts from this origin only (see ConsoleSetup).
            headers.ContentSecurityPolicy = console ? StaffConsole.ConsoleSetup.ContentSecurityPolicy
                : http.Request.Path.StartsWithSegments("/swagger")
                ? "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                  + "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
                : "default-src 'none'; frame-ancestors 'none'";

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
