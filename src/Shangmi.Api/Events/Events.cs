using System.ComponentModel.DataAnnotations;
using Shangmi.Api.Experts;

namespace Shangmi.Api.Events;

public enum EventType { Forum, Training, Meeting }

public enum EventStatus { Draft, Published, Cancelled }

/// <summary>Whether one can register now: not yet open, open, open for the waiting list only, or closed.</summary>
public enum RegistrationWindow { NotOpen, Open, Waitlist, Closed }

/// <summary>
/// pending: awaiting staff approval, holding its seats; confirmed; waitlisted: first come, first served;
/// rejected and cancelled end a registration.
/// </summary>
public enum RegistrationStatus { Pending, Confirmed, Waitlisted, Rejected, Cancelled }

/// <summary>An event in lists. <c>registrationWindow</c>: whether one can register now.</summary>
public sealed record EventSummary(
    long Id, EventType Type, string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Venue, string? OnlineUrl,
    int Capacity, int SeatsLeft, RegistrationWindow RegistrationWindow, DateTimeOffset RegistrationOpensAt,
    DateTimeOffset RegistrationClosesAt, bool RequiresApproval, EventStatus Status);

/// <summary>An event with its agenda and speakers (experts from the library): the summary's fields and more, flat.</summary>
public sealed record EventDetail(
    long Id, EventType Type, string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Venue, string? OnlineUrl,
    int Capacity, int SeatsLeft, RegistrationWindow RegistrationWindow, DateTimeOffset RegistrationOpensAt,
    DateTimeOffset RegistrationClosesAt, bool RequiresApproval, EventStatus Status, string Description, string Agenda,
    int MaxAttendeesPerRegistration, IReadOnlyList<ExpertSummary> Speakers);

/// <summary>Create or edit an event (editors). Raising the capacity promotes the waiting list.</summary>
public sealed record EventRequest(
    EventType? Type, string? Title, string? Description, string? Agenda, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt,
    string? Venue, string? OnlineUrl, int? Capacity, DateTimeOffset? RegistrationOpensAt,
    DateTimeOffset? RegistrationClosesAt, bool? RequiresApproval, int? MaxAttendeesPerRegistration, long[]? SpeakerIds,
    EventStatus? Status);

/// <summary>
/// An event as editors see it: every field of <see cref="EventRequest"/> (so GET, edit, PUT round-trips), with the
/// seats taken and the speakers' summaries.
/// </summary>
public sealed record AdminEvent(
    long Id, EventType Type, string Title, string Description, string Agenda, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    string Venue, string? OnlineUrl, int Capacity, DateTimeOffset RegistrationOpensAt, DateTimeOffset RegistrationClosesAt,
    bool RequiresApproval, int MaxAttendeesPerRegistration, IReadOnlyList<long> SpeakerIds, EventStatus Status,
    int SeatsTaken, int SeatsLeft, RegistrationWindow RegistrationWindow, IReadOnlyList<ExpertSummary> Speakers);

/// <summary>
/// An enterprise registers. <c>creditCode</c>: the 18-character unified social credit code (its last character is a
/// checksum the server verifies; case and spaces are ignored). <c>phone</c>: mainland mobile, +86 and separators allowed.
/// Lengths count after trimming. A verified member of an enterprise (/me/enterprise) may leave out <c>companyName</c>
/// and <c>creditCode</c>: the registration carries the enterprise's, whatever is sent; everyone else must send both.
/// </summary>
public sealed record RegistrationRequest(
    [property: StringLength(100, MinimumLength = 1)] string? CompanyName,
    [property: RegularExpression(Common.ContractPatterns.CreditCode)] string? CreditCode,
    [property: Required, StringLength(32, MinimumLength = 1)] string? ContactName,
    [property: Required, RegularExpression(Common.ContractPatterns.Mobile)] string? Phone,
    [property: StringLength(64)] string? Position,
    [property: Range(1, 50)] int? Attendees,
    [property: StringLength(500)] string? Remark);

/// <summary>The answer to a registration: show the check-in code as a QR code once confirmed.</summary>
public sealed record RegistrationResult(long Id, RegistrationStatus Status, int? WaitlistPosition, string? CheckInCode);

/// <summary>One of my registrations; <c>enterpriseId</c>: the verified enterprise it was made for, if any.</summary>
public sealed record MyRegistration(
    long Id, RegistrationStatus Status, int? WaitlistPosition, string? CheckInCode, DateTimeOffset? CheckedInAt,
    string CompanyName, string CreditCode, string ContactName, string Phone, string Position, int Attendees, string Remark,
    DateTimeOffset CreatedAt, EventSummary Event, long? EnterpriseId);

/// <summary>
/// A registration in the staff list: the phone is masked (138****5678); <c>enterpriseId</c>: the verified enterprise it
/// was made for, if any.
/// </summary>
public sealed record StaffRegistration(
    long Id, RegistrationStatus Status, int? WaitlistPosition, string CompanyName, string CreditCode, string ContactName,
    string Phone, string Position, int Attendees, string Remark, DateTimeOffset CreatedAt, DateTimeOffset? CheckedInAt,
    long? EnterpriseId);

/// <summary>A scanned check-in code.</summary>
public sealed record CheckInRequest(string? Code);

public sealed record CheckInResult(long RegistrationId, string CompanyName, string ContactName, int Attendees, DateTimeOffset CheckedInAt);
