namespace Shangmi.Api.ServiceRequests;

/// <summary>一对一咨询 consultation, 上门指导 visit, 维权诉求 rights, 资料申领 documents, 培训需求 training.</summary>
public enum ServiceKind { Consultation, Visit, Rights, Documents, Training }

/// <summary>
/// submitted (waiting for a response), accepted, scheduled (a visit is arranged), resolved (waiting for the
/// enterprise's feedback), closed (with feedback, or without it after the feedback window), rejected, transferred.
/// </summary>
public enum ServiceStatus { Submitted, Accepted, Scheduled, Resolved, Closed, Rejected, Transferred }

/// <summary>Where a request is transferred: 执法办案 enforcement, 公安 police, 检察院 procuratorate, 法院 court.</summary>
public enum TransferTarget { Enforcement, Police, Procuratorate, Court }

/// <summary>What staff may do to a request; a 409 lists the ones its state allows.</summary>
public enum ServiceAction { Take, Assign, Accept, Schedule, Note, Message, Resolve, Reject, Transfer, LinkTip }

/// <summary>
/// A request as a verified member sends it. <c>kind</c>: consultation, visit, rights, documents or training (a string,
/// so that another value is a Chinese field error); <c>preferredAt</c>: for 上门指导 (required there, in the future);
/// <c>documentIds</c>: for 资料申领 (required there), from /api/v1/guidance-documents. The contact defaults to the
/// member's own (from their enterprise claim). Attachments are uploaded afterwards, one per request.
/// </summary>
public sealed record ServiceRequestForm(
    string? Kind, string? Subject, string? Description, DateTimeOffset? PreferredAt, long[]? DocumentIds, string? ContactName,
    string? ContactPhone);

/// <summary>A request's contact: reading it is recorded in the request's timeline.</summary>
public sealed record ServiceContact(string Name, string Phone);

/// <summary>An arranged visit: when, where, and who goes.</summary>
public sealed record ServiceVisit(DateTimeOffset At, string Place, string Staff);

/// <summary>A line of the timeline. <c>by</c>: staff, enterprise or system; <c>internal</c> lines only staff see.</summary>
public sealed record ServiceEvent(long Id, string Kind, string By, string? StaffName, string Text, bool Internal, DateTimeOffset At);

/// <summary>An attachment upload (<c>wx.uploadFile</c>, field <c>file</c>).</summary>
public sealed record ServiceAttachmentForm([property: System.ComponentModel.DataAnnotations.Required] IFormFile File);

/// <summary>An attachment (its content is sealed at rest).</summary>
public sealed record ServiceAttachment(long Id, string Name, string ContentType, long Size, DateTimeOffset CreatedAt);

/// <summary>The enterprise's feedback after resolution.</summary>
public sealed record ServiceFeedback(bool Solved, int Rating, string Comment, DateTimeOffset At);

/// <summary>
/// A request as the enterprise sees it: status with its plain-Chinese <c>statusText</c>, the timeline without
/// internal notes, the messages both ways (kind message / reply), the attachments and the feedback; <c>contactMask</c>:
/// the phone staff will call, masked.
/// </summary>
public sealed record MyServiceRequest(
    long Id, ServiceKind Kind, ServiceStatus Status, string StatusText, string Subject, string Description, DateTimeOffset? PreferredAt,
    string ContactMask,
    IReadOnlyList<long> DocumentIds, ServiceVisit? Visit, ServiceFeedback? Feedback, bool ClosedWithoutFeedback,
    IReadOnlyList<ServiceAttachment> Attachments, IReadOnlyList<ServiceEvent> Timeline, DateTimeOffset CreatedAt);

/// <summary>A line of the enterprise's own list.</summary>
public sealed record MyServiceRequestItem(long Id, ServiceKind Kind, ServiceStatus Status, string StatusText, string Subject, DateTimeOffset CreatedAt);

/// <summary>The enterprise's confirmation after resolution: solved or not, a rating 1–5 and an optional comment.</summary>
public sealed record ServiceFeedbackRequest(bool? Solved, int? Rating, string? Comment);

/// <summary>A message or an internal note.</summary>
public sealed record ServiceTextRequest(string? Text);

/// <summary>
/// A line of the ledger (诉求台账). The flags are what the rates count: <c>responseDue</c> (the response deadline has
/// passed), <c>respondedInTime</c>, <c>feedbackGiven</c>, <c>solved</c>, <c>rating</c>; <c>overdue</c>: not responded or
/// not resolved past its deadline.
/// </summary>
public sealed record LedgerItem(
    long Id, long EnterpriseId, string EnterpriseName, long? DistrictId, string? DistrictName, ServiceKind Kind, ServiceStatus Status,
    string Subject, long? AssigneeId, string? AssigneeName, string ContactMask, DateTimeOffset CreatedAt, DateOnly RespondDueOn,
    DateOnly ResolveDueOn, DateTimeOffset? RespondedAt, DateTimeOffset? ResolvedAt, DateTimeOffset? ClosedAt, bool Overdue,
    bool ResponseDue, bool RespondedInTime, bool FeedbackGiven, bool? Solved, int? Rating, TransferTarget? TransferTo,
    string? TransferReference, long? TipId);

/// <summary>
/// A request with everything staff need: the ledger line, the text, the contact (only in the recorded detail read;
/// null in an action's answer), the attachments, the whole timeline and the actions its state allows.
/// </summary>
public sealed record StaffServiceRequest(
    LedgerItem Summary, string Description, DateTimeOffset? PreferredAt, IReadOnlyList<long> DocumentIds, ServiceContact? Contact,
    ServiceVisit? Visit, ServiceFeedback? Feedback, IReadOnlyList<ServiceAttachment> Attachments, IReadOnlyList<ServiceEvent> Timeline,
    IReadOnlyList<ServiceAction> AllowedActions);

public sealed record AssignRequest(long? StaffId);

public sealed record VisitRequest(DateTimeOffset? At, string? Place, string? Staff);

/// <summary>A transfer: <c>to</c> is enforcement, police, procuratorate or court; the reason and the document's reference.</summary>
public sealed record TransferRequest(string? To, string? Reason, string? Reference);

/// <summary>A transfer as it is written, checked.</summary>
public sealed record TransferWrite(TransferTarget To, string Reason, string Reference);

public sealed record LinkTipRequest(long? TipId);

/// <summary>One line of the rates: the counts beside each rate (percent, one decimal; null when nothing to divide by).</summary>
public sealed record RateLine(
    string Key, string Name, long Requests, long ResponseDue, long RespondedInTime, double? ResponseRate, long FeedbackGiven, long Solved,
    double? SolveRate, long Ratings, long Satisfied, double? SatisfactionRate);

/// <summary>
/// The three rates of 接诉即办 over the requests submitted in [from, to] (China dates; open ends allowed), as of
/// <c>asOf</c>: per district, per kind and overall.
/// </summary>
public sealed record ServiceRates(DateOnly? From, DateOnly? To, DateOnly AsOf, RateLine Overall, IReadOnlyList<RateLine> ByDistrict,
    IReadOnlyList<RateLine> ByKind);

/// <summary>Who receives a district's new requests; null staffId: the district's queue.</summary>
public sealed record ServiceRoute(long DistrictId, string DistrictName, long? StaffId, string? StaffName);

public sealed record ServiceRouteRequest(long? StaffId);
