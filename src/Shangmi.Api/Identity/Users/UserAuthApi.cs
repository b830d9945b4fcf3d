using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Shangmi.Api.Common.Problems;
using Shangmi.Api.Common.RateLimiting;
using Shangmi.Api.Enterprises;
using Shangmi.Api.Events;
using Shangmi.Api.WeChat;

namespace Shangmi.Api.Identity.Users;

/// <summary>Mini-program sign-in with wx.login() and the signed-in user's profile.</summary>
public static class UserAuthApi
{
    public static RouteGroupBuilder MapUserAuth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1").WithTags("Mini-program sign-in");
        group.MapPost("/auth/wechat-login", LoginAsync).WithName("WeChatLogin")
            .WithSummary("Exchange a wx.login() code for our own token (about two hours).")
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.Login)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/me", MeAsync).WithName("Me").WithSummary("The signed-in mini-program user.")
            .RequireAuthorization(AuthPolicies.User);
        group.MapDelete("/me", DeleteMeAsync).WithName("DeleteMe")
            .WithSummary("Delete my account (注销): registrations for events ahead are cancelled, the contact data of all my "
                         + "registrations erased, my WeChat openid erased; my token stops working. Tips are not linked to accounts.")
            .RequireAuthorization(AuthPolicies.User);
        return group;
    }

    private static async Task<Results<Ok<WeChatLoginResponse>, ValidationProblem, ProblemHttpResult>> LoginAsync(
        WeChatLoginRequest request, WeChatClient weChat, UserStore users, TokenIssuer tokens, TimeProvider time,
        CancellationToken ct)
    {
        if (UserRules.CheckLogin(request, out var code) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        WeChatSession session;
        try
        {
            session = await weChat.Code2SessionAsync(code, ct);
        }
        catch (WeChatException e) when (e.ErrorCode is WeChatException.InvalidCode or WeChatException.CodeUsed)
        {
            return ApiProblem.Create(401, "wechat.code_invalid", "登录凭证无效或已使用", "请重新进入小程序以重新登录。");
        }
        catch (WeChatException e) when (e.ErrorCode == WeChatException.HighRiskUser)
        {
            return ApiProblem.Create(403, "wechat.user_blocked", "微信判定该账号存在风险，暂时无法登录");
        }
        catch (WeChatException)
        {
            return ApiProblem.Create(503, "wechat.unavailable", "微信服务暂时不可用，请稍后再试");
        }

        var userId = await users.SignInAsync(session.OpenId, session.UnionId, time.GetUtcNow().UtcDateTime, ct);
        var token = tokens.ForUser(userId);
        return TypedResults.Ok(new WeChatLoginResponse(token.Token, token.ExpiresAt, new UserRef(userId)));
    }

    private static async Task<Results<Ok<UserProfile>, ProblemHttpResult>> MeAsync(
        ClaimsPrincipal principal, UserStore users, CancellationToken ct) =>
        await users.FindAsync(principal.UserId(), ct) is { } user
            ? TypedResults.Ok(user)
            : ApiProblem.Create(401, "auth.user_unknown", "登录已失效，请重新登录");

    private static async Task<NoContent> DeleteMeAsync(
        ClaimsPrincipal principal, AccountDeletion deletion, RegistrationStore registrations, ClaimStore claims,
        TimeProvider time, CancellationToken ct)
    {
        var (userId, now) = (principal.UserId(), time.GetUtcNow().UtcDateTime);
        // Closed first, so its token is refused while the rest runs: no claim or registration can slip in behind it.
        await deletion.CloseAsync(userId, now, ct);
        await claims.ForgetUserAsync(userId, now, ct);
        // Cancelled as their owner would cancel them, so their seats go to the waiting list; then the contacts are erased.
        foreach (var id in await deletion.RegistrationsAheadAsync(userId, now, ct))
        {
            await registrations.CancelAsync(id, userId, now, ct);
        }

        await deletion.EraseAsync(userId, now, ct);
        return TypedResults.NoContent();
    }
}
