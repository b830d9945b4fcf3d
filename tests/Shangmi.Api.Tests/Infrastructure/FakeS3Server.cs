using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Shangmi.Api.Tests.Infrastructure;

/// <summary>
/// s3rver (tests/fake-s3, installed by test.sh) on a free loopback port: a stand-in that speaks the S3 wire protocol and
/// refuses unknown access keys (it does not verify SigV4 signatures), keeping each object as a file under <see cref="Folder"/>.
/// </summary>
public sealed class FakeS3Server : IAsyncDisposable
{
    /// <summary>s3rver's fixed credentials.</summary>
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private readonly Process _process;

    private FakeS3Server(Process process, int port, string folder, string bucket)
    {
        _process = process;
        Url = $"http://127.0.0.1:{port}";
        Folder = folder;
        Bucket = bucket;
    }

    public string Url { get; }

    public string Folder { get; }

    public string Bucket { get; }

    public static async Task<FakeS3Server> StartAsync(string bucket)
    {
        var script = RepoFiles.PathOf("tests", "fake-s3", "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"{script} is missing: run ./test.sh (it runs npm ci in tests/fake-s3)");
        }

        var folder = Directory.CreateTempSubdirectory("shangmi-fake-s3-").FullName;
        var port = FreePort();
        var process = Process.Start(new ProcessStartInfo("node",
            [script, "-d", folder, "-a", "127.0.0.1", "-p", port.ToString(), "--silent", "--configure-bucket", bucket])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new FakeS3Server(process, port, folder, bucket);
        using var http = new HttpClient();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                // Anonymous requests are refused, but any answer means the server listens.
                await http.GetAsync(server.Url);
                return server;
            }
            catch (HttpRequestException) when (attempt < 100 && !process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Whether the bucket holds an object with this key (s3rver keeps each one as a folder of files).</summary>
    public bool Holds(string key) => Directory.EnumerateFileSystemEntries(Path.Combine(Folder, Bucket), key + "*").Any();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
