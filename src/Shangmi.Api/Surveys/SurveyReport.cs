namespace Shangmi.Api.Surveys;

/// <summary>
/// What the report shows per group: counts (trade secrets, patents, employees, staff with access to secrets) as sum
/// and median; the two agreement rates as Σ÷Σ (weighted) and the mean of the enterprises' rates; the protection
/// system as the share of yes; readiness (0–8) as mean and median.
/// </summary>
public enum SurveyMeasure { TradeSecrets, Patents, Employees, SecretStaff, ConfidentialityRate, NonCompeteRate, ProtectionSystem, Readiness }

/// <summary>One submitted response as the report reads it: its groups and indicator numbers, nothing else.</summary>
public sealed record ReportRow
{
    public long? DistrictId { get; init; }
    public long? IndustryId { get; init; }
    public int? Employees { get; init; }
    public int? SecretStaff { get; init; }
    public int? TradeSecrets { get; init; }
    public int? Patents { get; init; }
    public int? ConfidentialitySigned { get; init; }
    public int? NonCompeteSigned { get; init; }
    public bool? ProtectionSystem { get; init; }
    public int? Readiness { get; init; }
}

/// <summary>
/// One measure in one group. <c>suppressed</c>: fewer respondents than the minimum group size (or hidden so that a
/// hidden group cannot be worked out by subtraction): no figure, not even the count. Fields that do not apply to the
/// measure are null.
/// </summary>
public sealed record MeasureFigure(
    SurveyMeasure Measure, bool Suppressed, int? Respondents, decimal? Sum, decimal? Median, decimal? WeightedRate, decimal? MeanRate,
    decimal? Share, decimal? Mean);

/// <summary>A district, an industry section or the city. <c>id</c> null: the city, or enterprises that gave no district/industry.</summary>
public sealed record GroupReport(long? Id, string Name, bool Suppressed, int? Respondents, IReadOnlyList<MeasureFigure> Figures);

public sealed record ChoiceCount(string Choice, int Count, decimal Share);

/// <summary>A choice question's answers, city-wide: how many answered it, and per choice the count and share of them.</summary>
public sealed record ChoiceReport(string QuestionKey, string Title, bool Suppressed, int? Answered, IReadOnlyList<ChoiceCount> Choices);

/// <summary>How many enterprises have each readiness score (0 to the number of items, 8 for the standard survey).</summary>
public sealed record ReadinessReport(bool Suppressed, int? Respondents, IReadOnlyList<int> Distribution);

/// <summary>
/// The analysis report of a closed survey. <c>audience</c>: enterprises in the audience when the survey closed (by
/// staff; for one that ran out its time, at the first report read after); <c>responseRate</c> = responses ÷ audience.
/// <c>readiness</c> is empty when the survey has no readiness question.
/// </summary>
public sealed record SurveyReport(
    long SurveyId, string Title, SurveyStatus Status, int MinGroupSize, string SuppressedText, int Responses, int Audience,
    decimal? ResponseRate, GroupReport City, IReadOnlyList<GroupReport> Districts, IReadOnlyList<GroupReport> Industries,
    ReadinessReport Readiness, IReadOnlyList<ChoiceReport> Choices);

/// <summary>A row of the district × industry table: the district and one figure per industry column.</summary>
public sealed record CrossRow(long? DistrictId, string DistrictName, IReadOnlyList<MeasureFigure> Cells);

public sealed record CrossColumn(long? IndustryId, string IndustryName);

/// <summary>District × industry section for one measure, with the same suppression as the report.</summary>
public sealed record CrossTable(long SurveyId, SurveyMeasure Measure, int MinGroupSize, IReadOnlyList<CrossColumn> Columns, IReadOnlyList<CrossRow> Rows);

/// <summary>A named group of the report (a district, an industry section; id null for “not given”).</summary>
public sealed record ReportGroup(long? Id, string Name);
