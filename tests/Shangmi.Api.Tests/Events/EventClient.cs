using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Events;

/// <summary>Shortcuts for event tests.</summary>
public static class EventClient
{
    public static readonly string[] CreditCodes = ["9144030071526726XG", "91110108551385082Q", "911200007186767478"];

    /// <summary>Creates a published event whose registration is open now and that starts in <paramref name="startsIn"/>.</summary>
    public static async Task<long> CreateAsync(ApiFactory factory, HttpClient editor, int capacity, bool requiresApproval = false,
        int maxAttendees = 5, TimeSpan? startsIn = null, TimeSpan? opensIn = null)
    {
        var now = factory.Clock.GetUtcNow();
        var starts = now + (startsIn ?? TimeSpan.FromDays(10));
        var response = await editor.PostAsJsonAsync("/api/v1/admin/events", new
        {
            type = "training", title = "商业秘密保护专项培训", description = "面向企业的培训", agenda = "09:00 开场",
            startsAt = starts, endsAt = starts.AddHours(3), venue = "市市场监管委报告厅", capacity,
            registrationOpensAt = now + (opensIn ?? TimeSpan.FromHours(-1)), registrationClosesAt = starts.AddHours(-2),
            requiresApproval, maxAttendeesPerRegistration = maxAttendees, status = "published",
        });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64();
    }

    public static object Registration(int attendees = 1, string phone = "138 1234 5678", int code = 0) => new
    {
        companyName = "天和精密制造有限公司", creditCode = CreditCodes[code % CreditCodes.Length], contactName = "李明",
        phone, position = "法务经理", attendees, remark = "",
    };

    public static Task<HttpResponseMessage> RegisterAsync(ApiFactory factory, string token, long eventId, object? body = null,
        string? idempotencyKey = null)
    {
        var client = factory.ClientWith(token);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/events/{eventId}/registrations")
        {
            Content = JsonContent.Create(body ?? Registration()),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    public static async Task<JsonElement> RegisteredAsync(ApiFactory factory, string token, long eventId, object? body = null)
    {
        var response = await RegisterAsync(factory, token, eventId, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement;
    }

    public static async Task<string> UserAsync(ApiFactory factory) =>
        (await factory.SignInUserAsync($"u{Guid.NewGuid():N}:1")).Token;

    public static async Task<long> SeatsTakenAsync(ApiFactory factory, long eventId) =>
        await factory.ScalarAsync<long>("SELECT seats_taken FROM events WHERE id = @eventId", new { eventId });
}
