namespace Shangmi.Api.Surveys;

/// <summary>
/// Builds the report's figures from the submitted rows in one pass per table (the rows come from one query), and
/// hides small groups with <see cref="SmallCells"/>.
/// </summary>
public static class ReportMath
{
    private enum Kind { Count, Rate, Share, Score }

    /// <summary>What one response contributes to a measure (numerator, denominator), or null when it does not count.</summary>
    private static (Kind Kind, Func<ReportRow, (decimal Num, decimal Den)?> Of) Definition(SurveyMeasure measure) => measure switch
    {
        SurveyMeasure.TradeSecrets => (Kind.Count, r => One(r.TradeSecrets)),
        SurveyMeasure.Patents => (Kind.Count, r => One(r.Patents)),
        SurveyMeasure.Employees => (Kind.Count, r => One(r.Employees)),
        SurveyMeasure.SecretStaff => (Kind.Count, r => One(r.SecretStaff)),
        // A rate counts only enterprises with a denominator above zero: 0 ÷ 0 is no rate at all.
        SurveyMeasure.ConfidentialityRate => (Kind.Rate, r => Ratio(r.ConfidentialitySigned, r.Employees)),
        SurveyMeasure.NonCompeteRate => (Kind.Rate, r => Ratio(r.NonCompeteSigned, r.SecretStaff)),
        SurveyMeasure.ProtectionSystem => (Kind.Share, r => r.ProtectionSystem is { } yes ? (yes ? 1 : 0, 1) : null),
        SurveyMeasure.Readiness => (Kind.Score, r => One(r.Readiness)),
        _ => throw new ArgumentOutOfRangeException(nameof(measure)),
    };

    private static (decimal, decimal)? One(int? value) => value is { } v ? (v, 1) : null;

    private static (decimal, decimal)? Ratio(int? num, int? den) => num is { } n && den is > 0 ? (n, den.Value) : null;

    public static readonly IReadOnlyList<SurveyMeasure> Measures = Enum.GetValues<SurveyMeasure>();

    /// <summary>The city, each district and each industry section, every measure suppressed as <see cref="SmallCells"/> says.</summary>
    public static (GroupReport City, IReadOnlyList<GroupReport> Districts, IReadOnlyList<GroupReport> Industries) Groups(
        IReadOnlyList<ReportRow> rows, IReadOnlyList<ReportGroup> districts, IReadOnlyList<ReportGroup> industries, int k)
    {
        var byDistrict = rows.ToLookup(r => r.DistrictId);
        var byIndustry = rows.ToLookup(r => r.IndustryId);
        var districtFigures = districts.ToDictionary(g => g.Id ?? 0, _ => new List<MeasureFigure>());
        var industryFigures = industries.ToDictionary(g => g.Id ?? 0, _ => new List<MeasureFigure>());
        var city = new List<MeasureFigure>();
        foreach (var measure in Measures)
        {
            var cityFigure = Figure(measure, rows, hidden: rows.Count(r => Definition(measure).Of(r) is not null) is > 0 and var n && n < k);
            city.Add(cityFigure);
            Fill(measure, districts, byDistrict, cityFigure.Suppressed, k, districtFigures);
            Fill(measure, industries, byIndustry, cityFigure.Suppressed, k, industryFigures);
        }

        return (new GroupReport(null, "全市", rows.Count is > 0 and var total && total < k, rows.Count < k && rows.Count > 0 ? null : rows.Count, city),
            districts.Select(g => Group(g, byDistrict[g.Id], districtFigures[g.Id ?? 0], k)).ToList(),
            industries.Select(g => Group(g, byIndustry[g.Id], industryFigures[g.Id ?? 0], k)).ToList());
    }

