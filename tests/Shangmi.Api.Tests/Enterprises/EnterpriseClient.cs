using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Enterprises;

/// <summary>Shortcuts for enterprise tests: valid credit codes, claims as the mini-program sends them, scoped staff.</summary>
public static class EnterpriseClient
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    private static int _next = 1000;

    /// <summary>A fresh, valid unified social credit code (check character computed as GB 32100-2015 says).</summary>
    public static string NewCode()
    {
        var body = $"91120000{Interlocked.Increment(ref _next):D5}{Random.Shared.Next(0, 9999):D4}";
        var sum = body.Select((c, i) => Alphabet.IndexOf(c) * Weights[i]).Sum();
        return body + Alphabet[(31 - sum % 31) % 31];
    }

    /// <summary>A seeded district (和平区); pass <c>districtId: null</c> to leave the field out.</summary>
    public const long FirstDistrictId = 1;

    public static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();

    public static byte[] Png() => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 1, 2, 3];

    public static MultipartFormDataContent ClaimForm(string code, string name = "天津和顺精密制造有限公司", string mobile = "138 1234 5678",
        long? districtId = FirstDistrictId, byte[]? proof = null, string proofName = "licence.pdf", string contactName = "王芳")
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(code), "creditCode" }, { new StringContent(name), "name" }, { new StringContent(contactName), "contactName" },
            { new StringContent(mobile), "mobile" }, { new StringContent("法务经理"), "position" },
        };
        if (districtId is not null)
        {
            form.Add(new StringContent(districtId.Value.ToString()), "districtId");
        }

        if (proof is not null)
        {
            var file = new ByteArrayContent(proof);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, "proof", proofName);
        }

        return form;
    }

    public static Task<HttpResponseMessage> ClaimAsync(ApiFactory factory, string token, MultipartFormDataContent form) =>
        factory.ClientWith(token).PostAsync("/api/v1/me/enterprise-claims", form);

    /// <summary>Claims and returns the claim's id; fails the test unless it was accepted.</summary>
    public static async Task<long> ClaimedAsync(ApiFactory factory, string token, MultipartFormDataContent form)
    {
        var response = await ClaimAsync(factory, token, form);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created,
            text + string.Join('\n', factory.Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal)).TakeLast(2)));
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64();
    }

    public static async Task<JsonElement> MineAsync(ApiFactory factory, string token) =>
        await factory.ClientWith(token).GetFromJsonAsync<JsonElement>("/api/v1/me/enterprise");

    public static async Task<long> DistrictAsync(ApiFactory factory, string name) =>
        await factory.ScalarAsync<long>("SELECT id FROM districts WHERE name = @name", new { name });

    /// <summary>A new service account, limited to <paramref name="district"/> (city-wide when null).</summary>
    public static async Task<HttpClient> ServiceAsync(ApiFactory factory, string? district = null)
    {
        var (id, token) = await factory.CreateStaffAsync("service");
        if (district is not null)
        {
            var admin = factory.ClientWith(await factory.SignInStaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword));
            var response = await admin.PutAsJsonAsync($"/api/v1/admin/staff/{id}/district", new { districtId = await DistrictAsync(factory, district) });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        return factory.ClientWith(token);
    }

    public static async Task<long> EnterpriseOfClaimAsync(ApiFactory factory, long claimId) =>
        await factory.ScalarAsync<long>("SELECT enterprise_id FROM enterprise_claims WHERE id = @claimId", new { claimId });
}
