using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Shangmi.Api.Events;
using Shangmi.Api.Tests.Infrastructure;
using Shangmi.WeChatStandIn;
using static Shangmi.Api.Tests.Events.EventClient;

namespace Shangmi.Api.Tests.Events;

public class EventStaffTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private IEnumerable<RecordedCall> SubscribeCallsTo(string openId, string template) =>
        factory.WeChat.Calls.Where(c => c.Path == "/cgi-bin/message/subscribe/send"
                                        && JsonDocument.Parse(c.Body).RootElement.GetProperty("touser").GetString() == openId
                                        && JsonDocument.Parse(c.Body).RootElement.GetProperty("template_id").GetString() == template);

    private async Task<(string Token, string OpenId)> NamedUserAsync()
    {
        var name = $"u{Guid.NewGuid():N}";
        var (token, _) = await factory.SignInUserAsync($"{name}:1");
        return (token, FakeWeChatServer.OpenIdFor(name));
    }

    private NotificationSender NewSender() => ActivatorUtilities.CreateInstance<NotificationSender>(factory.Services);

    [Fact]
    public async Task An_attendee_checks_in_once_and_a_second_scan_tells_when()
    {
        var editor = await factory.EditorAsync();
        var eventId = await CreateAsync(factory, editor, capacity: 1);
        var confirmed = await RegisteredAsync(factory, await UserAsync(factory), eventId);
        var waitlisted = await RegisteredAsync(factory, await UserAsync(factory), eventId);
        var code = confirmed.GetProperty("checkInCode").GetString();

        var first = await editor.PostAsJsonAsync("/api/v1/admin/checkins", new { code });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        factory.Clock.Advance(TimeSpan.FromMinutes(3));
        var second = await editor.PostAsJsonAsync("/api/v1/admin/checkins", new { code });

        var problem = await ProblemAssert.IsProblemAsync(second, HttpStatusCode.Conflict, "checkin.already");
        Assert.Equal((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checkedInAt").GetDateTimeOffset(),
            problem.GetProperty("checkedInAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, waitlisted.GetProperty("checkInCode").ValueKind);
        await ProblemAssert.IsProblemAsync(await editor.PostAsJsonAsync("/api/v1/admin/checkins", new { code = new string('0', 32) }),
            HttpStatusCode.NotFound, "checkin.not_found");
        await ProblemAssert.IsProblemAsync(await editor.PostAsJsonAsync("/api/v1/admin/checkins", new { code = "x" }),
            HttpStatusCode.BadRequest, "validation.failed");
    }

    [Fact]
    public async Task A_cancelled_registrations_code_no_longer_checks_in()
    {
        var editor = await factory.EditorAsync();
        var eventId = await CreateAsync(factory, editor, capacity: 2);
        var user = await UserAsync(factory);
        var registration = await RegisteredAsync(factory, user, eventId);
        await factory.ClientWith(user).PostAsync($"/api/v1/me/registrations/{registration.GetProperty("id")}/cancel", null);

        var response = await editor.PostAsJsonAsync("/api/v1/admin/checkins", new { code = registration.GetProperty("checkInCode").GetString() });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict, "checkin.not_confirmed");
    }

    [Fact]
    public async Task Staff_lists_mask_phones_and_the_export_is_a_real_xlsx_with_full_contacts_and_a_record()
    {
        var editor = await factory.EditorAsync();
        var eventId = await CreateAsync(factory, editor, capacity: 1);
        await RegisteredAsync(factory, await UserAsync(factory), eventId, Registration(phone: "13811112222"));
        await RegisteredAsync(factory, await UserAsync(factory), eventId, Registration(phone: "+86 139-3333-4444", code: 1));

        var list = await editor.GetFromJsonAsync<JsonElement>($"/api/v1/admin/events/{eventId}/registrations");
        Assert.Equal(["138****2222", "139****4444"], list.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("phone").GetString()));
        var waiting = await editor.GetFromJsonAsync<JsonElement>($"/api/v1/admin/events/{eventId}/registrations?status=waitlisted");
        Assert.Equal(1, waiting.GetProperty("total").GetInt32());

        var export = await editor.GetAsync($"/api/v1/admin/events/{eventId}/registrations/export");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export.Content.Headers.ContentType?.MediaType);
        using var sheet = new MemoryStream(await export.Content.ReadAsByteArrayAsync());
        var rows = sheet.Query(useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(["13811112222", "13933334444"], rows.Select(r => r["手机"]?.ToString()));
        Assert.Equal(["已确认", "候补"], rows.Select(r => r["状态"]?.ToString()));
        Assert.Equal("91110108551385082Q", rows[1]["统一社会信用代码"]?.ToString());
        Assert.Equal(2L, await factory.ScalarAsync<long>(
            "SELECT row_count FROM registration_exports WHERE event_id = @eventId", new { eventId }));
    }

    [Fact]
    public async Task Confirmation_promotion_and_cancellation_are_sent_as_subscribe_messages()
    {
        var editor = await factory.EditorAsync();
        var eventId = await CreateAsync(factory, editor, capacity: 1);
        var (first, firstOpenId) = await NamedUserAsync();
        var (second, secondOpenId) = await NamedUserAsync();
        var confirmed = await RegisteredAsync(factory, first, eventId);
        await RegisteredAsync(factory, second, eventId);
        factory.WeChat.UnsubscribedOpenIds[secondOpenId] = true; // refused first: normal, recorded, not retried

        await NewSender().RunOnceAsync(default);
        await factory.ClientWith(first).PostAsync($"/api/v1/me/registrations/{confirmed.GetProperty("id")}/cancel", null);
        factory.WeChat.UnsubscribedOpenIds.TryRemove(secondOpenId, out _);
        await NewSender().RunOnceAsync(default);
        await editor.PostAsync($"/api/v1/admin/events/{eventId}/cancel", null);
        await NewSender().RunOnceAsync(default);

        Assert.Single(SubscribeCallsTo(firstOpenId, "tpl-confirmed"));
        Assert.Single(SubscribeCallsTo(secondOpenId, "tpl-promoted"));
        Assert.Single(SubscribeCallsTo(secondOpenId, "tpl-cancelled"));
        Assert.Empty(SubscribeCallsTo(firstOpenId, "tpl-cancelled")); // they had cancelled already
        var message = JsonDocument.Parse(SubscribeCallsTo(firstOpenId, "tpl-confirmed").Single().Body).RootElement;
        Assert.Equal($"pages/event/detail?id={eventId}", message.GetProperty("page").GetString());
        Assert.Equal("报名成功", message.GetProperty("data").GetProperty("thing3").GetProperty("value").GetString());
    }

    [Fact]
    public async Task The_day_before_reminder_is_sent_once_even_by_several_senders()
    {
        var editor = await factory.EditorAsync();
        var eventId = await CreateAsync(factory, editor, capacity: 5, startsIn: TimeSpan.FromHours(30));
        var (user, openId) = await NamedUserAsync();
        await RegisteredAsync(factory, user, eventId);

        await NewSender().RunOnceAsync(default);
        Assert.Empty(SubscribeCallsTo(openId, "tpl-reminder")); // 30 hours ahead: not yet

        factory.Clock.Advance(TimeSpan.FromHours(7));
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => NewSender().RunOnceAsync(default)));
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => NewSender().RunOnceAsync(default)));

        // The hosted sender also wakes when the clock moves and may be the one sending right now: wait for the outcome.
        for (var attempt = 0; attempt < 50 && !SubscribeCallsTo(openId, "tpl-reminder").Any(); attempt++)
        {
            await Task.Delay(100);
        }

        Assert.Single(SubscribeCallsTo(openId, "tpl-reminder"));
    }

    [Fact]
    public async Task Speakers_come_from_the_expert_library_in_the_given_order()
    {
        var editor = await factory.EditorAsync();
        async Task<long> ExpertAsync(string name) =>
            (await (await editor.PostAsJsonAsync("/api/v1/admin/experts", new { name, organization = "嘉宾单位" }))
                .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var (first, second) = (await ExpertAsync("嘉宾乙"), await ExpertAsync("嘉宾甲"));
        var now = factory.Clock.GetUtcNow();
        var body = new
        {
            type = "forum", title = "论坛", startsAt = now.AddDays(3), endsAt = now.AddDays(3).AddHours(2), venue = "会场",
            capacity = 10, registrationOpensAt = now, registrationClosesAt = now.AddDays(2), status = "published",
            speakerIds = new[] { second, first },
        };

        var created = await editor.PostAsJsonAsync("/api/v1/admin/events", body);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var detail = await factory.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/events/{id}");

        Assert.Equal(["嘉宾甲", "嘉宾乙"], detail.GetProperty("speakers").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        var unknown = await editor.PostAsJsonAsync("/api/v1/admin/events", body with { speakerIds = new[] { 999999L } });
        await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.BadRequest, "validation.failed");
    }

    [Fact]
    public async Task Contact_data_is_erased_after_the_retention_period_and_the_attendance_stays()
    {
        var editor = await factory.EditorAsync();
        var eventId = await CreateAsync(factory, editor, capacity: 5, startsIn: TimeSpan.FromDays(2));
        var registration = await RegisteredAsync(factory, await UserAsync(factory), eventId, Registration(phone: "13722223333"));
        var id = registration.GetProperty("id").GetInt64();
        var retention = ActivatorUtilities.CreateInstance<ContactRetention>(factory.Services);

        factory.Clock.Advance(TimeSpan.FromDays(100));
        await retention.EraseAsync(default);
        Assert.Equal("13722223333", await factory.ScalarAsync<string>("SELECT phone FROM registrations WHERE id = @id", new { id }));

        factory.Clock.Advance(TimeSpan.FromDays(90)); // past 180 days after the event ended
        await retention.EraseAsync(default);

        Assert.Equal("", await factory.ScalarAsync<string>("SELECT phone FROM registrations WHERE id = @id", new { id }));
        Assert.Equal(ContactRetention.ErasedName, await factory.ScalarAsync<string>("SELECT contact_name FROM registrations WHERE id = @id", new { id }));
        Assert.Equal("天和精密制造有限公司", await factory.ScalarAsync<string>("SELECT company_name FROM registrations WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task The_share_code_is_made_by_WeChat_once_and_kept()
    {
        var editor = await factory.EditorAsync();
        var eventId = await CreateAsync(factory, editor, capacity: 5);

        var first = await editor.GetAsync($"/api/v1/admin/events/{eventId}/share-code");
        var second = await editor.GetAsync($"/api/v1/admin/events/{eventId}/share-code");

        Assert.Equal("image/jpeg", first.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await second.Content.ReadAsByteArrayAsync());
        Assert.Single(factory.WeChat.Calls, c => c.Path == "/wxa/getwxacodeunlimit" && c.Body.Contains($"\"e={eventId}\""));
    }

    [Fact]
    public async Task The_public_sees_published_events_with_seats_left_and_speakers_but_not_drafts()
    {
        var editor = await factory.EditorAsync();
        var eventId = await CreateAsync(factory, editor, capacity: 2);
        await RegisteredAsync(factory, await UserAsync(factory), eventId);
        var client = factory.CreateClient();

        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/v1/events/{eventId}");
        var ev = detail;
        Assert.Equal((2, 1, "open"), (ev.GetProperty("capacity").GetInt32(), ev.GetProperty("seatsLeft").GetInt32(),
            ev.GetProperty("registrationWindow").GetString()));
        var upcoming = await client.GetFromJsonAsync<JsonElement>("/api/v1/events?when=upcoming&type=training&pageSize=50");
        Assert.Contains(eventId, upcoming.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));

        await RegisteredAsync(factory, await UserAsync(factory), eventId);
        Assert.Equal("waitlist", (await client.GetFromJsonAsync<JsonElement>($"/api/v1/events/{eventId}"))
            .GetProperty("registrationWindow").GetString());

        var draft = await editor.PostAsJsonAsync("/api/v1/admin/events", new
        {
            type = "forum", title = "草稿论坛", startsAt = factory.Clock.GetUtcNow().AddDays(5), endsAt = factory.Clock.GetUtcNow().AddDays(5).AddHours(2),
            venue = "会议中心", capacity = 100, registrationOpensAt = factory.Clock.GetUtcNow(),
            registrationClosesAt = factory.Clock.GetUtcNow().AddDays(4),
        });
        var draftId = (await draft.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await ProblemAssert.IsProblemAsync(await client.GetAsync($"/api/v1/events/{draftId}"), HttpStatusCode.NotFound, "event.not_found");
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/v1/events?when=soon"), HttpStatusCode.BadRequest, "validation.failed");
    }
}