    /// <summary>The district × industry table of one measure.</summary>
    public static CrossTable Cross(long surveyId, SurveyMeasure measure, IReadOnlyList<ReportRow> rows, IReadOnlyList<ReportGroup> districts,
        IReadOnlyList<ReportGroup> industries, int k)
    {
        var (_, districtGroups, industryGroups) = Groups(rows, districts, industries, k);
        var of = Definition(measure).Of;
        var cells = rows.ToLookup(r => (r.DistrictId, r.IndustryId));
        var counts = districts.SelectMany(d => industries.Select(i => ((d.Id, i.Id), cells[(d.Id, i.Id)].Count(r => of(r) is not null))))
            .ToDictionary(c => c.Item1, c => c.Item2);
        var hiddenRows = districtGroups.Where(g => FigureOf(g, measure).Suppressed).Select(g => g.Id).ToHashSet();
        var hiddenColumns = industryGroups.Where(g => FigureOf(g, measure).Suppressed).Select(g => g.Id).ToHashSet();
        var hidden = SmallCells.Cross(counts, districts.Select(d => d.Id).ToList(), industries.Select(i => i.Id).ToList(), hiddenRows,
            hiddenColumns, k);
        return new CrossTable(surveyId, measure, k, industries.Select(i => new CrossColumn(i.Id, i.Name)).ToList(),
            districts.Select(d => new CrossRow(d.Id, d.Name,
                industries.Select(i => Figure(measure, cells[(d.Id, i.Id)], hidden.Contains((d.Id, i.Id)))).ToList())).ToList());
    }

    public static MeasureFigure FigureOf(GroupReport group, SurveyMeasure measure) => group.Figures.First(f => f.Measure == measure);

    private static void Fill(SurveyMeasure measure, IReadOnlyList<ReportGroup> groups, ILookup<long?, ReportRow> rows, bool parentHidden, int k,
        Dictionary<long, List<MeasureFigure>> figures)
    {
        var of = Definition(measure).Of;
        // Group ids are positive; 0 stands for “not given” (a dictionary key cannot be null).
        var counts = groups.ToDictionary(g => g.Id ?? 0, g => rows[g.Id].Count(r => of(r) is not null));
        var hidden = SmallCells.Partition(counts, parentHidden, k);
        foreach (var g in groups)
        {
            figures[g.Id ?? 0].Add(Figure(measure, rows[g.Id], hidden.Contains(g.Id ?? 0)));
        }
    }

    private static GroupReport Group(ReportGroup group, IEnumerable<ReportRow> rows, IReadOnlyList<MeasureFigure> figures, int k)
    {
        var n = rows.Count();
        var hidden = n > 0 && n < k;
        return new GroupReport(group.Id, group.Name, hidden, hidden ? null : n, figures);
    }

    /// <summary>The figures of one measure over some rows, or only the flag when hidden.</summary>
    private static MeasureFigure Figure(SurveyMeasure measure, IEnumerable<ReportRow> rows, bool hidden)
    {
        if (hidden)
        {
            return new MeasureFigure(measure, true, null, null, null, null, null, null, null);
        }

        var (kind, of) = Definition(measure);
        var values = rows.Select(of).OfType<(decimal Num, decimal Den)>().ToList();
        if (values.Count == 0)
        {
            return new MeasureFigure(measure, false, 0, null, null, null, null, null, null);
        }

        var sum = values.Sum(v => v.Num);
        var mean = Math.Round(sum / values.Count, 4);
        return kind switch
        {
            Kind.Count => new MeasureFigure(measure, false, values.Count, sum, Median(values.Select(v => v.Num)), null, null, null, null),
            Kind.Rate => new MeasureFigure(measure, false, values.Count, null, null, Math.Round(sum / values.Sum(v => v.Den), 4),
                Math.Round(values.Average(v => v.Num / v.Den), 4), null, null),
            Kind.Share => new MeasureFigure(measure, false, values.Count, null, null, null, null, mean, null),
            _ => new MeasureFigure(measure, false, values.Count, null, Median(values.Select(v => v.Num)), null, null, null, mean),
        };
    }

