using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Infrastructure;
using static Shangmi.Api.Tests.Tips.TipClient;

namespace Shangmi.Api.Tests.Tips;

/// <summary>A phone that lost the answer to a message or an evidence upload retries with the same Idempotency-Key.</summary>
public class TipRetryTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private Task<HttpResponseMessage> MessageAsync(string receipt, string? key, string text)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tips/mine/messages") { Content = JsonContent.Create(new { text }) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return WithReceipt(factory, receipt).SendAsync(request);
    }

    private Task<HttpResponseMessage> AttachAsync(string receipt, string key, byte[] bytes)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tips/mine/attachments")
        {
            Content = new MultipartFormDataContent { { file, "file", "现场.jpg" } },
        };
        request.Headers.Add("Idempotency-Key", key);
        return WithReceipt(factory, receipt).SendAsync(request);
    }

    [Fact]
    public async Task A_message_answers_201_with_the_message_and_a_retry_answers_200_with_the_same_one()
    {
        var receipt = await SubmitAsync(factory);
        var key = Guid.NewGuid().ToString();

        var first = await MessageAsync(receipt, key, "补充：图纸编号 ZX-7731");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var message = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("reporter", message.GetProperty("from").GetString());
        Assert.Equal("我", message.GetProperty("fromText").GetString());
        Assert.Equal("补充：图纸编号 ZX-7731", message.GetProperty("text").GetString());

        var retry = await MessageAsync(receipt, key, "补充：图纸编号 ZX-7731");
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(message.GetProperty("id").GetInt64(), (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());

        Assert.Equal(HttpStatusCode.Created, (await MessageAsync(receipt, Guid.NewGuid().ToString(), "再补充一条")).StatusCode);
        var mine = await WithReceipt(factory, receipt).GetFromJsonAsync<JsonElement>("/api/v1/tips/mine");
        Assert.Equal(2, mine.GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public async Task A_message_key_that_is_not_a_random_uuid_is_a_field_error()
    {
        var receipt = await SubmitAsync(factory);
        var problem = await ProblemAssert.IsProblemAsync(await MessageAsync(receipt, "00000000-0000-0000-0000-000000000000", "补充"),
            HttpStatusCode.BadRequest, "validation.failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }

    [Fact]
    public async Task An_evidence_upload_retried_with_its_key_stores_one_file()
    {
        var receipt = await SubmitAsync(factory);
        var key = Guid.NewGuid().ToString();
        var bytes = Jpeg(2048);

        var first = await AttachAsync(receipt, key, bytes);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var id = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var retry = await AttachAsync(receipt, key, bytes);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(id, (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());

        Assert.Equal(HttpStatusCode.Created, (await AttachAsync(receipt, Guid.NewGuid().ToString(), bytes)).StatusCode);
        var mine = await WithReceipt(factory, receipt).GetFromJsonAsync<JsonElement>("/api/v1/tips/mine");
        Assert.Equal(2, mine.GetProperty("attachments").GetArrayLength());
    }
}
