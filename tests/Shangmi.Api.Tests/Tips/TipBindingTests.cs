using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Infrastructure;
using static Shangmi.Api.Tests.Tips.TipClient;

namespace Shangmi.Api.Tests.Tips;

/// <summary>Someone with write access to the database or the evidence folder moves ciphertexts between tips.</summary>
public class TipBindingTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_report_and_identity_copied_into_another_tip_do_not_open_as_that_tip()
    {
        var officer = await OfficerAsync(factory);
        await SubmitAsync(factory, Tip(description: "第一条线索：某厂前工程师带走了注塑模具的图纸，编号 MJ-0451。",
            identity: new { name = "李某", phone = "13900001111" }));
        var first = await LatestTipIdAsync(officer);
        var (_, second) = await SubmitWithIdAsync(factory, officer);

        await factory.ScalarAsync<int>("""
            UPDATE tips t2 JOIN tips t1 ON t1.id = @first
            SET t2.report_enc = t1.report_enc, t2.identity_enc = t1.identity_enc, t2.key_id = t1.key_id, t2.crypto_format = t1.crypto_format
            WHERE t2.id = @second
            """, new { first, second });

        var read = await officer.GetAsync($"/api/v1/admin/tips/{second}");
        var body = await read.Content.ReadAsStringAsync();
        Assert.DoesNotContain("MJ-0451", body);
        await ProblemAssert.IsProblemAsync(read, HttpStatusCode.InternalServerError, "data.tampered");
        var identity = await officer.PostAsJsonAsync($"/api/v1/admin/tips/{second}/identity", new { reason = "核实" });
        Assert.DoesNotContain("李某", await identity.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync($"/api/v1/admin/tips/{first}")).StatusCode);
    }

    [Fact]
    public async Task An_evidence_file_copied_over_another_fails_its_integrity_check()
    {
        var officer = await OfficerAsync(factory);
        var (receiptA, tipA) = await SubmitWithIdAsync(factory, officer);
        var a = await (await UploadAsync(factory, receiptA, Jpeg(70_000), "a.jpg")).Content.ReadFromJsonAsync<JsonElement>();
        var (receiptB, tipB) = await SubmitWithIdAsync(factory, officer);
        var b = await (await UploadAsync(factory, receiptB, Jpeg(70_000), "b.jpg")).Content.ReadFromJsonAsync<JsonElement>();
        var keyA = await factory.ScalarAsync<string>("SELECT storage_key FROM tip_attachments WHERE id = @id", new { id = a.GetProperty("id").GetInt64() });
        var keyB = await factory.ScalarAsync<string>("SELECT storage_key FROM tip_attachments WHERE id = @id", new { id = b.GetProperty("id").GetInt64() });

        File.Copy(Path.Combine(factory.EvidenceFolder, keyA![..2], keyA), Path.Combine(factory.EvidenceFolder, keyB![..2], keyB), overwrite: true);

        var download = await officer.GetAsync($"/api/v1/admin/tips/{tipB}/attachments/{b.GetProperty("id").GetInt64()}");
        await ProblemAssert.IsProblemAsync(download, HttpStatusCode.InternalServerError, "tip.attachment_tampered");
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync($"/api/v1/admin/tips/{tipA}/attachments/{a.GetProperty("id").GetInt64()}")).StatusCode);
    }
}