    public static decimal Median(IEnumerable<decimal> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

/// <summary>
/// Small-cell suppression. A group with 1 to k−1 contributors (k = <c>Surveys:MinGroupSize</c>) shows no figure.
/// That alone is not enough: the report also shows the total the groups add up to (the city, a district's row of the
/// cross table, an industry's column), so total − the shown groups = the hidden groups' sum, and a lone hidden group
/// would be read by subtraction. Complementary suppression closes that: in every published total, the hidden groups
/// together must have no contributors or at least k; while they have fewer, the smallest shown group with
/// contributors is hidden too. What subtraction then yields is a sum over at least k enterprises, as safe as a shown
/// group of k. Sums, rate numerators and denominators, yes-counts and score sums are all additive, so one rule covers
/// every measure, decided per measure on that measure's contributors. In the cross table the rows (districts) and
/// columns (industries) are both published totals; rows and columns are passed over until nothing changes, and a
/// row or column whose total is hidden is hidden whole. This protects every single subtraction along a published
/// total; combining many equations at once (a linear-programming attack) is not audited here. Two more limits, by
/// design: figures appear only once a survey has closed (see <c>SurveyReportApi</c>), since reports read a
/// submission apart would differ by one enterprise; and the threshold protects numbers, not unanimity: when every
/// enterprise of a shown group gives the same answer (a share of 1, a one-bar histogram, the median of exactly k),
/// that answer is known to be each one's.
/// </summary>
public static class SmallCells
{
    /// <summary>The hidden groups of one partition of a total; everything with contributors when the total itself is hidden.</summary>
    public static HashSet<T> Partition<T>(IReadOnlyDictionary<T, int> counts, bool totalHidden, int k)
    {
        var hidden = counts.Where(c => c.Value > 0 && (totalHidden || c.Value < k)).Select(c => c.Key).ToHashSet();
        if (!totalHidden)
        {
            Complete(counts, hidden, k);
        }

        return hidden;
    }

    /// <summary>The hidden cells of a table whose row and column totals are published (unless hidden themselves).</summary>
    public static HashSet<(TRow, TColumn)> Cross<TRow, TColumn>(IReadOnlyDictionary<(TRow, TColumn), int> counts, IReadOnlyList<TRow> rows,
        IReadOnlyList<TColumn> columns, IReadOnlySet<TRow> hiddenRows, IReadOnlySet<TColumn> hiddenColumns, int k)
    {
        var hidden = counts.Where(c => c.Value > 0 && (c.Value < k || hiddenRows.Contains(c.Key.Item1) || hiddenColumns.Contains(c.Key.Item2)))
            .Select(c => c.Key).ToHashSet();
        bool changed;
        do
        {
            changed = false;
            foreach (var row in rows.Where(r => !hiddenRows.Contains(r)))
            {
                changed |= Complete(columns.ToDictionary(c => (row, c), c => counts[(row, c)]), hidden, k);
            }

            foreach (var column in columns.Where(c => !hiddenColumns.Contains(c)))
            {
                changed |= Complete(rows.ToDictionary(r => (r, column), r => counts[(r, column)]), hidden, k);
            }
        }
        while (changed);

        return hidden;
    }

    /// <summary>Hides the smallest shown groups until the hidden ones of this total hold none or at least k contributors.</summary>
    private static bool Complete<T>(IReadOnlyDictionary<T, int> counts, HashSet<T> hidden, int k)
    {
        var changed = false;
        while (counts.Where(c => hidden.Contains(c.Key)).Sum(c => c.Value) is > 0 and var sum && sum < k)
        {
            var next = counts.Where(c => c.Value > 0 && !hidden.Contains(c.Key)).OrderBy(c => c.Value).Select(c => c.Key).ToList();
            if (next.Count == 0)
            {
                break;
            }

            hidden.Add(next[0]);
            changed = true;
        }

        return changed;
    }
}
