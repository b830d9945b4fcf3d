using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Tips;

public static class TipClient
{
    public const string Description = "某公司研发部前员工离职时拷贝了全部工艺图纸，现在竞争对手处使用，编号 ZX-7731。";

    public static object Tip(string? description = null, object? identity = null) => new
    {
        categoryCode = "breach_of_duty", targetName = "远航精工有限公司", targetAddress = "滨海新区某路 8 号",
        description = description ?? Description, occurredOn = "2026年3月", estimatedLoss = "约 200 万元", insider = true,
        truthful = true, identity,
    };

    public static async Task<string> SubmitAsync(ApiFactory factory, object? tip = null)
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/api/v1/tips", tip ?? Tip());
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("receiptCode").GetString()!;
    }

    public static HttpClient WithReceipt(ApiFactory factory, string receipt)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Receipt-Code", receipt);
        return client;
    }

    public static async Task<HttpResponseMessage> UploadAsync(ApiFactory factory, string receipt, byte[] bytes, string name)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return await WithReceipt(factory, receipt).PostAsync("/api/v1/tips/mine/attachments",
            new MultipartFormDataContent { { file, "file", name } });
    }

    /// <summary>A JPEG by its first bytes, then <paramref name="size"/> random bytes.</summary>
    public static byte[] Jpeg(int size) =>
        [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, .. System.Security.Cryptography.RandomNumberGenerator.GetBytes(size)];

    public static async Task<HttpClient> OfficerAsync(ApiFactory factory) =>
        factory.ClientWith((await factory.CreateStaffAsync("officer")).Token);

    /// <summary>Submits a tip and returns its receipt and its id (found by the officer).</summary>
    public static async Task<(string Receipt, long Id)> SubmitWithIdAsync(ApiFactory factory, HttpClient officer)
    {
        var receipt = await SubmitAsync(factory);
        return (receipt, await LatestTipIdAsync(officer));
    }

    public static async Task MoveAsync(HttpClient officer, long id, params string[] states)
    {
        foreach (var to in states)
        {
            var response = await officer.PostAsJsonAsync($"/api/v1/admin/tips/{id}/transition", new { to, note = "处理说明" });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
    }

    /// <summary>The id of the only tip whose receipt we know, found through the officers' list (newest last).</summary>
    public static async Task<long> LatestTipIdAsync(HttpClient officer) =>
        (await officer.GetFromJsonAsync<JsonElement>("/api/v1/admin/tips?pageSize=50")).GetProperty("items").EnumerateArray()
        .Select(t => t.GetProperty("id").GetInt64()).Max();
}
