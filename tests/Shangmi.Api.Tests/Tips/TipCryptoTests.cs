using System.Security.Cryptography;
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
        var sealedValue = before.Seal("举报内容", "tip.report");

        var after = With(KeyB, KeyA);

        Assert.NotEqual(before.ActiveKeyId, after.ActiveKeyId);
        Assert.Equal("举报内容", after.Open(before.ActiveKeyId, sealedValue, "tip.report"));
        Assert.Throws<CryptographicException>(() => With(KeyB).Open(before.ActiveKeyId, sealedValue, "tip.report"));
    }

    [Fact]
    public void A_value_cannot_be_opened_as_another_kind_of_value()
    {
        var crypto = With(KeyA);
        var identity = crypto.Seal("{\"name\":\"王某\"}", "tip.identity");

        Assert.ThrowsAny<CryptographicException>(() => crypto.Open(crypto.ActiveKeyId, identity, "tip.message"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    [InlineData(200_001)]
    public async Task Evidence_round_trips_in_chunks_and_a_truncated_file_fails(int size)
    {
        var key = Convert.FromBase64String(KeyA);
        var plain = RandomNumberGenerator.GetBytes(size);
        using var encrypted = new MemoryStream();
        await TipCrypto.Chunked.EncryptAsync(key, new MemoryStream(plain), encrypted, default);

        encrypted.Position = 0;
        using var decrypted = new MemoryStream();
        await TipCrypto.Chunked.DecryptAsync(key, encrypted, decrypted, default);
        Assert.Equal(plain, decrypted.ToArray());

        if (size > 65536)
        {
            var cut = new MemoryStream(encrypted.ToArray()[..(8 + 65536 + 16)]); // drop every chunk after the first
            await Assert.ThrowsAnyAsync<CryptographicException>(() => TipCrypto.Chunked.DecryptAsync(key, cut, null, default));
        }
    }
}
