using System.Text;
using Microsoft.Playwright;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Console;

/// <summary>
/// Debian's headless Chromium (installed by test.sh), driven by Playwright, for one test class. Each test runs in a
/// fresh browser context through <see cref="RunAsync"/>, which on failure saves a screenshot and the browser's
/// console log under the test output folder (bin/…/browser-failures/) before rethrowing.
/// </summary>
public sealed class ConsoleBrowser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright _playwright = null!;

    public IBrowser Browser { get; private set; } = null!;

    public static string FailureFolder => Path.Combine(AppContext.BaseDirectory, "browser-failures");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run ./test.sh (as root it installs chromium).");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Without the background-networking switches Chromium keeps calling home, which this closed network refuses.
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
    }

    /// <summary>
    /// Runs <paramref name="test"/> on a new 1366×768 page of the console served by <paramref name="api"/>, in a
    /// browser set to China time unless <paramref name="timeZone"/> says otherwise.
    /// </summary>
    public async Task RunAsync(ApiFactory api, string name, Func<ConsolePage, Task> test, string timeZone = "Asia/Shanghai")
    {
        var baseUrl = api.CreateClient().BaseAddress!.ToString().TrimEnd('/');
        await using var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl, ViewportSize = new ViewportSize { Width = 1366, Height = 768 }, Locale = "zh-CN",
            AcceptDownloads = true, TimezoneId = timeZone,
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var log = new StringBuilder();
        page.Console += (_, message) => log.AppendLine($"[{message.Type}] {message.Text}");
        page.PageError += (_, error) => log.AppendLine($"[pageerror] {error}");
        page.RequestFailed += (_, request) => log.AppendLine($"[requestfailed] {request.Method} {request.Url} {request.Failure}");
        try
        {
            await test(new ConsolePage(page, baseUrl));
        }
        catch (Exception failure)
        {
            Directory.CreateDirectory(FailureFolder);
            var stem = Path.Combine(FailureFolder, name);
            try
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = stem + ".png", FullPage = true });
            }
            catch (PlaywrightException)
            {
                // The page may be gone; the log below still tells what happened.
            }

            await File.WriteAllTextAsync(stem + ".console.log", $"URL: {page.Url}\n{log}");
            throw new Exception($"{failure.Message}\n(browser screenshot and console log: {stem}.png / .console.log)", failure);
        }
    }
}
