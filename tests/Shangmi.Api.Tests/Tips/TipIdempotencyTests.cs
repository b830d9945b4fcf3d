using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Infrastructure;
using static Shangmi.Api.Tests.Tips.TipClient;

namespace Shangmi.Api.Tests.Tips;

/// <summary>An Idempotency-Key must never hand one reporter's receipt to another.</summary>
public class TipIdempotencyTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private Task<HttpResponseMessage> PostAsync(string key, object tip)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tips") { Content = JsonContent.Create(tip) };
        request.Headers.Add("Idempotency-Key", key);
        return factory.CreateClient().SendAsync(request);
    }

    [Fact]
    public async Task A_key_replayed_with_another_tip_is_refused_and_gives_away_no_receipt()
    {
        var key = Guid.NewGuid().ToString();
        var before = await factory.ScalarAsync<long>("SELECT COUNT(*) FROM tips");
        var first = await PostAsync(key, Tip());
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var receipt = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receiptCode").GetString()!;

        var other = await PostAsync(key, Tip(description: "另一位举报人写的另一件事：供应商的技术人员拍摄了我们的配方单。"));
        var problem = await ProblemAssert.IsProblemAsync(other, (HttpStatusCode)422, "idempotency.key_reused");
        Assert.DoesNotContain(receipt, problem.ToString());
        Assert.DoesNotContain(receipt.Replace(" ", ""), problem.ToString());

        var retry = await PostAsync(key, Tip());
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(receipt, (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receiptCode").GetString());
        Assert.Equal(before + 1, await factory.ScalarAsync<long>("SELECT COUNT(*) FROM tips"));
    }

    [Theory]
    [InlineData("00000000-0000-0000-0000-000000000000")] // nil
    [InlineData("c232ab00-9414-11ec-b3c8-9f6bdeced846")] // version 1, time-based
    [InlineData("not-a-uuid")]
    public async Task Only_random_v4_uuids_are_accepted_as_keys(string key)
    {
        var response = await PostAsync(key, Tip());

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation.failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }

    [Fact]
    public async Task A_key_expires_after_24_hours_and_then_starts_a_new_tip()
    {
        var key = Guid.NewGuid().ToString();
        var first = (await (await PostAsync(key, Tip())).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receiptCode").GetString();

        factory.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        var later = await PostAsync(key, Tip());

        Assert.Equal(HttpStatusCode.Created, later.StatusCode);
        Assert.NotEqual(first, (await later.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receiptCode").GetString());
        // The first tip's key and sealed receipt are gone from its row.
        Assert.Equal(1L, await factory.ScalarAsync<long>("SELECT COUNT(*) FROM tips WHERE idempotency_hash IS NOT NULL"));
    }
}
