namespace Shangmi.Api.Common;

/// <summary>A read-only stream of a prefix already read, then the rest; refuses to go past a limit.</summary>
internal sealed class LimitedStream(ReadOnlyMemory<byte> prefix, Stream rest, long limit) : Stream
{
    private ReadOnlyMemory<byte> _prefix = prefix;
    private long _total;

    public sealed class TooLargeException() : Exception("evidence file too large");

    /// <summary>The client's multipart body broke off or does not parse: its fault, a 400, not a server failure.</summary>
    public sealed class BrokenUploadException(Exception inner) : Exception("upload broken", inner);

    /// <summary>Runs a read of the request body, turning its parse and transport failures into <see cref="BrokenUploadException"/>.</summary>
    public static async Task<T> Guard<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new TooLargeException(); // the server's own body limit, not a broken upload
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw new BrokenUploadException(e);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        int read;
        if (!_prefix.IsEmpty)
        {
            read = Math.Min(buffer.Length, _prefix.Length);
            _prefix[..read].CopyTo(buffer);
            _prefix = _prefix[read..];
        }
        else
        {
            read = await Guard(() => rest.ReadAsync(buffer, ct).AsTask());
        }

        _total += read;
        return _total > limit ? throw new TooLargeException() : read;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _total; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
