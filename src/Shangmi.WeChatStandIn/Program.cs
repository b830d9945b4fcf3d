namespace Shangmi.WeChatStandIn;

/// <summary>
/// Local stand-in for the WeChat server API, started by run.sh when no WeChat credentials are configured.
/// Usage: <c>dotnet Shangmi.WeChatStandIn.dll [url] [appid] [secret]</c>.
/// </summary>
internal static class StandInProgram
{
    private static async Task Main(string[] args)
    {
        var url = args.ElementAtOrDefault(0) ?? "http://127.0.0.1:5081";
        var appId = args.ElementAtOrDefault(1) ?? "wx-dev-standin";
        var secret = args.ElementAtOrDefault(2) ?? "dev-standin-secret";

        await using var server = await FakeWeChatServer.StartAsync(appId, secret, url);
        Console.WriteLine($"WeChat stand-in on {server.BaseAddress} (any login code works once; "
                          + "\"alice:1\" and \"alice:2\" sign in the same user)");
        await server.WaitForShutdownAsync();
    }
}
