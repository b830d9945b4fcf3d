using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Shangmi.Api.Common;
using Shangmi.Api.Common.Problems;
using Shangmi.Api.Common.RateLimiting;

namespace Shangmi.Api.Identity.Staff;

/// <summary>Staff sign-in, their own profile and password.</summary>
public static class StaffAuthApi
{
    public static RouteGroupBuilder MapStaffAuth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin/auth").WithTags("Staff sign-in");

        group.MapPost("/login", LoginAsync).WithName("StaffLogin")
            .WithSummary("Staff sign in with username and password; 5 wrong passwords lock the account for 15 minutes.")
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.Login);
        group.MapGet("/me", MeAsync).WithName("StaffMe").WithSummary("The signed-in staff member and their current roles.")
            .RequireAuthorization(AuthPolicies.Staff);
        group.MapPost("/password", ChangePasswordAsync).WithName("StaffChangePassword")
            .WithSummary("Change one's own password; earlier tokens stop working and a new one is returned.")
            .RequireAuthorization(AuthPolicies.Staff);
        return group;
    }

    private static async Task<Results<Ok<StaffLoginResponse>, ValidationProblem, ProblemHttpResult>> LoginAsync(
        StaffLoginRequest request, StaffStore store, PasswordCheck passwords, TokenIssuer tokens,
        IOptions<AuthOptions> options, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var username = StaffRules.NormaliseUsername(request.Username);
        var errors = new FieldErrors()
            .Check(username.Length is > 0 and <= 64, "username", "请输入用户名")
            .Check(!string.IsNullOrEmpty(request.Password) && request.Password.Length <= 128, "password", "请输入密码");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var now = time.GetUtcNow().UtcDateTime;
        var auth = options.Value;
        var outcome = await store.WithLoginRowAsync(username, row =>
        {
            if (row?.LockedUntil > now)
            {
                return (LoginOutcome.Locked(row.LockedUntil.Value), null);
            }

            var (valid, rehashed) = passwords.Verify(row?.PasswordHash, request.Password!);
            if (row is null)
            {
                return (LoginOutcome.WrongPassword, null);
            }

            if (!valid)
            {
                var failed = row.FailedLogins + 1;
                return failed >= auth.MaxFailedLogins
                    ? (LoginOutcome.WrongPassword, new LoginUpdate(0, now + auth.LockoutDuration))
                    : (LoginOutcome.WrongPassword, new LoginUpdate(failed, null));
            }

            return (row.Disabled ? LoginOutcome.Disabled : LoginOutcome.Success(row.Id, row.SecurityStamp),
                new LoginUpdate(0, null, rehashed));
        }, ct);

        switch (outcome.Kind)
        {
            case LoginOutcomeKind.Locked:
                return ApiProblem.RetryLater(http, outcome.LockedUntil!.Value - now, StatusCodes.Status423Locked, "auth.locked",
                    "账号已被暂时锁定", seconds => $"密码错误次数过多，请在 {(seconds + 59) / 60} 分钟后再试。");
            case LoginOutcomeKind.Disabled:
                return ApiProblem.Create(403, "auth.disabled", "账号已停用", "请联系管理员。");
            case LoginOutcomeKind.WrongPassword:
                return ApiProblem.Create(401, "auth.invalid_credentials", "用户名或密码错误");
        }

        var token = tokens.ForStaff(outcome.StaffId, outcome.SecurityStamp!);
        var staff = (await store.FindAsync(outcome.StaffId, ct))!;
        return TypedResults.Ok(new StaffLoginResponse(token.Token, token.ExpiresAt, staff.Roles, staff));
    }

    private static async Task<Results<Ok<StaffSummary>, NotFound>> MeAsync(
        ClaimsPrincipal principal, StaffStore store, CancellationToken ct) =>
        await store.FindAsync(principal.StaffId(), ct) is { } staff ? TypedResults.Ok(staff) : TypedResults.NotFound();

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem>> ChangePasswordAsync(
        ChangePasswordRequest request, ClaimsPrincipal principal, StaffStore store, PasswordCheck passwords,
        TokenIssuer tokens, TimeProvider time, CancellationToken ct)
    {
        var id = principal.StaffId();
        var staff = (await store.FindAsync(id, ct))!;
        var errors = new FieldErrors();
        var (currentValid, _) = passwords.Verify(await store.FindPasswordHashAsync(id, ct), request.CurrentPassword ?? "");
        errors.Check(currentValid, "currentPassword", "当前密码不正确")
            .CheckPassword("newPassword", request.NewPassword, staff.Username)
            .Check(request.NewPassword != request.CurrentPassword, "newPassword", "新密码不能与当前密码相同");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var stamp = await store.ChangePasswordAsync(id, passwords.Hash(request.NewPassword!), time.GetUtcNow().UtcDateTime, ct);
        var token = tokens.ForStaff(id, stamp);
        return TypedResults.Ok(new TokenResponse(token.Token, token.ExpiresAt));
    }

    private enum LoginOutcomeKind { Success, WrongPassword, Locked, Disabled }

    private sealed record LoginOutcome(LoginOutcomeKind Kind, long StaffId = 0, string? SecurityStamp = null, DateTime? LockedUntil = null)
    {
        public static readonly LoginOutcome WrongPassword = new(LoginOutcomeKind.WrongPassword);
        public static readonly LoginOutcome Disabled = new(LoginOutcomeKind.Disabled);

        public static LoginOutcome Locked(DateTime until) => new(LoginOutcomeKind.Locked, LockedUntil: until);

        public static LoginOutcome Success(long id, string stamp) => new(LoginOutcomeKind.Success, id, stamp);
    }
}
