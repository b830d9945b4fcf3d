using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
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
            .WithSummary("Staff sign in with username and password; after 5 wrong passwords for a name from one address, that address waits (423), longer after each further one.")
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.Login);
        group.MapGet("/me", MeAsync).WithName("StaffMe").WithSummary("The signed-in staff member and their current roles.")
            .RequireAuthorization(AuthPolicies.Staff);
        group.MapPost("/password", ChangePasswordAsync).WithName("StaffChangePassword")
            .WithSummary("Change one's own password; earlier tokens stop working and a new one is returned. Wrong current passwords count like wrong sign-ins (423).")
            .RequireAuthorization(AuthPolicies.Staff);
        return group;
    }

    private static async Task<Results<Ok<StaffLoginResponse>, ValidationProblem, ProblemHttpResult>> LoginAsync(
        StaffLoginRequest request, [AsParameters] StaffAccounts accounts, StaffAudit audit, HttpContext http, CancellationToken ct)
    {
        var (store, passwords, tokens, throttle, time) = accounts;
        if (StaffRules.CheckLogin(request, out var username) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        StaffCredentials? signedIn = null;
        var outcome = await throttle.TryAsync(username, http, async () =>
        {
            // An unknown name is checked against a decoy hash: same time, same counting, same answer.
            var row = await store.FindCredentialsAsync(username, ct);
            var (valid, rehashed) = passwords.Verify(row?.PasswordHash, request.Password!);
            if (valid && rehashed is not null)
            {
                await store.RehashPasswordAsync(row!.Id, rehashed, ct);
            }

            signedIn = valid ? row : null;
            return valid;
        }, ct);

        if (outcome.Blocked)
        {
            return Locked(http, outcome.Wait);
        }

        if (signedIn is null)
        {
            return ApiProblem.Create(401, "auth.invalid_credentials", "用户名或密码错误");
        }

        if (signedIn.Disabled)
        {
            return ApiProblem.Create(403, "auth.disabled", "账号已停用", "请联系管理员。");
        }

        var token = tokens.ForStaff(signedIn.Id, signedIn.SecurityStamp);
        var staff = (await store.FindAsync(signedIn.Id, ct))!;
        var previousLogin = await store.RecordLoginAsync(signedIn.Id, time.GetUtcNow().UtcDateTime, ct);
        // Admins are shown who was given a sensitive role by another admin since they last signed in.
        var notices = staff.Roles.Contains(AuthPolicies.Roles.Admin) && previousLogin is { } since
            ? await audit.NoticesForAsync(signedIn.Id, since, ct)
            : [];
        return TypedResults.Ok(new StaffLoginResponse(token.Token, token.ExpiresAt, staff.Roles, staff, notices));
    }

    /// <summary>Too many wrong passwords for this account from this address: 423 with the time left.</summary>
    private static ProblemHttpResult Locked(HttpContext http, TimeSpan wait) =>
        ApiProblem.RetryLater(http, wait, StatusCodes.Status423Locked, "auth.locked", "密码错误次数过多，请稍后再试",
            seconds => $"请在 {(seconds + 59) / 60} 分钟后再试。");

    private static async Task<Results<Ok<StaffSummary>, NotFound>> MeAsync(
        ClaimsPrincipal principal, StaffStore store, CancellationToken ct) =>
        await store.FindAsync(principal.StaffId(), ct) is { } staff ? TypedResults.Ok(staff) : TypedResults.NotFound();

    /// <summary>
    /// Wrong current passwords count as wrong sign-ins do (same name, same address, same waits), so a stolen token
    /// cannot be used to guess the password behind it.
    /// </summary>
    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> ChangePasswordAsync(
        ChangePasswordRequest request, ClaimsPrincipal principal, [AsParameters] StaffAccounts accounts, HttpContext http,
        CancellationToken ct)
    {
        var (store, passwords, tokens, throttle, time) = accounts;
        var id = principal.StaffId();
        var staff = (await store.FindAsync(id, ct))!;
        var currentValid = false;
        var outcome = await throttle.TryAsync(staff.Username, http, async () =>
        {
            (currentValid, _) = passwords.Verify(await store.FindPasswordHashAsync(id, ct), request.CurrentPassword ?? "");
            return currentValid;
        }, ct);
        if (outcome.Blocked)
        {
            return Locked(http, outcome.Wait);
        }

        if (StaffRules.CheckPasswordChange(request, currentValid, staff.Username) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        // The signed-in account exists (its token was just accepted), so the password is set.
        var (_, stamp) = await store.SetPasswordAsync(id, passwords.Hash(request.NewPassword!), id, time.GetUtcNow().UtcDateTime, ct);
        var token = tokens.ForStaff(id, stamp);
        return TypedResults.Ok(new TokenResponse(token.Token, token.ExpiresAt));
    }
}

/// <summary>
/// What the handlers that check or set a password share: the accounts, the password hashing, the token issuer, the
/// wrong-password throttle and the clock. Bound with <c>[AsParameters]</c>, like <c>OfficerServices</c>.
/// </summary>
public readonly record struct StaffAccounts(
    StaffStore Store, PasswordCheck Passwords, TokenIssuer Tokens, LoginThrottle Throttle, TimeProvider Time);
