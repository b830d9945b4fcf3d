using System.Text.Json.Nodes;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Infrastructure;
using static Shangmi.Api.Tests.Events.EventClient;

namespace Shangmi.Api.Tests.Events;

public class RegistrationTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static string StatusOf(JsonElement registration) => registration.GetProperty("status").GetString()!;

    [Fact]
    public async Task Sixty_users_racing_for_ten_seats_get_ten_confirmations_and_an_ordered_waiting_list()
    {
        var editor = await factory.EditorAsync();
        var eventId = await CreateAsync(factory, editor, capacity: 10);
        var tokens = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => UserAsync(factory)));

        var responses = await Task.WhenAll(tokens.Select(token => RegisterAsync(factory, token, eventId)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var results = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.Equal(10, results.Count(r => StatusOf(r) == "confirmed"));
        var waitlisted = results.Where(r => StatusOf(r) == "waitlisted")
            .OrderBy(r => r.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(1, 50), waitlisted.Select(r => r.GetProperty("waitlistPosition").GetInt32()));
        Assert.Equal(10L, await SeatsTakenAsync(factory, eventId));
        Assert.All(results.Where(r => StatusOf(r) == "confirmed"), r => Assert.Matches("^[0-9a-f]{32}$", r.GetProperty("checkInCode").GetString()));
    }

    [Fact]
    public async Task Cancelling_a_confirmed_registration_promotes_the_head_of_the_waiting_list()
    {
        var editor = await factory.EditorAsync();
        var eventId = await CreateAsync(factory, editor, capacity: 1);
        var (first, second, third) = (await UserAsync(factory), await UserAsync(factory), await UserAsync(factory));
        var confirmed = await RegisteredAsync(factory, first, eventId);
        var head = await RegisteredAsync(factory, second, eventId);
        var behind = await RegisteredAsync(factory, third, eventId);
        Assert.Equal((1, 2), (head.GetProperty("waitlistPosition").GetInt32(), behind.GetProperty("waitlistPosition").GetInt32()));

        var cancel = await factory.ClientWith(first).PostAsync($"/api/v1/me/registrations/{confirmed.GetProperty("id")}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("cancelled", StatusOf(await cancel.Content.ReadFromJsonAsync<JsonElement>()));

        var promoted = await factory.ClientWith(second).GetFromJsonAsync<JsonElement>($"/api/v1/me/registrations/{head.GetProperty("id")}");
        var still = await factory.ClientWith(third).GetFromJsonAsync<JsonElement>($"/api/v1/me/registrations/{behind.GetProperty("id")}");
        Assert.Equal("confirmed", StatusOf(promoted));
        Assert.Matches("^[0-9a-f]{32}$", promoted.GetProperty("checkInCode").GetString());
        Assert.Equal(1, still.GetProperty("waitlistPosition").GetInt32());
        Assert.Equal(1L, await SeatsTakenAsync(factory, eventId));
    }

    [Fact]
    public async Task Raising_the_capacity_promotes_the_waiting_list_and_lowering_below_taken_is_refused()
    {
        var editor = await factory.EditorAsync();
        var eventId = await CreateAsync(factory, editor, capacity: 1);
        await RegisteredAsync(factory, await UserAsync(factory), eventId);
        var waiting = await RegisteredAsync(factory, await UserAsync(factory), eventId, Registration(attendees: 2));
        var admin = await editor.GetFromJsonAsync<JsonElement>($"/api/v1/admin/events/{eventId}");

        var raised = await editor.PutAsJsonAsync($"/api/v1/admin/events/{eventId}", EditedEvent(admin, capacity: 3));
        Assert.Equal(HttpStatusCode.OK, raised.StatusCode);
        Assert.Equal("confirmed", await factory.ScalarAsync<string>("SELECT status FROM registrations WHERE id = @id",
            new { id = waiting.GetProperty("id").GetInt64() }));
        Assert.Equal(3L, await SeatsTakenAsync(factory, eventId));

        await ProblemAssert.IsProblemAsync(await editor.PutAsJsonAsync($"/api/v1/admin/events/{eventId}", EditedEvent(admin, capacity: 2)),
            HttpStatusCode.Conflict, "event.capacity_below_taken");
    }

    [Fact]
    public async Task With_approval_pending_registrations_hold_seats_and_a_rejection_promotes()
    {
        var editor = await factory.EditorAsync();
        var eventId = await CreateAsync(factory, editor, capacity: 1, requiresApproval: true);
        var pending = await RegisteredAsync(factory, await UserAsync(factory), eventId);
        var waiting = await RegisteredAsync(factory, await UserAsync(factory), eventId);
        Assert.Equal(("pending", "waitlisted"), (StatusOf(pending), StatusOf(waiting)));
        Assert.Equal(JsonValueKind.Null, pending.GetProperty("checkInCode").ValueKind);

        Assert.Equal(HttpStatusCode.NoContent, (await editor.PostAsync($"/api/v1/admin/registrations/{pending.GetProperty("id")}/reject", null)).StatusCode);
        Assert.Equal("pending", await factory.ScalarAsync<string>("SELECT status FROM registrations WHERE id = @id",
            new { id = waiting.GetProperty("id").GetInt64() }));

        Assert.Equal(HttpStatusCode.NoContent, (await editor.PostAsync($"/api/v1/admin/registrations/{waiting.GetProperty("id")}/approve", null)).StatusCode);
        Assert.Equal("confirmed", await factory.ScalarAsync<string>("SELECT status FROM registrations WHERE id = @id",
            new { id = waiting.GetProperty("id").GetInt64() }));
        await ProblemAssert.IsProblemAsync(await editor.PostAsync($"/api/v1/admin/registrations/{waiting.GetProperty("id")}/approve", null),
            HttpStatusCode.Conflict, "registration.not_pending");
    }

    [Fact]
    public async Task Duplicates_windows_cancelled_events_and_bad_fields_are_clear_problems()
    {
        var editor = await factory.EditorAsync();
        var open = await CreateAsync(factory, editor, capacity: 5, maxAttendees: 2);
        var user = await UserAsync(factory);
        await RegisteredAsync(factory, user, open);
        await ProblemAssert.IsProblemAsync(await RegisterAsync(factory, user, open), HttpStatusCode.Conflict, "registration.duplicate");
        await ProblemAssert.IsProblemAsync(await RegisterAsync(factory, await UserAsync(factory), open, Registration(attendees: 3)),
            HttpStatusCode.BadRequest, "validation.failed");

        var later = await CreateAsync(factory, editor, capacity: 5, opensIn: TimeSpan.FromDays(1));
        await ProblemAssert.IsProblemAsync(await RegisterAsync(factory, user, later), (HttpStatusCode)422, "registration.not_open");

        var soon = await CreateAsync(factory, editor, capacity: 5, startsIn: TimeSpan.FromMinutes(90));
        await ProblemAssert.IsProblemAsync(await RegisterAsync(factory, user, soon), (HttpStatusCode)422, "registration.closed");

        Assert.Equal(HttpStatusCode.OK, (await editor.PostAsync($"/api/v1/admin/events/{open}/cancel", null)).StatusCode);
        await ProblemAssert.IsProblemAsync(await RegisterAsync(factory, await UserAsync(factory), open), HttpStatusCode.Conflict, "event.cancelled");

        var bad = await RegisterAsync(factory, await UserAsync(factory), later,
            new { companyName = "", creditCode = "9144030071526726XH", contactName = "张", phone = "12345", attendees = 0 });
        var errors = (await ProblemAssert.IsProblemAsync(bad, HttpStatusCode.BadRequest, "validation.failed")).GetProperty("errors");
        foreach (var field in new[] { "companyName", "creditCode", "phone", "attendees" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }

        await ProblemAssert.IsProblemAsync(await RegisterAsync(factory, user, 999999), HttpStatusCode.NotFound, "event.not_found");
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_returns_the_first_answer()
    {
        var editor = await factory.EditorAsync();
        var eventId = await CreateAsync(factory, editor, capacity: 5);
        var user = await UserAsync(factory);
        var key = Guid.NewGuid().ToString();

        var first = await RegisterAsync(factory, user, eventId, idempotencyKey: key);
        var retries = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => RegisterAsync(factory, user, eventId, idempotencyKey: key)));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var id = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        foreach (var retry in retries)
        {
            Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
            Assert.Equal(id, (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        }

        Assert.Equal(1L, await factory.ScalarAsync<long>("SELECT COUNT(*) FROM registrations WHERE event_id = @eventId", new { eventId }));
    }

    [Fact]
    public async Task Nobody_reads_or_cancels_another_users_registration()
    {
        var editor = await factory.EditorAsync();
        var eventId = await CreateAsync(factory, editor, capacity: 5);
        var owner = await UserAsync(factory);
        var id = (await RegisteredAsync(factory, owner, eventId)).GetProperty("id").GetInt64();
        var other = factory.ClientWith(await UserAsync(factory));

        await ProblemAssert.IsProblemAsync(await other.GetAsync($"/api/v1/me/registrations/{id}"), HttpStatusCode.NotFound, "registration.not_found");
        await ProblemAssert.IsProblemAsync(await other.PostAsync($"/api/v1/me/registrations/{id}/cancel", null), HttpStatusCode.NotFound,
            "registration.not_found");
        Assert.DoesNotContain(id, (await other.GetFromJsonAsync<JsonElement>("/api/v1/me/registrations")).GetProperty("items").EnumerateArray()
            .Select(r => r.GetProperty("id").GetInt64()));
        Assert.Equal("confirmed", StatusOf(await factory.ClientWith(owner).GetFromJsonAsync<JsonElement>($"/api/v1/me/registrations/{id}")));
    }

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("6ba7b810-9dad-11d1-80b4-00c04fd430c8")] // version 1: time-based, guessable
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public async Task A_registration_key_must_be_a_random_uuid_as_for_tips(string key)
    {
        var eventId = await CreateAsync(factory, await factory.EditorAsync(), capacity: 5);
        var problem = await ProblemAssert.IsProblemAsync(await RegisterAsync(factory, await UserAsync(factory), eventId, idempotencyKey: key),
            HttpStatusCode.BadRequest, "validation.failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }

    /// <summary>The admin representation sent back as it came, with another capacity: what an edit form does.</summary>
    private static JsonObject EditedEvent(JsonElement admin, int capacity)
    {
        var body = JsonNode.Parse(admin.GetRawText())!.AsObject();
        body["capacity"] = capacity;
        return body;
    }
}
