using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Files;

/// <summary>
/// Public files in an S3-compatible bucket (Storage:S3) instead of a folder: what one instance stores, another
/// instance on another machine serves, and nothing lands in the local folder.
/// </summary>
public class S3StorageTests(S3StorageTests.Factory factory) : IClassFixture<S3StorageTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        public FakeS3Server S3 { get; private set; } = null!;

        /// <summary>A second instance on the same database and bucket, with a local folder of its own.</summary>
        public ApiFactory Other { get; private set; } = null!;

        public override async Task InitializeAsync()
        {
            S3 = await FakeS3Server.StartAsync("shangmi-files");
            UseBucket(Settings, S3);
            await base.InitializeAsync();
            Other = new SecondInstance(this);
            await Other.InitializeAsync();
        }

        public override async Task DisposeAsync()
        {
            await Other.DisposeAsync();
            await base.DisposeAsync();
            await S3.DisposeAsync();
        }

        public static void UseBucket(IDictionary<string, string?> settings, FakeS3Server s3)
        {
            settings["Storage:S3:ServiceUrl"] = s3.Url;
            settings["Storage:S3:Bucket"] = s3.Bucket;
            settings["Storage:S3:AccessKey"] = FakeS3Server.AccessKey;
            settings["Storage:S3:SecretKey"] = FakeS3Server.SecretKey;
        }
    }

    /// <summary>Another service process's view: same database, same bucket, its own (empty) folder.</summary>
    private sealed class SecondInstance : ApiFactory
    {
        public SecondInstance(Factory first)
        {
            DatabaseName = first.DatabaseName;
            Factory.UseBucket(Settings, first.S3);
        }

        protected override bool OwnsDatabase => false;
    }

    private static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"u8.ToArray();

    private static MultipartFormDataContent Form(byte[] bytes)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return new MultipartFormDataContent { { file, "file", "指引.pdf" } };
    }

    [Fact]
    public async Task A_file_uploaded_to_one_instance_is_in_the_bucket_and_served_by_the_other()
    {
        var editor = await factory.EditorAsync();
        var bytes = Pdf.Concat(Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7))).ToArray();

        var response = await editor.PostAsync("/api/v1/admin/files", Form(bytes));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var key = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        Assert.True(factory.S3.Holds(key));
        Assert.False(Directory.Exists(factory.FilesFolder) && Directory.EnumerateFiles(factory.FilesFolder, "*", SearchOption.AllDirectories).Any());

        var served = await factory.Other.CreateClient().GetAsync($"/files/{key}");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("application/pdf", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await served.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_key_the_bucket_does_not_hold_is_a_404_problem()
    {
        var response = await factory.CreateClient().GetAsync($"/files/{new string('a', 32)}.png");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "file.not_found");
    }

    [Fact]
    public async Task A_refused_key_fails_the_upload_without_a_record_or_a_leaked_secret()
    {
        await using var wrong = new WrongSecret(factory);
        await wrong.InitializeAsync();
        var editor = await wrong.EditorAsync();

        var response = await editor.PostAsync("/api/v1/admin/files", Form(Pdf));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, "storage.unavailable");
        Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT COUNT(*) FROM files WHERE size_bytes = @size", new { size = Pdf.Length }));
        Assert.DoesNotContain("not-the-secret", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(wrong.Logs.Lines, line => line.Contains("not-the-secret"));
    }

    private sealed class WrongSecret : ApiFactory
    {
        public WrongSecret(Factory first)
        {
            DatabaseName = first.DatabaseName;
            Factory.UseBucket(Settings, first.S3);
            // s3rver checks the access key id, not SigV4 signatures: a wrong key is what it can refuse.
            Settings["Storage:S3:AccessKey"] = "NOT-A-KEY";
            Settings["Storage:S3:SecretKey"] = "not-the-secret";
        }

        protected override bool OwnsDatabase => false;
    }

    [Fact]
    public async Task A_store_that_is_down_answers_503_for_uploads_and_reads()
    {
        await using var down = new StoreDown(factory);
        await down.InitializeAsync();
        var editor = await down.EditorAsync();

        var upload = await editor.PostAsync("/api/v1/admin/files", Form(Pdf));
        var read = await down.CreateClient().GetAsync($"/files/{new string('b', 32)}.pdf");

        await ProblemAssert.IsProblemAsync(upload, HttpStatusCode.ServiceUnavailable, "storage.unavailable");
        await ProblemAssert.IsProblemAsync(read, HttpStatusCode.ServiceUnavailable, "storage.unavailable");
    }

    /// <summary>An instance whose bucket address has nothing listening (the store stopped or unreachable).</summary>
    private sealed class StoreDown : ApiFactory
    {
        public StoreDown(Factory first)
        {
            DatabaseName = first.DatabaseName;
            Factory.UseBucket(Settings, first.S3);
            using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            Settings["Storage:S3:ServiceUrl"] = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}";
        }

        protected override bool OwnsDatabase => false;
    }
}
