using Microsoft.Extensions.FileProviders;

namespace Shangmi.Api.StaffConsole;

/// <summary>
/// Serves the staff console (src/Shangmi.Console, built by the project file into the output's <c>console/</c>
/// folder) at <c>/console/</c>: its files as they are, and <c>index.html</c> for every other path below it, so a
/// client route such as <c>/console/events/3</c> opens on reload. The console is a client of the admin API like any
/// other; it adds no route to the data.
/// </summary>
public static class ConsoleSetup
{
    public const string Prefix = "/console";

    /// <summary>
    /// The console's policy: its own scripts only; inline styles (Element Plus sets style attributes); frames only for
    /// blob: URLs the console made itself (a claim's PDF proof, fetched with the staff token, shown inline).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
        + "media-src 'self' blob:; frame-src blob:; connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'self'; "
        + "form-action 'self'; frame-ancestors 'none'";

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "console");

    public static WebApplication UseConsole(this WebApplication app)
    {
        var index = Path.Combine(Folder, "index.html");
        if (!File.Exists(index))
        {
            // A build without Node (SkipConsoleBuild=true) still runs the API; /console answers 404.
            return app;
        }

        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(Folder),
            RequestPath = Prefix,
            OnPrepareResponse = file =>
            {
                // Vite names assets by their content hash, so a cached copy is never stale.
                if (file.Context.Request.Path.StartsWithSegments($"{Prefix}/assets"))
                {
                    file.Context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
                }
            },
        });

        // Routing treats "/console" and "/console/" alike; the page needs the slash for its relative base.
        app.MapMethods($"{Prefix}/{{*path:nonfile}}", [HttpMethods.Get, HttpMethods.Head], (HttpRequest request) =>
                request.Path.Value == Prefix ? Results.Redirect($"{Prefix}/") : Results.File(index, "text/html; charset=utf-8"))
            .ExcludeFromDescription().AllowAnonymous();
        return app;
    }

    /// <summary>True for requests the console answers (its page, its files), which get its own CSP.</summary>
    public static bool IsConsole(HttpRequest request) => request.Path.StartsWithSegments(Prefix);
}
