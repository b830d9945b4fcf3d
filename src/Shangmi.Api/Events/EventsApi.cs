using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Shangmi.Api.Common;
using Shangmi.Api.Common.Problems;
using Shangmi.Api.Common.RateLimiting;
using Shangmi.Api.Enterprises;
using Shangmi.Api.Experts;
using Shangmi.Api.Files;
using Shangmi.Api.Identity;

namespace Shangmi.Api.Events;

/// <summary>Events for the public, registration and "my registrations" for signed-in users.</summary>
public static class EventsApi
{
    public static RouteGroupBuilder MapEvents(this IEndpointRouteBuilder app)
    {
        // One group per feature file (ARCHITECTURE.md); the sub-groups keep their own tags and policies.
        var api = app.MapGroup("/api/v1");
        var events = api.MapGroup("/events").WithTags("Events");
        events.MapGet("/", ListAsync).WithName("ListEvents").RequireRateLimiting(RateLimitPolicies.PublicRead)
            .WithSummary("Forums, trainings and meetings; filter by type and when (upcoming/past); with seats left and registration status.");
        events.MapGet("/{id:long}", GetAsync).WithName("GetEvent").RequireRateLimiting(RateLimitPolicies.PublicRead)
            .WithSummary("One event with agenda and speakers.").ProducesProblem(StatusCodes.Status404NotFound);
        events.MapPost("/{id:long}/registrations", RegisterAsync).WithName("Register")
            .RequireAuthorization(AuthPolicies.User).AcceptsIdempotencyKey()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Register for an event: confirmed, waitlisted (with position) or pending approval. Send an "
                         + "Idempotency-Key header (random UUID v4) so that a retry returns the first answer.");

        var mine = api.MapGroup("/me/registrations").WithTags("My registrations").RequireAuthorization(AuthPolicies.User);
        mine.MapGet("/", ListMineAsync).WithName("MyRegistrations").WithSummary("My registrations, newest first, with their events; paged.");
        mine.MapGet("/{id:long}", GetMineAsync).WithName("MyRegistration")
            .WithSummary("One of my registrations, with the check-in code once confirmed.").ProducesProblem(StatusCodes.Status404NotFound);
        mine.MapPost("/{id:long}/cancel", CancelMineAsync).WithName("CancelMyRegistration")
            .WithSummary("Cancel my registration before the event starts; its seats go to the waiting list.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<Results<Ok<Paged<EventSummary>>, ValidationProblem>> ListAsync(
        [QueryEnum(typeof(EventType))] string? type, [QueryEnum("upcoming", "past")] string? when, [AsParameters] PaginationRequest pagination,
        EventStore events, TimeProvider time, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var paging = pagination.Check(errors);
        var eventType = EnumQuery.Parse<EventType>(type, "type", errors);
        EventRules.CheckWhen(when, errors);
        return errors.Any
            ? errors.ToProblem()
            : TypedResults.Ok(await events.ListPublicAsync(time.GetUtcNow().UtcDateTime, eventType, when, paging, ct));
    }

    private static async Task<Results<Ok<EventDetail>, ProblemHttpResult>> GetAsync(
        long id, [AsParameters] EventReading reading, CancellationToken ct)
    {
        var (events, experts, urls, time, http) = reading;
        if (await events.FindPublicAsync(id, time.GetUtcNow().UtcDateTime, ct) is not var (detail, speakerIds))
        {
            return EventNotFound();
        }

        // The speakers' public summaries come from the experts' store, the one place that says what of an expert is public.
        var speakers = await experts.SummariesAsync(speakerIds, ct);
        return TypedResults.Ok(detail with
        {
            Speakers = speakers.Select(s => s with { PhotoUrl = urls.Absolute(http.Request, s.PhotoUrl) }).ToList(),
        });
    }

