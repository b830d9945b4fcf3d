using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using MySqlConnector;
using Shangmi.Api.Common;
using Shangmi.Api.Common.Problems;
using Shangmi.Api.Data;

namespace Shangmi.Api.Identity.Staff;

/// <summary>Set or clear an account's district scope; null: city-wide.</summary>
public sealed record StaffDistrictRequest(long? DistrictId);

/// <summary>An account's district scope: a district bureau's staff see and act only within <c>districtId</c>; null: city-wide.</summary>
public sealed record StaffDistrict(long StaffId, long? DistrictId, string? DistrictName);

/// <summary>
/// The district scope of staff accounts (issue 15). Features that serve enterprises read it fresh on each request
/// (like roles), so narrowing an account's scope takes effect at once.
/// </summary>
public sealed class StaffDistricts(MySqlDataSource db)
{
    public enum SetOutcome { Done, NotFound, UnknownDistrict }

    /// <summary>The district the staff member is limited to, or null when city-wide.</summary>
    public async Task<long?> ScopeOfAsync(long staffId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT district_id FROM staff WHERE id = @staffId", new { staffId }, cancellationToken: ct));
    }

    public async Task<StaffDistrict?> FindAsync(long staffId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<StaffDistrict>(new CommandDefinition("""
            SELECT s.id AS StaffId, s.district_id AS DistrictId, d.name AS DistrictName
            FROM staff s LEFT JOIN districts d ON d.id = s.district_id WHERE s.id = @staffId
            """, new { staffId }, cancellationToken: ct));
    }

    /// <summary>Sets the scope and records it in the staff audit log, in one transaction.</summary>
    public Task<SetOutcome> SetAsync(long staffId, long? districtId, long actorId, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var name = districtId is null ? "全市" : await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT name FROM districts WHERE id = @districtId", new { districtId }, transaction, cancellationToken: ct));
            if (name is null)
            {
                return SetOutcome.UnknownDistrict;
            }

            if (await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE staff SET district_id = @districtId, updated_at = @now WHERE id = @staffId",
                    new { staffId, districtId, now }, transaction, cancellationToken: ct)) == 0)
            {
                return SetOutcome.NotFound;
            }

            await StaffStore.AuditAsync(connection, transaction, actorId, staffId, StaffAudit.Actions.DistrictChanged,
                $"辖区设为：{name}", false, now, ct);
            await transaction.CommitAsync(ct);
            return SetOutcome.Done;
        });
}

/// <summary>Admins set the district scope of a staff account; every staff member reads their own.</summary>
public static class StaffDistrictApi
{
    public static RouteGroupBuilder MapStaffDistrict(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin/staff").WithTags("Staff accounts").RequireAuthorization(AuthPolicies.Admin);
        group.MapGet("/{id:long}/district", GetAsync).WithName("GetStaffDistrict")
            .WithSummary("An account's district scope (null: city-wide).");
        group.MapPut("/{id:long}/district", SetAsync).WithName("SetStaffDistrict")
            .WithSummary("Limit an account to one district (a district bureau's staff) or, with districtId null, make it city-wide.");
        app.MapGet("/api/v1/admin/auth/district", (ClaimsPrincipal me, StaffDistricts districts, CancellationToken ct) =>
                GetAsync(me.StaffId(), districts, ct))
            .WithTags("Staff sign-in").WithName("MyStaffDistrict").RequireAuthorization(AuthPolicies.Staff)
            .WithSummary("My own district scope (null: city-wide), so the console offers only what the server will accept.");
        return group;
    }

    private static async Task<Results<Ok<StaffDistrict>, ProblemHttpResult>> GetAsync(long id, StaffDistricts districts, CancellationToken ct) =>
        await districts.FindAsync(id, ct) is { } found ? TypedResults.Ok(found) : StaffNotFound();

    private static async Task<Results<Ok<StaffDistrict>, ValidationProblem, ProblemHttpResult>> SetAsync(
        long id, StaffDistrictRequest request, ClaimsPrincipal me, StaffDistricts districts, TimeProvider time, CancellationToken ct)
    {
        switch (await districts.SetAsync(id, request.DistrictId, me.StaffId(), time.GetUtcNow().UtcDateTime, ct))
        {
            case StaffDistricts.SetOutcome.UnknownDistrict:
                return new FieldErrors().Add("districtId", "所选行政区不存在").ToProblem();
            case StaffDistricts.SetOutcome.NotFound:
                return StaffNotFound();
        }

        return TypedResults.Ok((await districts.FindAsync(id, ct))!);
    }

    private static ProblemHttpResult StaffNotFound() => ApiProblem.Create(404, "staff.not_found", "找不到该员工账号");
}
