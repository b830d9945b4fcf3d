namespace Shangmi.Api.ServiceNetwork;

/// <summary>
/// A protection base (保护基地) as the public sees it. <c>lat</c>/<c>lng</c> are GCJ-02 (what the WeChat map uses);
/// <c>distanceMetres</c> is set when the list was asked for with a position.
/// </summary>
public sealed record ServiceBase(
    long Id, string Name, string Zone, long DistrictId, string DistrictName, string Address, decimal Lat, decimal Lng, string Phone,
    string Services, string Hours, long? DistanceMetres);

/// <summary>A base as staff write it (every field): <c>phone</c> is an office number; lat/lng GCJ-02.</summary>
public sealed record ServiceBaseRequest(
    string? Name, string? Zone, long? DistrictId, string? Address, decimal? Lat, decimal? Lng, string? Phone, string? Services, string? Hours);

/// <summary>A district liaison officer (联络员): a name and an office phone, never a personal mobile.</summary>
public sealed record LiaisonOfficer(long Id, long DistrictId, string DistrictName, string Name, string OfficePhone);

public sealed record LiaisonOfficerRequest(long? DistrictId, string? Name, string? OfficePhone);

/// <summary>
/// A liaison point or demonstration enterprise on the public service network (only with its consent): name, district,
/// industry, and for a demonstration enterprise the year and its public text on its practices.
/// </summary>
public sealed record ListedEnterprise(
    long Id, string Name, string? DistrictName, string? IndustryName, bool LiaisonPoint, int? DemonstrationYear, string? DemonstrationText);

/// <summary>A verified member's choice: may the enterprise be shown on the public service network.</summary>
public sealed record PublicListingRequest(bool? Listed);

public sealed record PublicListing(bool Listed);

/// <summary>Guidance document kinds: 规范, 制度汇编, 指引, other.</summary>
public enum GuidanceKind { Standard, Compilation, Guide, Other }

/// <summary>A guidance document (指导资料): its PDF downloads at <c>downloadUrl</c>, which counts the download.</summary>
public sealed record GuidanceDocument(
    long Id, string Title, GuidanceKind Kind, string Summary, DateOnly VersionDate, long FileSize, long Downloads, string DownloadUrl);

/// <summary>
/// A document as editors write it: <c>kind</c> is standard, compilation, guide or other; <c>fileKey</c> a PDF uploaded
/// through /api/v1/admin/files (when rewriting a document, null keeps its current PDF).
/// </summary>
public sealed record GuidanceDocumentRequest(string? Title, string? Kind, string? Summary, DateOnly? VersionDate, string? FileKey);

/// <summary>A document as it is written, checked; a null <c>FileKey</c> (only when rewriting) keeps the current PDF.</summary>
public sealed record GuidanceWrite(string Title, GuidanceKind Kind, string Summary, DateOnly VersionDate, string? FileKey);
