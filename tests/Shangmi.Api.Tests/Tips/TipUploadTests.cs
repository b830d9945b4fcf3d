using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Shangmi.Api.Tests.Infrastructure;
using static Shangmi.Api.Tests.Tips.TipClient;

namespace Shangmi.Api.Tests.Tips;

/// <summary>Resumable evidence uploads as a phone on 4G does them: pieces, a cut link, a resume, a retry.</summary>
public class TipResumableUploadTests(TipResumableUploadTests.Factory factory) : IClassFixture<TipResumableUploadTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        public Factory() => Settings["Tips:MaxAttachmentBytes"] = "5000000";
    }

    private const int Piece = 4 * 65536;

    private static HttpRequestMessage PutPiece(string receipt, long uploadId, long offset, HttpContent body)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/tips/mine/uploads/{uploadId}?offset={offset}") { Content = body };
        request.Headers.Add(TipsApiHeader, receipt);
        return request;
    }

    private const string TipsApiHeader = "X-Receipt-Code";

    private static ByteArrayContent Bytes(byte[] file, long offset, int length)
    {
        var content = new ByteArrayContent(file, (int)offset, length);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }

    /// <summary>Sends part of a piece, then breaks the connection, as a phone losing its signal does.</summary>
    private sealed class CutContent(byte[] file, long offset, int length, int cutAfter) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(file.AsMemory((int)offset, cutAfter));
            await stream.FlushAsync();
            throw new IOException("signal lost");
        }

        protected override bool TryComputeLength(out long computed)
        {
            computed = length;
            return true;
        }
    }

    [Fact]
    public async Task An_upload_cut_at_a_random_piece_resumes_from_the_servers_offset_and_ends_identical()
    {
        var officer = await OfficerAsync(factory);
        var (receipt, tipId) = await SubmitWithIdAsync(factory, officer);
        var file = Jpeg(1_300_000 - 12);
        var reporter = WithReceipt(factory, receipt);
        var created = await reporter.PostAsJsonAsync("/api/v1/tips/mine/uploads", new { name = "现场录像.mp4", size = file.Length });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var uploadId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var pieces = (file.Length + Piece - 1) / Piece;
        var cutPiece = RandomNumberGenerator.GetInt32(pieces);

        long offset = 0;
        for (var piece = 0; offset < file.Length; piece++)
        {
            var length = (int)Math.Min(Piece, file.Length - offset);
            if (piece == cutPiece)
            {
                var cutAfter = RandomNumberGenerator.GetInt32(1, length);
                await Assert.ThrowsAnyAsync<Exception>(() => factory.StreamingClient().SendAsync(
                    PutPiece(receipt, uploadId, offset, new CutContent(file, offset, length, cutAfter))));
                offset = await ResumeOffsetAsync(reporter, uploadId);
                Assert.InRange(offset, (long)piece * Piece, (long)piece * Piece + cutAfter);
                Assert.Equal(0, offset % 65536);
                continue;
            }

            var put = await SendUntilFreeAsync(() => PutPiece(receipt, uploadId, offset, Bytes(file, offset, length)));
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            offset = (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("offset").GetInt64();
        }

        var complete = await reporter.PostAsync($"/api/v1/tips/mine/uploads/{uploadId}/complete", null);
        Assert.Equal(HttpStatusCode.Created, complete.StatusCode);
        var again = await reporter.PostAsync($"/api/v1/tips/mine/uploads/{uploadId}/complete", null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode); // a retried completion is not a second file

        // Nothing sent to a finished upload can touch it: not a new first piece, not an abandon, not a late retry of
        // the recording whose first answer was lost.
        await ProblemAssert.IsProblemAsync(await factory.StreamingClient().SendAsync(PutPiece(receipt, uploadId, 0, Bytes(Jpeg(100), 0, 16))),
            HttpStatusCode.Conflict, "tip.upload_complete");
        await ProblemAssert.IsProblemAsync(await reporter.DeleteAsync($"/api/v1/tips/mine/uploads/{uploadId}"),
            HttpStatusCode.Conflict, "tip.upload_complete");
        var store = factory.Services.GetRequiredService<Shangmi.Api.Tips.TipAttachmentStore>();
        var finished = (await store.FindAsync(tipId, uploadId, default))!;
        Assert.True(await store.CompleteAsync(finished, new Shangmi.Api.Tips.EvidenceKind("image/jpeg", "jpg"), file.Length, null, null, default));

        var download = await officer.GetAsync($"/api/v1/admin/tips/{tipId}/attachments/{uploadId}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(file, await download.Content.ReadAsByteArrayAsync());
        var mine = await reporter.GetFromJsonAsync<JsonElement>("/api/v1/tips/mine");
        Assert.Equal("现场录像.mp4", mine.GetProperty("attachments").EnumerateArray().Single().GetProperty("name").GetString());
    }

    [Fact]
    public async Task Wrong_offsets_odd_pieces_early_completion_and_non_evidence_are_clear_errors()
    {
        var receipt = await SubmitAsync(factory);
        var reporter = WithReceipt(factory, receipt);
        var file = Jpeg(300_000);
        var uploadId = (await (await reporter.PostAsJsonAsync("/api/v1/tips/mine/uploads", new { name = "a.jpg", size = file.Length }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var client = factory.CreateClient();

        var wrong = await ProblemAssert.IsProblemAsync(await client.SendAsync(PutPiece(receipt, uploadId, 65536, Bytes(file, 65536, 65536))),
            HttpStatusCode.Conflict, "tip.upload_offset");
        Assert.Equal(0, wrong.GetProperty("offset").GetInt64());
        await ProblemAssert.IsProblemAsync(await client.SendAsync(PutPiece(receipt, uploadId, 0, Bytes(file, 0, 1000))),
            HttpStatusCode.BadRequest, "validation.failed");
        await ProblemAssert.IsProblemAsync(await client.SendAsync(PutPiece(receipt, uploadId, 0, Bytes(new byte[file.Length], 0, file.Length))),
            HttpStatusCode.BadRequest, "validation.failed"); // not a photo: refused on its first bytes
        await ProblemAssert.IsProblemAsync(await reporter.GetAsync($"/api/v1/tips/mine/uploads/{uploadId}"), HttpStatusCode.NotFound,
            "tip.upload_not_found"); // and the upload is gone

        var second = (await (await reporter.PostAsJsonAsync("/api/v1/tips/mine/uploads", new { name = "a.jpg", size = file.Length }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(PutPiece(receipt, second, 0, Bytes(file, 0, 65536)))).StatusCode);
        var early = await ProblemAssert.IsProblemAsync(await reporter.PostAsync($"/api/v1/tips/mine/uploads/{second}/complete", null),
            HttpStatusCode.Conflict, "tip.upload_incomplete");
        Assert.Equal(65536, early.GetProperty("offset").GetInt64());
        await ProblemAssert.IsProblemAsync(await client.SendAsync(PutPiece(receipt, second, 65536, Bytes([.. file, 1, 2], 65536, file.Length - 65536 + 2))),
            HttpStatusCode.BadRequest, "validation.failed"); // past the declared size
        await ProblemAssert.IsProblemAsync(await reporter.PostAsJsonAsync("/api/v1/tips/mine/uploads", new { name = "big.mp4", size = 5_000_001 }),
            HttpStatusCode.BadRequest, "validation.failed");
        await ProblemAssert.IsProblemAsync(await WithReceipt(factory, "0000 0000 0000 0000").GetAsync($"/api/v1/tips/mine/uploads/{second}"),
            HttpStatusCode.NotFound, "tip.not_found");
        Assert.Equal(HttpStatusCode.NoContent, (await reporter.DeleteAsync($"/api/v1/tips/mine/uploads/{second}")).StatusCode);
    }

    [Fact]
    public async Task An_upload_started_before_the_tip_was_finished_cannot_add_evidence_after()
    {
        var officer = await OfficerAsync(factory);
        var (receipt, tipId) = await SubmitWithIdAsync(factory, officer);
        var reporter = WithReceipt(factory, receipt);
        var file = Jpeg(200_000);
        var uploadId = (await (await reporter.PostAsJsonAsync("/api/v1/tips/mine/uploads", new { name = "a.jpg", size = file.Length }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().SendAsync(PutPiece(receipt, uploadId, 0, Bytes(file, 0, 65536)))).StatusCode);

        await MoveAsync(officer, tipId, "rejected");

        await ProblemAssert.IsProblemAsync(await factory.CreateClient().SendAsync(PutPiece(receipt, uploadId, 65536, Bytes(file, 65536, file.Length - 65536))),
            HttpStatusCode.Conflict, "tip.final");
        Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT COUNT(*) FROM tip_attachments WHERE id = @uploadId", new { uploadId }));
    }

    private static async Task<long> ResumeOffsetAsync(HttpClient reporter, long uploadId) =>
        (await reporter.GetFromJsonAsync<JsonElement>($"/api/v1/tips/mine/uploads/{uploadId}")).GetProperty("offset").GetInt64();

    /// <summary>The server may still hold the piece a cut request was writing; a phone waits and tries again.</summary>
    private async Task<HttpResponseMessage> SendUntilFreeAsync(Func<HttpRequestMessage> request)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await factory.CreateClient().SendAsync(request());
            if (response.StatusCode != HttpStatusCode.Conflict || attempt == 20)
            {
                return response;
            }

            await Task.Delay(100);
        }
    }
}

/// <summary>A fully received evidence file survives a database that is away when it is recorded.</summary>
public class TipUploadOutageTests(TipUploadOutageTests.Factory factory) : IClassFixture<TipUploadOutageTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        public TcpRelay Relay { get; } = new(TestMariaDb.ServerPort);

        protected override int DatabasePort => Relay.Port;

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            await Relay.DisposeAsync();
        }
    }

    /// <summary>A multipart body that stops after its first half until the test lets it go on.</summary>
    private sealed class PausedContent(byte[] body, TaskCompletionSource halfSent, Task goOn) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(body.AsMemory(0, body.Length / 2));
            await stream.FlushAsync();
            halfSent.SetResult();
            await goOn;
            await stream.WriteAsync(body.AsMemory(body.Length / 2));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return true;
        }
    }

    [Fact]
    public async Task The_database_going_away_while_a_file_arrives_loses_nothing_once_it_returns()
    {
        var receipt = await SubmitAsync(factory);
        var photo = Jpeg(400_000);
        var form = new MultipartFormDataContent { { new ByteArrayContent(photo), "file", "photo.jpg" } };
        var body = await form.ReadAsByteArrayAsync();
        var halfSent = new TaskCompletionSource();
        var goOn = new TaskCompletionSource();
        var content = new PausedContent(body, halfSent, goOn.Task);
        content.Headers.ContentType = form.Headers.ContentType;
        var client = factory.StreamingClient();
        client.DefaultRequestHeaders.Add("X-Receipt-Code", receipt);
        var upload = client.PostAsync("/api/v1/tips/mine/attachments", content);

        await halfSent.Task.WaitAsync(TimeSpan.FromSeconds(10));
        // The receipt was checked and the row reserved: bytes are arriving.
        for (var wait = 0; await factory.ScalarAsync<long>("SELECT COUNT(*) FROM tip_attachments WHERE state = 'uploading'") == 0; wait++)
        {
            Assert.True(wait < 250, "no reservation within 5 s");
            await Task.Delay(20);
        }

        factory.Relay.Cut();
        goOn.SetResult();
        await Task.Delay(TimeSpan.FromSeconds(3)); // the file is whole now and its row cannot be written
        factory.Relay.Restore();
        var response = await upload.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var mine = await WithReceipt(factory, receipt).GetFromJsonAsync<JsonElement>("/api/v1/tips/mine");
        Assert.Equal(photo.Length, mine.GetProperty("attachments").EnumerateArray().Single().GetProperty("size").GetInt64());
    }
}

/// <summary>One address cannot reserve the whole service's evidence budget, even with uploads it never sends.</summary>
public class TipEvidencePerAddressTests(TipEvidencePerAddressTests.Factory factory) : IClassFixture<TipEvidencePerAddressTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        public Factory()
        {
            Settings["Tips:MaxAttachmentBytes"] = "1048576";
            Settings["Tips:EvidenceBytesPerAddressPerHour"] = "2097152";
        }
    }

    [Fact]
    public async Task Empty_reservations_from_one_address_stop_at_its_hourly_bytes_and_free_up_after_the_hour()
    {
        var reporter = WithReceipt(factory, await SubmitAsync(factory));
        var start = () => reporter.PostAsJsonAsync("/api/v1/tips/mine/uploads", new { name = "v.mp4", size = 1_048_576 });
        Assert.Equal(HttpStatusCode.Created, (await start()).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await start()).StatusCode);

        var refused = await start();
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));

        factory.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.Created, (await start()).StatusCode);
    }
}
