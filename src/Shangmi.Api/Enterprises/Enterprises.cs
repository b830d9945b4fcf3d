using Shangmi.Api.Reference;

namespace Shangmi.Api.Enterprises;

/// <summary>
/// unverified: created by a claim nobody has verified yet; verified: a claim was verified, or staff imported it;
/// reverify: a member changed the name or credit code, and the change waits for staff (the verified name stays in use).
/// </summary>
public enum EnterpriseStatus { Unverified, Verified, Reverify }

/// <summary>pending: waiting for staff; verified: a member; rejected (with a reason); left; revoked by staff (with a reason).</summary>
public enum ClaimStatus { Pending, Verified, Rejected, Left, Revoked }

/// <summary>enterprise: the first claim of a code nobody has verified; member: joining an enterprise already verified.</summary>
public enum ClaimKind { Enterprise, Member }

/// <summary>The designations staff give: liaison point (联络点) and demonstration enterprise (示范企业).</summary>
public enum Designation { LiaisonPoint, Demonstration }

/// <summary>A liaison point (联络点): since when, and its liaison officer (a staff member; null when not yet named).</summary>
public sealed record LiaisonPoint(DateOnly Since, long? LiaisonStaffId, string? LiaisonStaffName);

/// <summary>A demonstration enterprise (示范企业): the year it was recognised and a short public text on its practices.</summary>
public sealed record Demonstration(int Year, string Text);

/// <summary>
/// An enterprise's profile. <c>pendingName</c>/<c>pendingCreditCode</c>: a change a member asked for, waiting for
/// staff (status reverify); <c>changeReason</c>: why staff last refused one; <c>publicListing</c>: the members agreed that,
/// as a liaison point or demonstration enterprise, it is shown on the public service network.
/// </summary>
public sealed record EnterpriseProfile(
    long Id, string CreditCode, string Name, EnterpriseStatus Status, long? DistrictId, string? DistrictName, long? IndustryId,
    string? IndustryName, long? SizeBandId, string? SizeBandName, IReadOnlyList<ReferenceItem> Tags, string Address, int? Employees,
    string? PendingName, string? PendingCreditCode, string? ChangeReason, LiaisonPoint? LiaisonPoint, Demonstration? Demonstration,
    bool PublicListing);

/// <summary>My claim as I see it: its status and, when refused or revoked, the reason.</summary>
public sealed record MyClaim(
    long Id, ClaimKind Kind, ClaimStatus Status, string CreditCode, string Name, bool HasProof, string? Reason,
    DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt);

/// <summary>
/// The signed-in user's membership: <c>claim</c> is the latest claim (null: never claimed); <c>enterprise</c> is the
/// profile once the claim is verified (null otherwise). Verified members may edit the profile.
/// </summary>
public sealed record MyEnterprise(MyClaim? Claim, EnterpriseProfile? Enterprise);

/// <summary>
/// A member's edit of the profile (every field, as on the form; a missing one is a 400). A changed name or credit code
/// goes back to staff for verification; the district, once set, is not the member's to move (409); the other fields
/// change at once and are recorded (who, when, old → new).
/// </summary>
public sealed record EnterpriseProfileRequest(
    string? Name, string? CreditCode, long? DistrictId, long? IndustryId, long? SizeBandId, long[]? TagIds, string? Address,
    int? Employees);

/// <summary>A claim as staff see it: the mobile is masked; the contact name shows only in an enterprise's detail.</summary>
public sealed record StaffClaim(
    long Id, long? EnterpriseId, ClaimKind Kind, ClaimStatus Status, string CreditCode, string ClaimedName, string? DistrictName,
    string? ContactName, string MobileMasked, bool HasProof, string? Reason, DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt);

/// <summary>An enterprise in the staff list.</summary>
public sealed record StaffEnterpriseSummary(
    long Id, string CreditCode, string Name, EnterpriseStatus Status, string? DistrictName, string? IndustryName, string? SizeBandName,
    bool LiaisonPoint, int? DemonstrationYear, int Members, int PendingClaims, DateTimeOffset UpdatedAt);

/// <summary>
/// One line of an enterprise's history: a member's change (field, old → new), a staff decision or a staff read;
/// <c>staffName</c> is the acting staff member's display name.
/// </summary>
public sealed record EnterpriseLogEntry(
    DateTimeOffset At, string Action, string? Field, string? OldValue, string? NewValue, long? UserId, long? StaffId, string? StaffName,
    long? ClaimId);

/// <summary>An enterprise with its claims and members (mobiles masked) and its history, for staff.</summary>
public sealed record StaffEnterpriseDetail(
    EnterpriseProfile Profile, IReadOnlyList<StaffClaim> Claims, IReadOnlyList<EnterpriseLogEntry> History);

/// <summary>A claim's contact, in full: reading it is recorded in the enterprise's history.</summary>
public sealed record ClaimContact(string ContactName, string Mobile, string Position);

/// <summary>Why staff refuse a claim or a change, or revoke a member; the members see it.</summary>
public sealed record ReasonRequest(string? Reason);

/// <summary>
/// A service account who may act for enterprises of a district (<see cref="Identity.Staff.ServiceAccounts"/>): an
/// enterprise's liaison officer, a service request's assignee; <c>districtName</c> null: city-wide.
/// </summary>
public sealed record LiaisonCandidate(long Id, string DisplayName, string? DistrictName);

/// <summary>Make an enterprise a liaison point, from <c>since</c>, with a staff member as its liaison officer.</summary>
public sealed record LiaisonPointRequest(DateOnly? Since, long? LiaisonStaffId);

/// <summary>Recognise a demonstration enterprise: the year and a short public text (≤ 500 characters).</summary>
public sealed record DemonstrationRequest(int? Year, string? Text);

/// <summary>A demonstration enterprise on the public list.</summary>
public sealed record PublicDemonstration(long Id, string Name, string? DistrictName, int Year, string Text);

/// <summary>The enterprise a verified member acts for: what their registrations carry.</summary>
public sealed record ActingEnterprise(long Id, string Name, string CreditCode);
