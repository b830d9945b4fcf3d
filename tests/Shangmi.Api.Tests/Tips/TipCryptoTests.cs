using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Shangmi.Api.Tips;

namespace Shangmi.Api.Tests.Tips;

public class TipCryptoTests
{
    private const string KeyA = "q1x2RJ3PYm7yX9eVn0Zf8w3k5cT6uA2bL4sD7gH9jK0=";
    private const string KeyB = "Zm9yLXRlc3RzLW9ubHktMzItYnl0ZXMtb2Yta2V5ISE=";

    private static TipCrypto With(string key, params string[] previous) => new(Options.Create(new TipOptions
    {
        EncryptionKey = key, PreviousEncryptionKeys = [.. previous], ReceiptKey = "receipt-key-for-tests-0123456789abcdef",
    }));

    [Fact]
    public void After_a_key_rotation_old_values_still_open_and_new_ones_use_the_new_key()
    {
        var before = With(KeyA);
        var sealedValue = before.Seal("举报内容", TipSealContext.Report(7));

        var after = With(KeyB, KeyA);

        Assert.NotEqual(before.ActiveKeyId, after.ActiveKeyId);
        Assert.Equal("举报内容", after.Open(TipCrypto.CurrentFormat, before.ActiveKeyId, sealedValue, TipSealContext.Report(7)));
        Assert.Throws<CryptographicException>(() =>
            With(KeyB).Open(TipCrypto.CurrentFormat, before.ActiveKeyId, sealedValue, TipSealContext.Report(7)));
    }

    [Fact]
    public void A_value_opens_only_as_the_same_purpose_of_the_same_tip_and_row()
    {
        var crypto = With(KeyA);
        var identity = crypto.Seal("{\"name\":\"王某\"}", TipSealContext.Identity(1));

        Assert.Equal("{\"name\":\"王某\"}", crypto.Open(TipCrypto.CurrentFormat, crypto.ActiveKeyId, identity, TipSealContext.Identity(1)));
        foreach (var elsewhere in new[] { TipSealContext.Report(1), TipSealContext.Identity(4), TipSealContext.Message(1, 1) })
        {
            Assert.ThrowsAny<CryptographicException>(() => crypto.Open(TipCrypto.CurrentFormat, crypto.ActiveKeyId, identity, elsewhere));
        }
    }

    [Fact]
    public void Values_written_before_the_binding_still_open_through_their_format()
    {
        var crypto = With(KeyA);
        // The legacy layout: nonce | ciphertext | tag, with the purpose alone as associated data.
        var key = Convert.FromBase64String(KeyA);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var plain = Encoding.UTF8.GetBytes("旧的举报内容");
        var cipher = new byte[plain.Length];
        var tag = new byte[16];
        using (var aes = new AesGcm(key, 16))
        {
            aes.Encrypt(nonce, plain, cipher, tag, "tip.report"u8);
        }

        byte[] legacy = [.. nonce, .. cipher, .. tag];

        Assert.Equal("旧的举报内容", crypto.Open(TipCrypto.LegacyFormat, crypto.ActiveKeyId, legacy, TipSealContext.Report(99)));
        Assert.ThrowsAny<CryptographicException>(() => crypto.Open(TipCrypto.CurrentFormat, crypto.ActiveKeyId, legacy, TipSealContext.Report(99)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    [InlineData(200_001)]
    public async Task Evidence_round_trips_in_chunks_and_fails_when_cut_or_moved_to_another_attachment(int size)
    {
        var crypto = With(KeyA);
        var seal = crypto.EvidenceSeal(TipCrypto.CurrentFormat, crypto.ActiveKeyId, tipId: 3, attachmentId: 10);
        var plain = RandomNumberGenerator.GetBytes(size);
        var prefix = EvidenceChunks.NewPrefix();
        var encrypted = new MemoryStream();
        encrypted.Write(prefix);
        await EvidenceChunks.EncryptAsync(seal, prefix, 0, new MemoryStream(plain), encrypted, fileSize: null, default);
        Assert.Equal(EvidenceChunks.StoredLength(size), encrypted.Length);

        Assert.Equal(plain, await ReadAllAsync(seal, encrypted.ToArray()));

        var moved = crypto.EvidenceSeal(TipCrypto.CurrentFormat, crypto.ActiveKeyId, tipId: 3, attachmentId: 11);
        await Assert.ThrowsAnyAsync<CryptographicException>(() => ReadAllAsync(moved, encrypted.ToArray()));
        if (size > 65536)
        {
            var cut = encrypted.ToArray()[..(8 + 65536 + 16)]; // drop every chunk after the first
            await Assert.ThrowsAnyAsync<CryptographicException>(() => ReadAllAsync(seal, cut));
        }
    }

    [Fact]
    public async Task A_file_sent_in_pieces_of_a_declared_size_equals_the_one_sent_whole_and_the_reader_seeks()
    {
        var crypto = With(KeyA);
        var seal = crypto.EvidenceSeal(TipCrypto.CurrentFormat, crypto.ActiveKeyId, 1, 2);
        var plain = RandomNumberGenerator.GetBytes(3 * 65536 + 123);
        var prefix = EvidenceChunks.NewPrefix();
        var file = new MemoryStream();
        file.Write(prefix);
        long received = 0;
        foreach (var piece in new[] { 65536, 2 * 65536, 123 })
        {
            file.Position = EvidenceChunks.OffsetOf(received / 65536);
            received += await EvidenceChunks.EncryptAsync(seal, prefix, received / 65536,
                new MemoryStream(plain, (int)received, piece), file, plain.Length, default);
            Assert.Equal(received, EvidenceChunks.ReceivedBytes(file.Length, plain.Length));
        }

        Assert.Equal(plain, await ReadAllAsync(seal, file.ToArray()));
        await using var reader = new EvidenceChunks.Reader(seal, new MemoryStream(file.ToArray()));
        reader.Position = 2 * 65536 + 100;
        var tail = new byte[65536];
        await reader.ReadExactlyAsync(tail);
        Assert.Equal(plain.AsSpan(2 * 65536 + 100, tail.Length).ToArray(), tail);
    }

    private static async Task<byte[]> ReadAllAsync(EvidenceSeal seal, byte[] stored)
    {
        await using var reader = new EvidenceChunks.Reader(seal, new MemoryStream(stored));
        var output = new MemoryStream();
        await reader.CopyToAsync(output);
        return output.ToArray();
    }
}
