using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Events;
using Microsoft.Extensions.DependencyInjection;
using Shangmi.Api.Tests.Events;
using Shangmi.Api.Tests.Infrastructure;
using static Shangmi.Api.Tests.Enterprises.EnterpriseClient;
using static Shangmi.Api.Tests.Services.ServiceClient;

namespace Shangmi.Api.Tests.Services;

/// <summary>The enterprise's side: asking, routing, the timeline it reads, messages both ways, feedback, notifications.</summary>
public class ServiceRequestTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private DateTimeOffset Now => factory.Clock.GetUtcNow();

    [Fact]
    public async Task A_new_request_goes_to_the_districts_configured_liaison_officer_and_otherwise_to_the_districts_queue()
    {
        var hexiId = await DistrictAsync(factory, "河西区");
        var (officerId, officerToken) = await factory.CreateStaffAsync("service");
        var admin = factory.ClientWith(await factory.SignInStaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword));
        Assert.True((await admin.PutAsJsonAsync($"/api/v1/admin/staff/{officerId}/district", new { districtId = hexiId })).IsSuccessStatusCode);
        var officer = factory.ClientWith(officerToken);
        var route = await officer.PutAsJsonAsync($"/api/v1/admin/service-routes/{hexiId}", new { staffId = officerId });
        Assert.Equal(HttpStatusCode.OK, route.StatusCode);
        Assert.Equal(1L, await factory.ScalarAsync<long>(
            "SELECT COUNT(*) FROM staff_audit WHERE staff_id = @officerId AND actor_id = @officerId AND action = 'service_route_changed'", new { officerId }));

        var hexiMember = await MemberAsync(factory, "河西区");
        var dongliMember = await MemberAsync(factory, "东丽区");
        var routed = await SubmitAsync(factory, hexiMember, Visit(Now));
        var queued = await SubmitAsync(factory, dongliMember, Visit(Now));

        var cityWide = await ServiceAsync(factory);
        var routedLine = await cityWide.GetFromJsonAsync<JsonElement>($"/api/v1/admin/service-requests/{routed}");
        Assert.Equal(officerId, routedLine.GetProperty("summary").GetProperty("assigneeId").GetInt64());
        Assert.Equal("河西区", routedLine.GetProperty("summary").GetProperty("districtName").GetString());
        var queuedLine = await cityWide.GetFromJsonAsync<JsonElement>($"/api/v1/admin/service-requests/{queued}");
        Assert.Equal(JsonValueKind.Null, queuedLine.GetProperty("summary").GetProperty("assigneeId").ValueKind);
        Assert.Equal("东丽区", queuedLine.GetProperty("summary").GetProperty("districtName").GetString());

        // The officer's queue filter finds it; a Hexi officer cannot route another district's requests.
        var mine = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/admin/service-requests?assigneeId={officerId}");
        Assert.Equal(routed, Assert.Single(mine.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());
        await ProblemAssert.IsProblemAsync(await officer.PutAsJsonAsync($"/api/v1/admin/service-routes/{await DistrictAsync(factory, "东丽区")}",
            new { staffId = officerId }), HttpStatusCode.NotFound, "reference.not_found");
        // Only an account able to act in the district can receive its requests.
        var (editorId, _) = await factory.CreateStaffAsync("editor");
        await ProblemAssert.IsProblemAsync(await officer.PutAsJsonAsync($"/api/v1/admin/service-routes/{hexiId}", new { staffId = editorId }),
            HttpStatusCode.BadRequest, "validation.failed");
    }

    [Fact]
    public async Task Bad_requests_are_400_with_chinese_field_errors_and_nothing_is_stored()
    {
        var member = await MemberAsync(factory);
        var cases = new (object Body, string Field)[]
        {
            (new { kind = "lunch", subject = "主题", description = "内容" }, "kind"),
            (new { kind = "consultation", subject = "主题", description = "  " }, "description"),
            (new { kind = "visit", subject = "主题", description = "内容", preferredAt = Now.AddHours(-1) }, "preferredAt"),
            (new { kind = "visit", subject = "主题", description = "内容" }, "preferredAt"),
            (new { kind = "documents", subject = "主题", description = "内容", documentIds = new[] { 999_999 } }, "documentIds"),
            (new { kind = "documents", subject = "主题", description = "内容" }, "documentIds"),
            (new { kind = "consultation", subject = new string('题', 101), description = "内容" }, "subject"),
            (new { kind = "consultation", subject = "主题", description = "内容", preferredAt = "3026-01-01T00:00:00+08:00" }, "preferredAt"),
            (new { kind = "consultation", subject = "主题", description = "内容", contactName = "王芳", contactPhone = "12345" }, "contactPhone"),
        };

        foreach (var (body, field) in cases)
        {
            var response = await PostRequestAsync(factory, member.Token, body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{field}: {text}");
            var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
            Assert.True(errors.TryGetProperty(field, out var messages), $"{field}: {text}");
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", messages[0].GetString());
        }

        await ProblemAssert.IsProblemAsync(await PostRequestAsync(factory, member.Token, Consultation(), "not-a-uuid"), HttpStatusCode.BadRequest,
            "validation.failed");
        Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT COUNT(*) FROM service_requests WHERE user_id = @UserId", new { member.UserId }));
    }

    [Fact]
    public async Task Only_a_verified_member_asks_and_a_member_of_another_enterprise_sees_nothing_of_it()
    {
        var stranger = await EventClient.UserAsync(factory);
        await ProblemAssert.IsProblemAsync(await PostRequestAsync(factory, stranger, Consultation()), HttpStatusCode.NotFound, "enterprise.not_member");
        var (pending, _) = await factory.SignInUserAsync($"p{Guid.NewGuid():N}:1");
        await ClaimedAsync(factory, pending, ClaimForm(NewCode()));
        await ProblemAssert.IsProblemAsync(await PostRequestAsync(factory, pending, Consultation()), HttpStatusCode.NotFound, "enterprise.not_member");

        var member = await MemberAsync(factory);
        var other = await MemberAsync(factory, name: "天津另一家科技有限公司");
        var id = await SubmitAsync(factory, member, Consultation());
        var client = factory.ClientWith(other.Token);
        await ProblemAssert.IsProblemAsync(await client.GetAsync($"/api/v1/me/service-requests/{id}"), HttpStatusCode.NotFound, "service_request.not_found");
        await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync($"/api/v1/me/service-requests/{id}/messages", new { text = "偷看" }),
            HttpStatusCode.NotFound, "service_request.not_found");
        await ProblemAssert.IsProblemAsync(await FeedbackAsync(factory, other, id, true, 5), HttpStatusCode.NotFound, "service_request.not_found");
        Assert.Equal(0L, (await client.GetFromJsonAsync<JsonElement>("/api/v1/me/service-requests")).GetProperty("total").GetInt64());
        // A staff token is not a member's.
        var staff = await ServiceAsync(factory);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/api/v1/me/service-requests")).StatusCode);
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_returns_the_first_request_and_the_key_on_another_request_is_refused()
    {
        var member = await MemberAsync(factory);
        var key = Guid.NewGuid().ToString();

        var first = await PostRequestAsync(factory, member.Token, Consultation("同一个诉求"), key);
        var retries = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostRequestAsync(factory, member.Token, Consultation("同一个诉求"), key)));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var id = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        foreach (var retry in retries)
        {
            Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
            Assert.Equal(id, (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        }

        Assert.Equal(1L, await factory.ScalarAsync<long>("SELECT COUNT(*) FROM service_requests WHERE user_id = @UserId", new { member.UserId }));
        await ProblemAssert.IsProblemAsync(await PostRequestAsync(factory, member.Token, Consultation("另一个诉求"), key),
            HttpStatusCode.UnprocessableEntity, "idempotency.key_reused");
        // Any other field counts: the same subject and text with another contact is another request.
        await ProblemAssert.IsProblemAsync(await PostRequestAsync(factory, member.Token, new
        {
            kind = "consultation", subject = "同一个诉求", description = "竞业限制补偿金的约定是否合理，想请专家看一下。", contactName = "李雷", contactPhone = "022-23456789",
        }, key), HttpStatusCode.UnprocessableEntity, "idempotency.key_reused");
    }

    [Fact]
    public async Task The_enterprise_follows_its_visit_request_in_plain_chinese_without_internal_notes_and_hears_of_each_step()
    {
        var member = await MemberAsync(factory);
        var id = await SubmitAsync(factory, member, Visit(Now));
        var staff = await ServiceAsync(factory);

        var submitted = await MineAsync(factory, member, id);
        Assert.Equal("submitted", submitted.GetProperty("status").GetString());
        Assert.Equal("已提交，等待受理", submitted.GetProperty("statusText").GetString());

        await ActAsync(staff, id, "notes", new { text = "内部：该企业去年有过离职员工带走图纸的纠纷" });
        await ActAsync(staff, id, "accept", new { text = "已受理，将安排专人联系" });
        await ActAsync(staff, id, "visit", new { at = Now.AddDays(3), place = "企业研发楼三层会议室", staff = "林岚、韩松" });
        await ActAsync(staff, id, "messages", new { text = "请准备保密制度文本" });
        var reply = await factory.ClientWith(member.Token).PostAsJsonAsync($"/api/v1/me/service-requests/{id}/messages", new { text = "好的，已准备" });
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        await ActAsync(staff, id, "resolve", new { text = "已上门指导，帮助企业梳理涉密岗位清单" });

        var mine = await MineAsync(factory, member, id);
        Assert.Equal("resolved", mine.GetProperty("status").GetString());
        Assert.Equal("已办结，请确认是否解决并评价", mine.GetProperty("statusText").GetString());
        Assert.Equal("企业研发楼三层会议室", mine.GetProperty("visit").GetProperty("place").GetString());
        var timeline = mine.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Equal(["submitted", "accepted", "scheduled", "message", "reply", "resolved"], timeline.Select(e => e.GetProperty("kind").GetString()));
        Assert.DoesNotContain("离职员工", mine.GetRawText());
        Assert.All(timeline, e => Assert.Equal(JsonValueKind.Null, e.GetProperty("staffName").ValueKind));
        Assert.Equal("enterprise", timeline.Single(e => e.GetProperty("kind").GetString() == "reply").GetProperty("by").GetString());

        // Staff see everything, internal lines included.
        var full = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/admin/service-requests/{id}");
        Assert.Contains("离职员工", full.GetRawText());
        Assert.Contains("好的，已准备", full.GetRawText());

        // Accepted, visit arranged, a message, resolved: four subscribe messages to the member, each opening the request.
        await ActivatorUtilities.CreateInstance<NotificationSender>(factory.Services).RunOnceAsync(default);
        var sent = factory.WeChat.Calls.Where(c => c.Path == "/cgi-bin/message/subscribe/send")
            .Select(c => JsonDocument.Parse(c.Body).RootElement).Where(b => b.GetProperty("touser").GetString() == member.OpenId).ToList();
        Assert.Equal(4, sent.Count);
        Assert.All(sent, b =>
        {
            Assert.Equal("tpl-service", b.GetProperty("template_id").GetString());
            Assert.Equal($"pages/service/request?id={id}", b.GetProperty("page").GetString());
        });
        Assert.Equal(["您的诉求已受理", "已安排上门服务", "工作人员给您留言", "诉求已办结，请评价"],
            sent.Select(b => b.GetProperty("data").GetProperty("thing3").GetProperty("value").GetString()));
    }

    [Fact]
    public async Task Rating_before_resolution_or_twice_is_409_and_bad_ratings_are_400()
    {
        var member = await MemberAsync(factory);
        var id = await SubmitAsync(factory, member, Consultation());
        var staff = await ServiceAsync(factory);

        await ProblemAssert.IsProblemAsync(await FeedbackAsync(factory, member, id, true, 5), HttpStatusCode.Conflict,
            "service_request.feedback_not_open");
        await ActAsync(staff, id, "accept");
        await ProblemAssert.IsProblemAsync(await FeedbackAsync(factory, member, id, true, 5), HttpStatusCode.Conflict,
            "service_request.feedback_not_open");
        await ActAsync(staff, id, "resolve", new { text = "已电话答复" });
        foreach (var rating in new[] { 0, 6, -1 })
        {
            await ProblemAssert.IsProblemAsync(await FeedbackAsync(factory, member, id, true, rating), HttpStatusCode.BadRequest, "validation.failed");
        }

        Assert.Equal(HttpStatusCode.OK, (await FeedbackAsync(factory, member, id, false, 2, "答复太笼统")).StatusCode);
        await ProblemAssert.IsProblemAsync(await FeedbackAsync(factory, member, id, true, 5), HttpStatusCode.Conflict,
            "service_request.feedback_not_open");
        var mine = await MineAsync(factory, member, id);
        Assert.Equal("closed", mine.GetProperty("status").GetString());
        Assert.False(mine.GetProperty("feedback").GetProperty("solved").GetBoolean());
        Assert.Equal(2, mine.GetProperty("feedback").GetProperty("rating").GetInt32());
        // Closed: no more messages from either side but internal notes.
        await ProblemAssert.IsProblemAsync(await factory.ClientWith(member.Token).PostAsJsonAsync($"/api/v1/me/service-requests/{id}/messages",
            new { text = "补充" }), HttpStatusCode.Conflict, "service_request.final");
    }

    [Fact]
    public async Task The_contact_defaults_to_the_members_own_and_staff_lists_show_it_masked()
    {
        var member = await MemberAsync(factory);
        var id = await SubmitAsync(factory, member, Consultation());
        var staff = await ServiceAsync(factory);

        var list = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/admin/service-requests?q={Uri.EscapeDataString("竞业限制")}");
        var line = Assert.Single(list.GetProperty("items").EnumerateArray(), l => l.GetProperty("id").GetInt64() == id);
        Assert.Equal("138****5678", line.GetProperty("contactMask").GetString());
        Assert.DoesNotContain("13812345678", list.GetRawText());
        var detail = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/admin/service-requests/{id}");
        Assert.Equal("13812345678", detail.GetProperty("contact").GetProperty("phone").GetString());
        Assert.Equal("王芳", detail.GetProperty("contact").GetProperty("name").GetString());
        // The read of the contact is on the record; an action's answer carries no contact and records no read.
        Assert.Single(detail.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "viewed");
        var accepted = await ActAsync(staff, id, "accept");
        Assert.Equal(JsonValueKind.Null, accepted.GetProperty("contact").ValueKind);
        Assert.Single(accepted.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "viewed");
        Assert.Equal("138****5678", (await MineAsync(factory, member, id)).GetProperty("contactMask").GetString());
        Assert.Equal(0L, await factory.ScalarAsync<long>(
            "SELECT COUNT(*) FROM service_requests WHERE id = @id AND (contact_sealed LIKE '%13812345678%' OR contact_mask LIKE '%12345678%')", new { id }));
    }
}
