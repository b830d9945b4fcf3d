using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Shangmi.Api.Tests.Events;
using Shangmi.Api.Tests.Infrastructure;
using Shangmi.Api.Tests.Tips;

namespace Shangmi.Api.Tests.Contract;

/// <summary>
/// The limits the contract publishes for the mini-program's forms are the ones the server enforces: a value one
/// over a maxLength is a field error, one at it is not; the patterns accept what the server accepts.
/// </summary>
public class RequestLimitTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static JsonElement Schema(string name) =>
        JsonDocument.Parse(File.ReadAllText(RepoFiles.PathOf("miniprogram-contract", "openapi.json"))).RootElement
            .GetProperty("components").GetProperty("schemas").GetProperty(name);

    private static IEnumerable<(string Field, int Max)> MaxLengths(string schema) =>
        Schema(schema).GetProperty("properties").EnumerateObject()
            .Where(p => p.Value.TryGetProperty("maxLength", out _))
            .Select(p => (p.Name, p.Value.GetProperty("maxLength").GetInt32()));

    private async Task AssertLimitsAsync(string schema, object valid, Func<JsonObject, Task<HttpResponseMessage>> send)
    {
        var limits = MaxLengths(schema).ToList();
        Assert.NotEmpty(limits);
        foreach (var (field, max) in limits)
        {
            foreach (var (length, refused) in new[] { (max + 1, true), (max, false) })
            {
                var body = JsonNode.Parse(JsonSerializer.Serialize(valid))!.AsObject();
                body[field] = new string('测', length);
                var response = await send(body);
                var text = await response.Content.ReadAsStringAsync();
                var flagged = response.StatusCode == HttpStatusCode.BadRequest
                              && JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _);
                Assert.True(flagged == refused, $"{schema}.{field} at {length} (maxLength {max}): {(int)response.StatusCode} {text}");
            }
        }
    }

    [Fact]
    public async Task Registration_lengths_are_the_servers()
    {
        var eventId = await EventClient.CreateAsync(factory, await factory.EditorAsync(), capacity: 100, maxAttendees: 50);
        await AssertLimitsAsync("RegistrationRequest", EventClient.Registration(), async body =>
            await factory.ClientWith(await EventClient.UserAsync(factory)).PostAsJsonAsync($"/api/v1/events/{eventId}/registrations", body));
    }

    [Fact]
    public async Task Tip_and_message_lengths_are_the_servers()
    {
        await AssertLimitsAsync("TipRequest", TipClient.Tip(), body => factory.CreateClient().PostAsJsonAsync("/api/v1/tips", body));
        var receipt = await TipClient.SubmitAsync(factory);
        await AssertLimitsAsync("TipMessageRequest", new { text = "补充" },
            body => TipClient.WithReceipt(factory, receipt).PostAsJsonAsync("/api/v1/tips/mine/messages", body));
    }

    [Theory]
    [InlineData("138 1234 5678", true)]
    [InlineData("+86 138-1234-5678", true)]
    [InlineData("12812345678", false)]
    [InlineData("1381234567", false)]
    public async Task The_mobile_pattern_accepts_what_the_server_accepts(string phone, bool accepted)
    {
        var pattern = Schema("RegistrationRequest").GetProperty("properties").GetProperty("phone").GetProperty("pattern").GetString()!;
        Assert.Equal(accepted, Regex.IsMatch(phone, pattern));
        var eventId = await EventClient.CreateAsync(factory, await factory.EditorAsync(), capacity: 100);
        var response = await EventClient.RegisterAsync(factory, await EventClient.UserAsync(factory), eventId, EventClient.Registration(phone: phone));
        Assert.Equal(accepted, response.IsSuccessStatusCode);
    }

    [Theory]
    [InlineData("9144030071526726XG", true)]
    [InlineData("9144 0300 7152 6726 xg", true)]
    [InlineData("9144030071526726X", false)]
    [InlineData("9144030071526726XI", false)]
    public void The_credit_code_pattern_takes_the_alphabet_the_server_takes(string code, bool accepted)
    {
        var pattern = Schema("RegistrationRequest").GetProperty("properties").GetProperty("creditCode").GetProperty("pattern").GetString()!;
        Assert.Equal(accepted, Regex.IsMatch(code, pattern));
    }

    [Fact]
    public async Task The_published_page_size_limits_are_the_servers()
    {
        var contract = JsonDocument.Parse(File.ReadAllText(RepoFiles.PathOf("miniprogram-contract", "openapi.json"))).RootElement;
        var pageSize = contract.GetProperty("paths").GetProperty("/api/v1/articles").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Single(p => p.GetProperty("name").GetString() == "pageSize").GetProperty("schema");
        var (min, max) = (pageSize.GetProperty("minimum").GetInt32(), pageSize.GetProperty("maximum").GetInt32());
        var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/articles?pageSize={max}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/articles?pageSize={min}")).StatusCode);
        foreach (var refused in new[] { max + 1, min - 1 })
        {
            var problem = await ProblemAssert.IsProblemAsync(await client.GetAsync($"/api/v1/articles?pageSize={refused}"),
                HttpStatusCode.BadRequest, "validation.failed");
            Assert.True(problem.GetProperty("errors").TryGetProperty("pageSize", out _));
        }
    }
}
