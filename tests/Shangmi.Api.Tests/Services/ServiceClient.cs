using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Infrastructure;
using Shangmi.WeChatStandIn;
using static Shangmi.Api.Tests.Enterprises.EnterpriseClient;

namespace Shangmi.Api.Tests.Services;

/// <summary>A verified enterprise member as the mini-program signs them in: token, user, enterprise and WeChat openid.</summary>
public sealed record Member(string Token, long UserId, long EnterpriseId, string OpenId);

/// <summary>Shortcuts for service-request tests: verified members, requests as the mini-program sends them, staff actions.</summary>
public static class ServiceClient
{
    /// <summary>A moment of 2026 in China time (UTC+8), where the ledger's deadlines and months are counted.</summary>
    public static DateTimeOffset ChinaTime(int month, int day, int hour) => new(2026, month, day, hour, 0, 0, TimeSpan.FromHours(8));

    public static async Task<Member> MemberAsync(ApiFactory factory, string district = "和平区", string name = "天津和顺精密制造有限公司")
    {
        var code = $"m{Guid.NewGuid():N}";
        var (token, userId) = await factory.SignInUserAsync(code + ":1");
        var claimId = await ClaimedAsync(factory, token, ClaimForm(NewCode(), name, districtId: await DistrictAsync(factory, district)));
        var admin = await ServiceAsync(factory);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/admin/enterprise-claims/{claimId}/verify", null)).StatusCode);
        return new Member(token, userId, await EnterpriseOfClaimAsync(factory, claimId), FakeWeChatServer.OpenIdFor(code));
    }

    /// <summary>The same member signed in again: a test that moves the clock past a token's life needs a fresh one.</summary>
    public static async Task<Member> AgainAsync(ApiFactory factory, Member member) =>
        member with { Token = (await factory.SignInUserAsync($"{member.OpenId[2..]}:{Guid.NewGuid():N}")).Token };

    /// <summary>An 上门指导 request body with a visit time a week ahead of <paramref name="now"/>.</summary>
    public static object Visit(DateTimeOffset now, string subject = "上门指导：涉密岗位管理") =>
        new { kind = "visit", subject, description = "希望工作人员上门指导研发部门的涉密人员管理和离职交接。", preferredAt = now.AddDays(7) };

    public static object Consultation(string subject = "咨询：保密协议条款") =>
        new { kind = "consultation", subject, description = "竞业限制补偿金的约定是否合理，想请专家看一下。" };

    public static async Task<HttpResponseMessage> PostRequestAsync(ApiFactory factory, string token, object body, string? idempotencyKey = null)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/api/v1/me/service-requests") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            message.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await factory.ClientWith(token).SendAsync(message);
    }

    /// <summary>Submits and returns the new request's id; fails the test unless it was created.</summary>
    public static async Task<long> SubmitAsync(ApiFactory factory, Member member, object body)
    {
        var response = await PostRequestAsync(factory, member.Token, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64();
    }

    /// <summary>Posts a staff action and asserts it succeeded; returns the request as staff see it afterwards.</summary>
    public static async Task<JsonElement> ActAsync(HttpClient staff, long id, string action, object? body = null)
    {
        var response = await staff.PostAsJsonAsync($"/api/v1/admin/service-requests/{id}/{action}", body ?? new { });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    public static async Task<JsonElement> MineAsync(ApiFactory factory, Member member, long id) =>
        await factory.ClientWith(member.Token).GetFromJsonAsync<JsonElement>($"/api/v1/me/service-requests/{id}");

    public static Task<HttpResponseMessage> FeedbackAsync(ApiFactory factory, Member member, long id, bool solved, int rating, string comment = "") =>
        factory.ClientWith(member.Token).PostAsJsonAsync($"/api/v1/me/service-requests/{id}/feedback", new { solved, rating, comment });
}
