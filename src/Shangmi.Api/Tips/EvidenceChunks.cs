using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Shangmi.Api.Tips;

/// <summary>
/// The on-disk format of evidence: an 8-byte random prefix, then the plaintext in 64 KiB chunks, each sealed with
/// AES-GCM on its own (nonce = prefix + chunk index; associated data from <see cref="EvidenceSeal"/>, the last chunk
/// marked). Memory stays flat whatever the file size; chunk i always sits at <see cref="OffsetOf"/>(i), so a
/// resumable upload can append pieces across requests and a reader can seek.
/// </summary>
public static class EvidenceChunks
{
    public const int PrefixSize = 8;
    public const int ChunkSize = 64 * 1024;
    private const int StoredChunkSize = ChunkSize + TipCrypto.TagSize;

    public static long OffsetOf(long chunkIndex) => PrefixSize + chunkIndex * StoredChunkSize;

    /// <summary>Whole chunks in a file of <paramref name="storedLength"/> bytes that holds only "more" chunks (an upload in progress).</summary>
    public static long WholeChunks(long storedLength) => Math.Max(0, storedLength - PrefixSize) / StoredChunkSize;

    /// <summary>The stored length of a finished file of <paramref name="size"/> plaintext bytes.</summary>
    public static long StoredLength(long size) => PrefixSize + size + Math.Max(1, (size + ChunkSize - 1) / ChunkSize) * TipCrypto.TagSize;

    /// <summary>
    /// The plaintext bytes safely received in a file being uploaded: all of them once the file is whole, else its
    /// whole chunks (a chunk torn by a cut connection does not count and is written again).
    /// </summary>
    public static long ReceivedBytes(long storedLength, long size) =>
        storedLength == StoredLength(size) ? size : Math.Min(size, WholeChunks(storedLength) * ChunkSize);

    public static byte[] NewPrefix() => RandomNumberGenerator.GetBytes(PrefixSize);

    /// <summary>The plaintext source ended before the size the file was declared with.</summary>
    public sealed class LongerThanDeclaredException() : Exception("more bytes than declared");