    private static async Task<Results<Created<RegistrationResult>, Ok<RegistrationResult>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        long id, RegistrationRequest request, [AsParameters] Registrant me, ClaimStore claims, HttpContext http,
        CancellationToken ct)
    {
        var (user, registrations, _, time) = me;
        var (key, keyError) = IdempotencyKeys.Read(http);
        // A verified member registers for their enterprise: its name and code come from the profile, not from the form.
        var acting = await claims.ActingForAsync(user.UserId(), ct);
        if (acting is not null)
        {
            request = request with { CompanyName = acting.Name, CreditCode = acting.CreditCode };
        }

        var (errors, registration) = EventRules.Check(request);
        errors.Check(keyError is null, IdempotencyKeys.Header, keyError ?? "");

        if (registration is null || errors.Any)
        {
            return errors.ToProblem();
        }

        var userId = user.UserId();
        var (outcome, registrationId) = await registrations.RegisterAsync(id, userId, registration with { EnterpriseId = acting?.Id },
            key, time.GetUtcNow().UtcDateTime, ct);
        switch (outcome)
        {
            case RegistrationStore.RegisterOutcome.EventNotFound:
                return EventNotFound();
            case RegistrationStore.RegisterOutcome.EventCancelled:
                return ApiProblem.Create(409, "event.cancelled", "活动已取消");
            case RegistrationStore.RegisterOutcome.NotOpen:
                return ApiProblem.Create(422, "registration.not_open", "报名尚未开始");
            case RegistrationStore.RegisterOutcome.Closed:
                return ApiProblem.Create(422, "registration.closed", "报名已截止");
            case RegistrationStore.RegisterOutcome.TooManyAttendees:
                return new FieldErrors().Add("attendees", "参会人数超过了本活动每单位的上限").ToProblem();
            case RegistrationStore.RegisterOutcome.Duplicate:
                return ApiProblem.Create(409, "registration.duplicate", "您已报名该活动", "可在“我的报名”中查看或取消。");
            case RegistrationStore.RegisterOutcome.KeyReused:
                return ApiProblem.Create(422, "idempotency.key_reused", "该 Idempotency-Key 已用于其他报名");
        }

        var result = (await registrations.FindOwnAsync(registrationId, userId, ct))!.ToResult();
        return outcome == RegistrationStore.RegisterOutcome.Repeated
            ? TypedResults.Ok(result)
            : TypedResults.Created($"/api/v1/me/registrations/{registrationId}", result);
    }

    private static async Task<Results<Ok<Paged<MyRegistration>>, ValidationProblem>> ListMineAsync(
        [AsParameters] PaginationRequest pagination, [AsParameters] Registrant me, CancellationToken ct)
    {
        var (user, registrations, events, time) = me;
        var errors = new FieldErrors();
        var paging = pagination.Check(errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var rows = await registrations.ListOwnAsync(user.UserId(), paging, ct);
        var byId = await events.SummariesAsync(rows.Items.Select(r => r.EventId), time.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Ok(paging.Of(rows.Items.Select(r => Mine(r, byId[r.EventId])).ToList(), rows.Total));
    }

    private static async Task<Results<Ok<MyRegistration>, ProblemHttpResult>> GetMineAsync(
        long id, [AsParameters] Registrant me, CancellationToken ct)
    {
        var (user, registrations, events, time) = me;
        if (await registrations.FindOwnAsync(id, user.UserId(), ct) is not { } row)
        {
            return RegistrationNotFound();
        }

        var byId = await events.SummariesAsync([row.EventId], time.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Ok(Mine(row, byId[row.EventId]));
    }

    private static async Task<Results<Ok<MyRegistration>, ProblemHttpResult>> CancelMineAsync(
        long id, [AsParameters] Registrant me, CancellationToken ct)
    {
        switch (await me.Registrations.CancelAsync(id, me.User.UserId(), me.Time.GetUtcNow().UtcDateTime, ct))
        {
            case RegistrationStore.ChangeOutcome.NotFound:
                return RegistrationNotFound();
            case RegistrationStore.ChangeOutcome.NotActive:
                return ApiProblem.Create(409, "registration.not_active", "该报名已取消或已结束");
            case RegistrationStore.ChangeOutcome.EventStarted:
                return ApiProblem.Create(409, "registration.event_started", "活动已开始，不能取消报名");
        }

        return await GetMineAsync(id, me, ct);
    }

    private static MyRegistration Mine(RegistrationRow r, EventSummary ev) =>
        new(r.Id, r.Status, (int?)r.WaitlistPosition, r.VisibleCheckInCode, r.CheckedInAtUtc, r.CompanyName,
            r.CreditCode, r.ContactName, r.Phone, r.Position, r.Attendees, r.Remark, r.CreatedAtUtc, ev, r.EnterpriseId);

    private static ProblemHttpResult EventNotFound() => ApiProblem.Create(404, "event.not_found", "找不到该活动");

    private static ProblemHttpResult RegistrationNotFound() => ApiProblem.Create(404, "registration.not_found", "找不到该报名");
}

/// <summary>What the public event detail needs: the events, the speakers' public summaries, photo URLs, clock, request.</summary>
public readonly record struct EventReading(
    EventStore Events, ExpertStore Experts, PublicFileUrls Urls, TimeProvider Time, HttpContext Http);

/// <summary>
/// What the signed-in user's registration handlers share: who they are, the registrations, the events (for their
/// summaries) and the clock. Bound with <c>[AsParameters]</c>, like <c>OfficerServices</c>.
/// </summary>
public readonly record struct Registrant(ClaimsPrincipal User, RegistrationStore Registrations, EventStore Events, TimeProvider Time);
