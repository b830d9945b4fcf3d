using System.ComponentModel.DataAnnotations;
namespace Shangmi.Api.Tips;

/// <summary>A category of infringement (反不正当竞争法第九条).</summary>
public sealed record TipCategory(string Code, string Name, string Description, int SortOrder, bool Active);

/// <summary>Create or edit a category (admins); its code is in the route.</summary>
public sealed record TipCategoryRequest(string? Name, string? Description, int? SortOrder, bool? Active);

/// <summary>An optional real-name identity, kept apart from the report.</summary>
public sealed record TipIdentity(
    [property: Required, StringLength(32, MinimumLength = 1)] string? Name,
    [property: Required, RegularExpression(Common.ContractPatterns.Phone)] string? Phone);

/// <summary>
/// An anonymous tip. <c>truthful</c> must be true. <c>occurredOn</c> is free text ("2025年3月前后") because reporters
/// rarely know the date. <c>description</c>: 20 characters up to <c>Tips:MaxDescriptionLength</c> (5000 by default).
/// Lengths count after trimming.
/// </summary>
public sealed record TipRequest(
    [property: Required] string? CategoryCode,
    [property: Required, StringLength(100, MinimumLength = 1)] string? TargetName,
    [property: StringLength(200)] string? TargetAddress,
    [property: Required, StringLength(5000, MinimumLength = 20)] string? Description,
    [property: StringLength(50)] string? OccurredOn,
    [property: StringLength(50)] string? EstimatedLoss,
    bool? Insider,
    [property: Required] bool? Truthful,
    TipIdentity? Identity);

/// <summary>The receipt: shown once, never stored. Keep it to follow the tip.</summary>
public sealed record TipReceipt(string ReceiptCode, DateTimeOffset SubmittedAt);

/// <summary>What the report says; stored encrypted as one value.</summary>
public sealed record TipReport(
    string TargetName, string TargetAddress, string Description, string OccurredOn, string EstimatedLoss, bool Insider);

/// <summary>A tip's state; see <see cref="TipWorkflow"/> for the moves. <c>discarded</c>: spam, evidence deleted.</summary>
public enum TipStatus { Submitted, Accepted, Rejected, Investigating, Transferred, Closed, Discarded }

public sealed record TipTimelineEntry(DateTimeOffset At, TipStatus Status, string Text);

/// <summary>Who wrote a message: the reporter or the case officer.</summary>
public enum TipMessageSender { Reporter, Officer }

/// <summary>A message on a tip. <c>from</c> is for logic (which side of the chat); <c>fromText</c> is the label to show.</summary>
public sealed record TipMessage(long Id, DateTimeOffset At, TipMessageSender From, string FromText, string Text);

/// <summary>One evidence file: <c>name</c> is the reporter's file name, for display only; the type comes from the content.</summary>
public sealed record TipAttachmentInfo(long Id, string Name, string ContentType, long Size, DateTimeOffset At);

/// <summary>The multipart/form-data body of a one-request evidence upload: one file in the field <c>file</c>.</summary>
public sealed record TipEvidenceForm([property: Required] IFormFile File);

/// <summary>Start a resumable evidence upload: the file name (for display) and its exact size in bytes.</summary>
public sealed record TipUploadRequest(string? Name, long? Size);

/// <summary>
/// A resumable upload: send the bytes from <c>offset</c> with <c>PUT …/uploads/{id}?offset=</c>, in pieces of
/// <c>chunkSize</c> bytes (any multiple of <c>pieceMultiple</c>; only the last piece may be shorter), then complete it.
/// </summary>
public sealed record TipUpload(long Id, long Offset, long Size, bool Complete, int ChunkSize, int PieceMultiple, DateTimeOffset ExpiresAt);

/// <summary>What the whistleblower sees with their receipt code: no officer names, no internal notes.</summary>
public sealed record MyTip(
    TipStatus Status, string StatusText, DateTimeOffset SubmittedAt, string CategoryName, IReadOnlyList<TipTimelineEntry> Timeline,
    IReadOnlyList<TipMessage> Messages, IReadOnlyList<TipAttachmentInfo> Attachments);

public sealed record TipMessageRequest([property: Required, StringLength(5000, MinimumLength = 1)] string? Text);

/// <summary>A tip in the officers' list; <c>due</c>: its next deadline in working days left or days overdue.</summary>
public sealed record OfficerTipItem(
    long Id, TipStatus Status, string CategoryCode, string TargetName, DateTimeOffset SubmittedAt, DateOnly DecisionDueOn,
    DateOnly? NotifyDueOn, bool Overdue, bool RealName, int Attachments, TipDue Due);

/// <summary>
/// One tip, decrypted, for officers. The identity is revealed only by its own recorded action. <c>due</c>: the next
/// deadline in working days left or days overdue; <c>actions</c>: what may be done to it now.
/// </summary>
public sealed record OfficerTip(
    long Id, TipStatus Status, string CategoryCode, TipReport Report, bool RealName, DateTimeOffset SubmittedAt,
    DateOnly DecisionDueOn, bool Extended, DateOnly? NotifyDueOn, DateTimeOffset? NotifiedAt, bool Overdue,
    IReadOnlyList<OfficerTimelineEntry> Timeline,
    IReadOnlyList<TipMessage> Messages, IReadOnlyList<TipAttachmentInfo> Attachments, TipDue Due, TipActions Actions,
    IReadOnlyList<LinkedServiceRequest> ServiceRequests);

/// <summary>An enterprise's 维权诉求 that enterprise-services staff linked to this tip as an enforcement lead.</summary>
public sealed record LinkedServiceRequest(long Id, string EnterpriseName, string Subject, string Description, DateTimeOffset CreatedAt);

public sealed record OfficerTimelineEntry(DateTimeOffset At, string Kind, TipStatus? Status, long? StaffId, string? Note);

/// <summary>Move a tip along: submitted → accepted | rejected; accepted → investigating | transferred | closed;
/// investigating → transferred | closed.</summary>
public sealed record TipTransitionRequest(TipStatus? To, string? Note);

public sealed record TipReasonRequest(string? Reason);

/// <summary>One read or change of a tip: who (id and display name), what (<c>action</c>, a stable word) and the detail.</summary>
public sealed record TipAuditEntry(DateTimeOffset At, long StaffId, string? StaffName, string Action, string Detail);

public sealed record CalendarDayRequest(bool? IsWorkday, string? Note);
