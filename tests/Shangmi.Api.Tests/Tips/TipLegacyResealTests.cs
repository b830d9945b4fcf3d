using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Shangmi.Api.Tests.Infrastructure;
using Shangmi.Api.Tips;
using static Shangmi.Api.Tests.Tips.TipClient;

namespace Shangmi.Api.Tests.Tips;

/// <summary>Records written before values were bound to their tip (format 1) are read, then rewritten bound.</summary>
public class TipLegacyResealTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly byte[] Key = Convert.FromBase64String("q1x2RJ3PYm7yX9eVn0Zf8w3k5cT6uA2bL4sD7gH9jK0=");

    /// <summary>The layout the first wave wrote: nonce | ciphertext | tag, the purpose alone as associated data.</summary>
    private static byte[] LegacySeal(string text, string purpose)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var plain = Encoding.UTF8.GetBytes(text);
        var cipher = new byte[plain.Length];
        var tag = new byte[16];
        using var aes = new AesGcm(Key, 16);
        aes.Encrypt(nonce, plain, cipher, tag, Encoding.UTF8.GetBytes(purpose));
        return [.. nonce, .. cipher, .. tag];
    }

    [Fact]
    public async Task Legacy_records_and_evidence_still_read_and_a_retention_round_rewrites_them_bound_to_their_tip()
    {
        var officer = await OfficerAsync(factory);
        var (receipt, tipId) = await SubmitWithIdAsync(factory, officer);
        var (_, otherId) = await SubmitWithIdAsync(factory, officer);
        var photo = Jpeg(150_000);
        var attachmentId = (await (await UploadAsync(factory, receipt, Jpeg(10), "x.jpg")).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("id").GetInt64();
        await WithReceipt(factory, receipt).PostAsJsonAsync("/api/v1/tips/mine/messages", new { text = "placeholder" });

        // Turn the tip into what the first wave stored.
        var report = JsonSerializer.Serialize(new TipReport("旧格式公司", "", "旧格式的举报内容，编号 OLD-2026。", "", "", true));
        var crypto = factory.Services.GetRequiredService<TipCrypto>();
        var storageKey = await factory.ScalarAsync<string>("SELECT storage_key FROM tip_attachments WHERE id = @attachmentId", new { attachmentId });
        var path = Path.Combine(factory.EvidenceFolder, storageKey![..2], storageKey);
        await using (var file = File.Create(path))
        {
            var prefix = EvidenceChunks.NewPrefix();
            await file.WriteAsync(prefix);
            await EvidenceChunks.EncryptAsync(crypto.EvidenceSeal(TipCrypto.LegacyFormat, crypto.ActiveKeyId, tipId, attachmentId),
                prefix, 0, new MemoryStream(photo), file, fileSize: null, default);
        }

        await factory.ScalarAsync<int>("""
            UPDATE tips SET report_enc = @report, crypto_format = 1 WHERE id = @tipId;
            UPDATE tip_messages SET body_enc = @message, crypto_format = 1 WHERE tip_id = @tipId;
            UPDATE tip_attachments SET name_enc = @name, size_bytes = @size, crypto_format = 1 WHERE id = @attachmentId;
            """, new
        {
            tipId, attachmentId, size = photo.Length,
            report = LegacySeal(report, "tip.report"), message = LegacySeal("旧留言", "tip.message"), name = LegacySeal("旧证据.jpg", "tip.attachment-name"),
        });

        var before = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/admin/tips/{tipId}");
        Assert.Contains("OLD-2026", before.GetRawText());
        Assert.Contains("旧留言", before.GetRawText());
        Assert.Equal(photo, await officer.GetByteArrayAsync($"/api/v1/admin/tips/{tipId}/attachments/{attachmentId}"));

        await ActivatorUtilities.CreateInstance<TipRetention>(factory.Services).PurgeAsync(default);

        foreach (var table in new[] { "tips", "tip_messages", "tip_events", "tip_attachments" })
        {
            Assert.Equal(0L, await factory.ScalarAsync<long>($"SELECT COUNT(*) FROM {table} WHERE crypto_format = 1"));
        }

        var after = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/admin/tips/{tipId}");
        Assert.Contains("OLD-2026", after.GetRawText());
        Assert.Contains("旧证据.jpg", after.GetRawText());
        Assert.Equal(photo, await officer.GetByteArrayAsync($"/api/v1/admin/tips/{tipId}/attachments/{attachmentId}"));
        Assert.False(File.Exists(path), "the old file is deleted");

        // Now bound: copied into another tip, the report no longer opens.
        await factory.ScalarAsync<int>("""
            UPDATE tips t2 JOIN tips t1 ON t1.id = @tipId
            SET t2.report_enc = t1.report_enc, t2.key_id = t1.key_id, t2.crypto_format = t1.crypto_format WHERE t2.id = @otherId
            """, new { tipId, otherId });
        var moved = await officer.GetAsync($"/api/v1/admin/tips/{otherId}");
        Assert.Equal(HttpStatusCode.InternalServerError, moved.StatusCode);
        Assert.DoesNotContain("OLD-2026", await moved.Content.ReadAsStringAsync());
    }
}
