using Microsoft.Extensions.DependencyInjection;
using Shangmi.Api.Files;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Files;

/// <summary>A failed upload leaves nothing on disk: no half-written file, no .partial.</summary>
public class UploadLeftoverTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    /// <summary>Gives some bytes, then fails, as a client connection that drops mid-upload does.</summary>
    private sealed class BreaksHalfWay : Stream
    {
        private int _reads;

        public override int Read(byte[] buffer, int offset, int count) =>
            ++_reads < 3 ? count : throw new IOException("the client went away");

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public async Task A_save_that_fails_half_way_leaves_no_partial_file()
    {
        var storage = factory.Services.GetRequiredService<IFileStorage>();
        var key = $"{Guid.NewGuid():N}.pdf";

        await Assert.ThrowsAsync<IOException>(() => storage.SaveAsync(key, new BreaksHalfWay(), CancellationToken.None));

        var folder = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value.Path;
        // The folder also holds the seeded guidance PDFs: nothing of this key, whole or partial, may remain.
        Assert.Empty(Directory.Exists(folder) ? Directory.GetFiles(folder, key + "*", SearchOption.AllDirectories) : []);
        Assert.Null(await storage.OpenReadAsync(key, CancellationToken.None));
    }
}
