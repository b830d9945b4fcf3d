using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Shangmi.Api.Common;
using Shangmi.Api.Common.Problems;

namespace Shangmi.Api.Identity.Staff;

/// <summary>Admins manage staff accounts and their roles.</summary>
public static class StaffAdminApi
{
    public static RouteGroupBuilder MapStaffAdmin(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin/staff").WithTags("Staff accounts")
            .RequireAuthorization(AuthPolicies.Admin);

        group.MapGet("/", ListAsync).WithName("ListStaff").WithSummary("All staff accounts with their roles.");
        group.MapGet("/audit", AuditAsync).WithName("StaffAudit")
            .WithSummary("The staff audit log, newest first: who created, changed the roles of, disabled, enabled or reset the password of whom, and when.");
        group.MapPost("/", CreateAsync).WithName("CreateStaff").WithSummary("Create a staff account with roles.");
        group.MapPut("/{id:long}/roles", SetRolesAsync).WithName("SetStaffRoles").WithSummary("Replace an account's roles.");
        group.MapPost("/{id:long}/disable", (long id, ClaimsPrincipal me, StaffStore store, TimeProvider time, CancellationToken ct) =>
                SetDisabledAsync(id, true, me, store, time, ct))
            .WithName("DisableStaff").WithSummary("Disable an account; its tokens stop working at once.");
        group.MapPost("/{id:long}/enable", (long id, ClaimsPrincipal me, StaffStore store, TimeProvider time, CancellationToken ct) =>
                SetDisabledAsync(id, false, me, store, time, ct))
            .WithName("EnableStaff").WithSummary("Enable a disabled account again.");
        group.MapPost("/{id:long}/password", ResetPasswordAsync).WithName("ResetStaffPassword")
            .WithSummary("Set a new password for another account (a forgotten one); its tokens stop working at once.");
        return group;
    }

    private static async Task<Ok<IReadOnlyList<StaffSummary>>> ListAsync(StaffStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.ListAsync(ct));

    private static async Task<Results<Ok<Paged<StaffAuditEntry>>, ValidationProblem>> AuditAsync(
        [AsParameters] PaginationRequest pagination, StaffAudit audit, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var paging = pagination.Check(errors);
        return errors.Any ? errors.ToProblem() : TypedResults.Ok(await audit.ListAsync(paging, ct));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ResetPasswordAsync(
        long id, ResetPasswordRequest request, ClaimsPrincipal me, [AsParameters] StaffAccounts accounts, CancellationToken ct)
    {
        var (store, passwords, _, _, time) = accounts;
        // One's own password goes through the change route, which asks for the current one.
        if (id == me.StaffId())
        {
            return ApiProblem.Create(409, "staff.self_reset", "请通过修改密码更改自己的密码");
        }

        if (await store.FindAsync(id, ct) is not { } staff)
        {
            return StaffNotFound();
        }

        var errors = new FieldErrors().CheckPassword("newPassword", request.NewPassword, staff.Username);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return (await store.SetPasswordAsync(id, passwords.Hash(request.NewPassword!), me.StaffId(), time.GetUtcNow().UtcDateTime, ct))
            .Outcome == StaffStore.SetPasswordOutcome.Set
            ? TypedResults.NoContent()
            : StaffNotFound();
    }

    private static async Task<Results<Created<StaffSummary>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateStaffRequest request, ClaimsPrincipal me, StaffStore store, PasswordCheck passwords, TimeProvider time,
        CancellationToken ct)
    {
        if (StaffRules.CheckNewStaff(request, out var username, out var displayName) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        var (outcome, id) = await store.CreateAsync(username, displayName, passwords.Hash(request.Password!), request.Roles!,
            me.StaffId(), time.GetUtcNow().UtcDateTime, ct);
        if (outcome == StaffStore.CreateOutcome.UsernameTaken)
        {
            return ApiProblem.Create(409, "staff.username_taken", "用户名已被使用");
        }

        var staff = (await store.FindAsync(id, ct))!;
        return TypedResults.Created($"/api/v1/admin/staff/{staff.Id}", staff);
    }

    private static async Task<Results<Ok<StaffSummary>, ValidationProblem, ProblemHttpResult>> SetRolesAsync(
        long id, SetRolesRequest request, ClaimsPrincipal me, StaffStore store, TimeProvider time, CancellationToken ct)
    {
        var errors = new FieldErrors().CheckRoles(request.Roles);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        // An admin who removes their own admin role could leave the bureau with nobody to manage accounts.
        if (id == me.StaffId() && !request.Roles!.Contains(AuthPolicies.Roles.Admin))
        {
            return ApiProblem.Create(409, "staff.self_demotion", "不能取消自己的管理员角色");
        }

        return await store.SetRolesAsync(id, request.Roles!, me.StaffId(), time.GetUtcNow().UtcDateTime, ct)
            ? TypedResults.Ok((await store.FindAsync(id, ct))!)
            : StaffNotFound();
    }

    private static async Task<Results<Ok<StaffSummary>, ProblemHttpResult>> SetDisabledAsync(
        long id, bool disabled, ClaimsPrincipal me, StaffStore store, TimeProvider time, CancellationToken ct)
    {
        if (disabled && id == me.StaffId())
        {
            return ApiProblem.Create(409, "staff.self_disable", "不能停用自己的账号");
        }

        return await store.SetDisabledAsync(id, disabled, me.StaffId(), time.GetUtcNow().UtcDateTime, ct)
            ? TypedResults.Ok((await store.FindAsync(id, ct))!)
            : StaffNotFound();
    }

    private static ProblemHttpResult StaffNotFound() => ApiProblem.Create(404, "staff.not_found", "找不到该员工账号");
}
