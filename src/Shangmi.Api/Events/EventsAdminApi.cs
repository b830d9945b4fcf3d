using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Shangmi.Api.Common.Spreadsheets;
using Shangmi.Api.Common;
using Shangmi.Api.Common.Problems;
using Shangmi.Api.Experts;
using Shangmi.Api.Identity;
using Shangmi.Api.WeChat;

namespace Shangmi.Api.Events;

/// <summary>Event staff: events, registrations (approve, reject, export), check-in and the share code.</summary>
public static class EventsAdminApi
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static RouteGroupBuilder MapEventsAdmin(this IEndpointRouteBuilder app)
    {
        // One group per feature file (ARCHITECTURE.md); the sub-groups keep their own tags and policies.
        var api = app.MapGroup("/api/v1");
        // Check-in first: the document lists a tag's routes in mapping order, and the contract has it first.
        var checkins = api.MapGroup("/admin/checkins").WithTags("Events (staff)").RequireAuthorization(AuthPolicies.Editor);
        checkins.MapPost("", CheckInAsync).WithName("CheckIn")
            .WithSummary("Check an attendee in by the code of their QR; a second scan answers 409 checkin.already with the first time.");

        var events = api.MapGroup("/admin/events").WithTags("Events (staff)").RequireAuthorization(AuthPolicies.Editor);
        events.MapGet("/", ListAsync).WithName("AdminListEvents").WithSummary("All events, drafts included.");
        events.MapPost("/", CreateAsync).WithName("CreateEvent").WithSummary("Create an event (draft or published).");
        events.MapGet("/{id:long}", GetAsync).WithName("AdminGetEvent").WithSummary("One event with seats taken.");
        events.MapPut("/{id:long}", UpdateAsync).WithName("UpdateEvent")
            .WithSummary("Replace an event; raising the capacity promotes the waiting list, lowering it below the seats taken is refused.");
        events.MapPost("/{id:long}/cancel", CancelAsync).WithName("CancelEvent")
            .WithSummary("Cancel an event; everyone registered is told by subscribe message.");
        events.MapGet("/{id:long}/registrations", RegistrationsAsync).WithName("EventRegistrations")
            .WithSummary("Registrations of an event, filter by status; phones masked.");
        events.MapGet("/{id:long}/registrations/export", ExportAsync).WithName("ExportRegistrations")
            .WithSummary("All registrations with full contact data as .xlsx; the export is recorded (who, what, when).")
            .Produces(StatusCodes.Status200OK, contentType: Xlsx);
        events.MapGet("/{id:long}/share-code", ShareCodeAsync).WithName("EventShareCode")
            .WithSummary("The event's mini-program code (JPEG) for posters, made once by WeChat and kept.")
            .Produces(StatusCodes.Status200OK, contentType: "image/jpeg");

        var registrations = api.MapGroup("/admin/registrations").WithTags("Events (staff)")
            .RequireAuthorization(AuthPolicies.Editor);
        registrations.MapPost("/{id:long}/approve", ApproveAsync).WithName("ApproveRegistration")
            .WithSummary("Approve a pending registration (it already holds its seats).");
        registrations.MapPost("/{id:long}/reject", RejectAsync).WithName("RejectRegistration")
            .WithSummary("Reject a pending registration; its seats go to the waiting list.");
        return api;
    }

    private static async Task<Results<Ok<Paged<EventSummary>>, ValidationProblem>> ListAsync(
        [AsParameters] PaginationRequest pagination, EventStore events, TimeProvider time, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var paging = pagination.Check(errors);
        return errors.Any ? errors.ToProblem() : TypedResults.Ok(await events.ListAdminAsync(time.GetUtcNow().UtcDateTime, paging, ct));
    }

    private static async Task<Results<Ok<AdminEvent>, ProblemHttpResult>> GetAsync(
        long id, EventStore events, ExpertStore experts, TimeProvider time, CancellationToken ct) =>
        await FindAsync(id, time.GetUtcNow().UtcDateTime, events, experts, ct) is { } ev ? TypedResults.Ok(ev) : EventNotFound();

    private static async Task<Results<Created<AdminEvent>, ValidationProblem>> CreateAsync(
        EventRequest request, ClaimsPrincipal staff, EventStore events, ExpertStore experts, TimeProvider time, CancellationToken ct)
    {
        var (errors, write) = EventRules.Check(request, await KnownSpeakersAsync(experts, request, ct));
        if (write is null)
        {
            return errors.ToProblem();
        }

        var now = time.GetUtcNow().UtcDateTime;
        var id = await events.CreateAsync(write, staff.StaffId(), now, ct);
        return TypedResults.Created($"/api/v1/admin/events/{id}", (await FindAsync(id, now, events, experts, ct))!);
    }

    private static async Task<Results<Ok<AdminEvent>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        long id, EventRequest request, EventStore events, ExpertStore experts, TimeProvider time, CancellationToken ct)
    {
        var (errors, write) = EventRules.Check(request, await KnownSpeakersAsync(experts, request, ct));
        if (write is null)
        {
            return errors.ToProblem();
        }

        var now = time.GetUtcNow().UtcDateTime;
        switch (await events.UpdateAsync(id, write, now, ct))
        {
            case EventStore.UpdateOutcome.NotFound:
                return EventNotFound();
            case EventStore.UpdateOutcome.Cancelled:
                return ApiProblem.Create(409, "event.cancelled", "活动已取消，不能再修改");
            case EventStore.UpdateOutcome.CapacityBelowTaken:
                return ApiProblem.Create(409, "event.capacity_below_taken", "名额不能少于已占用的名额");
        }

        return TypedResults.Ok((await FindAsync(id, now, events, experts, ct))!);
    }

    private static async Task<Results<Ok<AdminEvent>, ProblemHttpResult>> CancelAsync(
        long id, EventStore events, ExpertStore experts, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return await events.CancelAsync(id, now, ct)
            ? TypedResults.Ok((await FindAsync(id, now, events, experts, ct))!)
            : ApiProblem.Create(404, "event.not_found", "找不到可取消的活动", "草稿活动无需取消，直接修改即可。");
    }

    private static async Task<Results<Ok<Paged<StaffRegistration>>, ValidationProblem, ProblemHttpResult>> RegistrationsAsync(
        long id, [QueryEnum(typeof(RegistrationStatus))] string? status, [AsParameters] PaginationRequest pagination, EventStore events, RegistrationStore registrations,
        CancellationToken ct)
    {
        var errors = new FieldErrors();
        var paging = pagination.Check(errors);
        var statusFilter = EnumQuery.Parse<RegistrationStatus>(status, "status", errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (!await events.ExistsAsync(id, ct))
        {
            return EventNotFound();
        }

        var found = await registrations.ListForEventAsync(id, statusFilter, paging, ct);
        return TypedResults.Ok(new Paged<StaffRegistration>(found.Items.Select(r => r.ToStaff()).ToList(), found.Page,
            found.PageSize, found.Total));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(
        long id, ClaimsPrincipal staff, EventStore events, RegistrationStore registrations, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (!await events.ExistsAsync(id, ct))
        {
            return EventNotFound();
        }

        var rows = await registrations.ExportAsync(id, staff.StaffId(), now, ct);
        var sheet = rows.Select((r, i) => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["序号"] = i + 1, ["状态"] = StatusText(r.Status), ["单位名称"] = r.CompanyName,
            ["统一社会信用代码"] = r.CreditCode, ["联系人"] = r.ContactName, ["手机"] = r.Phone, ["职务"] = r.Position,
            ["人数"] = r.Attendees, ["备注"] = r.Remark,
            ["报名时间"] = ChinaTime.ToChina(r.CreatedAtUtc).ToString("yyyy-MM-dd HH:mm"),
            ["签到时间"] = r.CheckedInAtUtc is { } at ? ChinaTime.ToChina(at).ToString("yyyy-MM-dd HH:mm") : "",
        }).ToList();
        return TypedResults.File(SpreadsheetExport.Write(sheet), Xlsx, $"报名名单-{id}.xlsx");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ShareCodeAsync(
        long id, EventStore events, WeChatClient weChat, CancellationToken ct)
    {
        if (!await events.ExistsAsync(id, ct))
        {
            return EventNotFound();
        }

        var image = await events.ShareCodeAsync(id, ct);
        if (image is null)
        {
            try
            {
                image = await weChat.GetUnlimitedQrCodeAsync(MiniProgramPages.EventShareScene(id), MiniProgramPages.EventDetail, ct);
            }
            catch (WeChatException e)
            {
                return ApiProblem.Create(502, "wechat.share_code_failed", "微信未能生成小程序码", $"微信错误码 {e.ErrorCode}。");
            }

            await events.SaveShareCodeAsync(id, image, ct);
        }

        return TypedResults.File(image, "image/jpeg", $"event-{id}.jpg");
    }

    private static Task<Results<NoContent, ProblemHttpResult>> ApproveAsync(long id, RegistrationStore registrations, TimeProvider time, CancellationToken ct) =>
        DecideAsync(registrations.ApproveAsync(id, time.GetUtcNow().UtcDateTime, ct));

    private static Task<Results<NoContent, ProblemHttpResult>> RejectAsync(long id, RegistrationStore registrations, TimeProvider time, CancellationToken ct) =>
        DecideAsync(registrations.RejectAsync(id, time.GetUtcNow().UtcDateTime, ct));

    private static async Task<Results<NoContent, ProblemHttpResult>> DecideAsync(Task<RegistrationStore.ChangeOutcome> decision) =>
        await decision switch
        {
            RegistrationStore.ChangeOutcome.Done => TypedResults.NoContent(),
            RegistrationStore.ChangeOutcome.NotFound => ApiProblem.Create(404, "registration.not_found", "找不到该报名"),
            _ => ApiProblem.Create(409, "registration.not_pending", "只能审核待审核的报名"),
        };

    private static async Task<Results<Ok<CheckInResult>, ValidationProblem, ProblemHttpResult>> CheckInAsync(
        CheckInRequest request, ClaimsPrincipal staff, RegistrationStore registrations, TimeProvider time, CancellationToken ct)
    {
        if (EventRules.CheckCheckIn(request, out var code) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        var (outcome, result) = await registrations.CheckInAsync(code, staff.StaffId(), time.GetUtcNow().UtcDateTime, ct);
        return outcome switch
        {
            RegistrationStore.CheckInOutcome.CheckedIn => TypedResults.Ok(result!),
            RegistrationStore.CheckInOutcome.Already => ApiProblem.Create(409, "checkin.already", "已签到",
                $"该报名已于 {ChinaTime.ToChina(result!.CheckedInAt):yyyy-MM-dd HH:mm} 签到。",
                new Dictionary<string, object?> { ["checkedInAt"] = ChinaTime.ToChina(result.CheckedInAt) }),
            RegistrationStore.CheckInOutcome.NotConfirmed => ApiProblem.Create(409, "checkin.not_confirmed", "该报名未确认，不能签到",
                "已取消、候补或待审核的报名不能签到。"),
            _ => ApiProblem.Create(404, "checkin.not_found", "签到码不存在"),
        };
    }

    /// <summary>
    /// The event as editors see it, with its speakers' public summaries: the experts' store is the one place that
    /// says what of an expert is public.
    /// </summary>
    private static async Task<AdminEvent?> FindAsync(long id, DateTime now, EventStore events, ExpertStore experts, CancellationToken ct) =>
        await events.FindAdminAsync(id, now, ct) is { } ev ? ev with { Speakers = await experts.SummariesAsync(ev.SpeakerIds, ct) } : null;

    private static async Task<IReadOnlyCollection<long>> KnownSpeakersAsync(ExpertStore experts, EventRequest request, CancellationToken ct) =>
        request.SpeakerIds is { Length: > 0 } ids
            ? (await experts.SummariesAsync(ids.Distinct().ToList(), ct)).Select(s => s.Id).ToHashSet()
            : [];

    private static string StatusText(RegistrationStatus status) => status switch
    {
        RegistrationStatus.Pending => "待审核",
        RegistrationStatus.Confirmed => "已确认",
        RegistrationStatus.Waitlisted => "候补",
        RegistrationStatus.Rejected => "未通过",
        _ => "已取消",
    };

    private static ProblemHttpResult EventNotFound() => ApiProblem.Create(404, "event.not_found", "找不到该活动");
}
