namespace Shangmi.Api.Experts;

/// <summary>An expertise field (专业领域) from the controlled list.</summary>
public sealed record ExpertFieldRef(long Id, string Name);

/// <summary>A field with the number of public experts in it.</summary>
public sealed record ExpertFieldCount(long Id, string Name, int SortOrder, long ExpertCount);

/// <summary>A district (from the reference list) with the number of public experts in it.</summary>
public sealed record ExpertRegionCount(long Id, string Name, int SortOrder, long ExpertCount);

/// <summary>The controlled lists an expert is checked against: field name → id, and the district names.</summary>
public sealed record ExpertVocabulary(IReadOnlyDictionary<string, long> Fields, IReadOnlySet<string> Districts);

/// <summary>An expert in the public directory. Phone, e-mail and notes are never part of it.</summary>
public sealed record ExpertSummary(
    long Id, string Name, string Title, string Organization, string Position, string Region,
    IReadOnlyList<ExpertFieldRef> Fields, string? PhotoUrl);

/// <summary>One expert's public profile.</summary>
public sealed record ExpertProfile(
    long Id, string Name, string Title, string Organization, string Position, string Region,
    IReadOnlyList<ExpertFieldRef> Fields, string? PhotoUrl, string Bio, string Achievements);

/// <summary>
/// An expert as editors see it, private contact fields included. <c>fields</c> are names, as <see cref="ExpertRequest"/>
/// takes them, so GET, edit, PUT round-trips.
/// </summary>
public sealed record AdminExpert(
    long Id, string Name, string Title, string Organization, string Position, string Region,
    IReadOnlyList<string> Fields, string? PhotoUrl, string Bio, string Achievements, bool IsPublic,
    int SortOrder, string? Phone, string? Email, string? Notes, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// Create or edit an expert. <c>fields</c> are names from the controlled list; <c>region</c> is a district name from
/// <c>GET /api/v1/expert-regions</c>, or empty.
/// </summary>
public sealed record ExpertRequest(
    string? Name, string? Title, string? Organization, string? Position, string[]? Fields, string? Region, string? Bio,
    string? Achievements, string? PhotoUrl, bool? IsPublic, int? SortOrder, string? Phone, string? Email, string? Notes);

/// <summary>Create or rename a field.</summary>
public sealed record ExpertFieldRequest(string? Name, int? SortOrder);

/// <summary>One problem in an imported spreadsheet: its row as Excel numbers it, the column header, the message.</summary>
public sealed record ImportRowError(int Row, string Column, string Message);

/// <summary>What an import did.</summary>
public sealed record ImportReport(bool Imported, int Created, int Updated, IReadOnlyList<ImportRowError> Errors);