    /// <summary>
    /// Encrypts <paramref name="plaintext"/> into <paramref name="output"/> (positioned at chunk
    /// <paramref name="firstChunk"/>) and returns the plaintext bytes written.
    /// With <paramref name="fileSize"/> unknown, the source is the whole file: its end is the file's end.
    /// With it known, only whole chunks are written until the file's last byte, which closes the file; a source that
    /// ends mid-chunk before then (a cut connection) leaves the partial chunk unwritten, to be sent again.
    /// </summary>
    public static async Task<long> EncryptAsync(EvidenceSeal seal, byte[] prefix, long firstChunk, Stream plaintext,
        Stream output, long? fileSize, CancellationToken ct)
    {
        // One pooled block per upload: the chunk being sealed (in place) and the one read ahead to know whether it is
        // the last. Memory per upload in flight is this block, whatever the file size (see bench/REPORT.md).
        var block = ArrayPool<byte>.Shared.Rent(2 * ChunkSize);
        var tag = new byte[TipCrypto.TagSize];
        try
        {
            using var aes = new AesGcm(seal.Key, TipCrypto.TagSize);
            var (current, next) = (block.AsMemory(0, ChunkSize), block.AsMemory(ChunkSize, ChunkSize));
            var start = firstChunk * ChunkSize;
            long written = 0;
            var length = await ReadChunkAsync(plaintext, current, ct);
            for (var index = (uint)firstChunk; ; index++)
            {
                bool last;
                var nextLength = 0;
                if (fileSize is { } size)
                {
                    if (start + written + length > size)
                    {
                        throw new LongerThanDeclaredException();
                    }

                    last = start + written + length == size;
                    if (!last && length < ChunkSize)
                    {
                        return written;
                    }
                }
                else
                {
                    nextLength = length == ChunkSize ? await ReadChunkAsync(plaintext, next, ct) : 0;
                    last = nextLength == 0;
                }

                var chunk = current[..length];
                aes.Encrypt(Nonce(prefix, index), chunk.Span, chunk.Span, tag, seal.ChunkData(index, last));
                await output.WriteAsync(chunk, ct);
                await output.WriteAsync(tag, ct);
                written += length;
                if (last)
                {
                    if (fileSize is not null && await ReadChunkAsync(plaintext, next, ct) > 0)
                    {
                        throw new LongerThanDeclaredException();
                    }

                    return written;
                }

                if (fileSize is null)
                {
                    (current, next) = (next, current);
                    length = nextLength;
                }
                else
                {
                    length = await ReadChunkAsync(plaintext, current, ct);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }
    }

    internal static byte[] Nonce(byte[] prefix, uint index)
    {
        var nonce = new byte[TipCrypto.NonceSize];
        prefix.CopyTo(nonce, 0);
        BinaryPrimitives.WriteUInt32BigEndian(nonce.AsSpan(PrefixSize), index);
        return nonce;
    }

    private static async Task<int> ReadChunkAsync(Stream stream, Memory<byte> buffer, CancellationToken ct) =>
        await stream.ReadAtLeastAsync(buffer, ChunkSize, throwOnEndOfStream: false, ct);

    /// <summary>
    /// The plaintext of a finished evidence file as a read-only, seekable stream: each chunk is authenticated as it
    /// is read, so tampering, truncation or a file moved from another attachment throws
    /// <see cref="CryptographicException"/>.
    /// </summary>
    public sealed class Reader : Stream
    {
        private readonly EvidenceSeal _seal;
        private readonly Stream _file;
        private readonly byte[] _prefix = new byte[PrefixSize];
        private readonly long _chunks;
        private readonly byte[] _stored = new byte[StoredChunkSize];
        private readonly byte[] _clear = new byte[ChunkSize];
        private readonly AesGcm _aes;
        private long _cachedChunk = -1;
        private int _cachedLength;
        private long _position;

        public Reader(EvidenceSeal seal, Stream file)
        {
            _seal = seal;
            _file = file;
            var body = file.Length - PrefixSize;
            _chunks = body <= 0 ? 0 : (body + StoredChunkSize - 1) / StoredChunkSize;
            var lastStored = body - (_chunks - 1) * StoredChunkSize;
            if (_chunks == 0 || lastStored < TipCrypto.TagSize)
            {
                throw new CryptographicException("evidence file truncated");
            }

            Length = (_chunks - 1) * ChunkSize + lastStored - TipCrypto.TagSize;
            file.Position = 0;
            file.ReadExactly(_prefix);
            _aes = new AesGcm(seal.Key, TipCrypto.TagSize);
            if (Length == 0)
            {
                // No read would reach the one (empty) chunk: authenticate it now.
                Open(0, file.ReadAtLeast(_stored, _stored.Length, throwOnEndOfStream: false));
            }
        }

        public override long Length { get; }

        public override long Position
        {
            get => _position;
            set => _position = value is >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
        }

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position >= Length || buffer.IsEmpty)
            {
                return 0;
            }

            var index = _position / ChunkSize;
            if (index != _cachedChunk)
            {
                _file.Position = OffsetOf(index);
                var stored = _file.ReadAtLeast(_stored, _stored.Length, throwOnEndOfStream: false);
                Open(index, stored);
            }

            return Copy(buffer);
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            if (_position >= Length || buffer.IsEmpty)
            {
                return 0;
            }

            var index = _position / ChunkSize;
            if (index != _cachedChunk)
            {
                _file.Position = OffsetOf(index);
                var stored = await _file.ReadAtLeastAsync(_stored, _stored.Length, throwOnEndOfStream: false, ct);
                Open(index, stored);
            }

            return Copy(buffer.Span);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => Length + offset,
        };

        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _aes.Dispose();
                _file.Dispose();
            }

            base.Dispose(disposing);
        }

        private void Open(long index, int stored)
        {
            var last = index == _chunks - 1;
            if (stored < TipCrypto.TagSize || (!last && stored != StoredChunkSize))
            {
                throw new CryptographicException("evidence file truncated");
            }

            var length = stored - TipCrypto.TagSize;
            _aes.Decrypt(Nonce(_prefix, (uint)index), _stored.AsSpan(0, length), _stored.AsSpan(length, TipCrypto.TagSize),
                _clear.AsSpan(0, length), _seal.ChunkData((uint)index, last));
            _cachedChunk = index;
            _cachedLength = length;
        }

        private int Copy(Span<byte> buffer)
        {
            var within = (int)(_position - _cachedChunk * ChunkSize);
            var count = Math.Min(buffer.Length, _cachedLength - within);
            _clear.AsSpan(within, count).CopyTo(buffer);
            _position += count;
            return count;
        }
    }
}
