using Shangmi.Api.Surveys;

namespace Shangmi.Api.Tests.Surveys;

/// <summary>The report's arithmetic and its small-cell suppression, on hand-computed examples and random tables.</summary>
public class ReportMathTests
{
    private static readonly ReportGroup North = new(1, "北区"), South = new(2, "南区"), East = new(3, "东区");
    private static readonly ReportGroup Making = new(10, "C 制造业"), Software = new(20, "I 信息");

    private static ReportRow Row(long district, long industry, int employees, int signed, int secretStaff = 1, int nonCompete = 0,
        int tradeSecrets = 0, bool system = false, int readiness = 0) => new()
    {
        DistrictId = district, IndustryId = industry, Employees = employees, ConfidentialitySigned = signed, SecretStaff = secretStaff,
        NonCompeteSigned = nonCompete, TradeSecrets = tradeSecrets, Patents = 0, ProtectionSystem = system, Readiness = readiness,
    };

    [Fact]
    public void Weighted_and_mean_rates_differ_as_computed_by_hand()
    {
        // Signed ÷ employees: 10/10, 10/100, 0/90. Weighted: 20 ÷ 200 = 0.1. Mean of rates: (1 + 0.1 + 0) ÷ 3 = 0.3667.
        // Non-compete ÷ secret staff: 1/2, 3/6, 0/2. Weighted 4 ÷ 10 = 0.4; mean (0.5 + 0.5 + 0) ÷ 3 = 0.3333.
        var rows = new[]
        {
            Row(1, 10, 10, 10, secretStaff: 2, nonCompete: 1, tradeSecrets: 4, system: true, readiness: 8),
            Row(1, 10, 100, 10, secretStaff: 6, nonCompete: 3, tradeSecrets: 10, system: true, readiness: 3),
            Row(1, 10, 90, 0, secretStaff: 2, nonCompete: 0, tradeSecrets: 1, system: false, readiness: 0),
        };

        var (city, districts, _) = ReportMath.Groups(rows, [North], [Making], 3);

        var confidentiality = ReportMath.FigureOf(city, SurveyMeasure.ConfidentialityRate);
        Assert.Equal(0.1m, confidentiality.WeightedRate);
        Assert.Equal(0.3667m, confidentiality.MeanRate);
        Assert.Equal(3, confidentiality.Respondents);
        var nonCompete = ReportMath.FigureOf(city, SurveyMeasure.NonCompeteRate);
        Assert.Equal((0.4m, 0.3333m, 3), (nonCompete.WeightedRate, nonCompete.MeanRate, nonCompete.Respondents));
        var secrets = ReportMath.FigureOf(city, SurveyMeasure.TradeSecrets);
        Assert.Equal((15m, 4m), (secrets.Sum, secrets.Median));
        Assert.Equal(0.6667m, ReportMath.FigureOf(city, SurveyMeasure.ProtectionSystem).Share);
        var readiness = ReportMath.FigureOf(city, SurveyMeasure.Readiness);
        Assert.Equal((3.6667m, 3m), (readiness.Mean, readiness.Median));
        Assert.Equal(city.Figures, districts.Single().Figures);
    }

    [Fact]
    public void A_rate_without_a_denominator_is_left_out_and_fewer_than_k_rates_are_hidden()
    {
        // 0 ÷ 0 is no rate: only two enterprises give a non-compete rate, so the city shows none.
        var rows = new[] { Row(1, 10, 10, 5, secretStaff: 2, nonCompete: 1), Row(1, 10, 10, 5, secretStaff: 4, nonCompete: 4),
            Row(1, 10, 10, 5, secretStaff: 0, nonCompete: 0) };

        var (city, _, _) = ReportMath.Groups(rows, [North], [Making], 3);

        Assert.True(ReportMath.FigureOf(city, SurveyMeasure.NonCompeteRate).Suppressed);
        Assert.Equal(0.5m, ReportMath.FigureOf(city, SurveyMeasure.ConfidentialityRate).WeightedRate);
    }

    [Fact]
    public void The_median_of_an_even_count_is_the_mean_of_the_middle_two() =>
        Assert.Equal(5.5m, ReportMath.Median([10, 1, 5, 6]));

    [Fact]
    public void A_group_of_exactly_two_is_hidden_and_exactly_three_is_shown()
    {
        var rows = new[] { Row(1, 10, 10, 1), Row(1, 10, 10, 2), Row(2, 10, 10, 3), Row(2, 10, 10, 4), Row(2, 10, 10, 5), Row(3, 10, 10, 6),
            Row(3, 10, 10, 7), Row(3, 10, 10, 8) };

        var (_, districts, _) = ReportMath.Groups(rows, [North, South, East], [Making], 3);

        Assert.True(districts[0].Suppressed);
        Assert.Null(districts[0].Respondents);
        Assert.All(districts[0].Figures, f => Assert.True(f.Suppressed && f.Sum is null && f.WeightedRate is null && f.Respondents is null));
        Assert.False(districts[1].Suppressed);
        Assert.Equal(3, districts[1].Respondents);
        // North (2) alone would be city − South − East: the smallest other group (South, 3) is hidden with it.
        Assert.True(ReportMath.FigureOf(districts[1], SurveyMeasure.Employees).Suppressed);
        Assert.False(ReportMath.FigureOf(districts[2], SurveyMeasure.Employees).Suppressed);
    }

    [Fact]
    public void A_lone_small_group_gets_a_partner_so_subtraction_yields_at_least_k_enterprises()
    {
        var hidden = SmallCells.Partition(new Dictionary<string, int> { ["a"] = 1, ["b"] = 5, ["c"] = 3, ["d"] = 0 }, false, 3);
        Assert.Equal(["a", "c"], hidden.Order());

        Assert.Empty(SmallCells.Partition(new Dictionary<string, int> { ["a"] = 3, ["b"] = 0 }, false, 3));
        Assert.Equal(["a", "b"], SmallCells.Partition(new Dictionary<string, int> { ["a"] = 1, ["b"] = 1, ["c"] = 0 }, true, 3).Order());
    }

    /// <summary>
    /// Whatever the counts, along every published total (the city over districts and over industries, each shown
    /// district over its row, each shown industry over its column) the hidden groups hold no enterprise or at least k:
    /// subtracting the shown groups from a total never isolates fewer than k enterprises.
    /// </summary>
    [Fact]
    public void No_published_total_minus_its_shown_groups_isolates_fewer_than_k_enterprises()
    {
        var random = new Random(16);
        for (var round = 0; round < 300; round++)
        {
            var k = random.Next(2, 5);
            var districts = Enumerable.Range(1, random.Next(1, 6)).Select(i => new ReportGroup(i, $"d{i}")).ToList();
            var industries = Enumerable.Range(1, random.Next(1, 6)).Select(i => new ReportGroup(100 + i, $"i{i}")).ToList();
            var rows = new List<ReportRow>();
            foreach (var d in districts)
            {
                foreach (var i in industries)
                {
                    var n = random.Next(0, 5) switch { 0 => 0, 1 => 1, 2 => 2, _ => random.Next(0, 7) };
                    rows.AddRange(Enumerable.Range(0, n).Select(_ => Row(d.Id!.Value, i.Id!.Value, random.Next(1, 50), 0, tradeSecrets: random.Next(0, 9))));
                }
            }

            var (city, byDistrict, byIndustry) = ReportMath.Groups(rows, districts, industries, k);
            var table = ReportMath.Cross(1, SurveyMeasure.TradeSecrets, rows, districts, industries, k);
            int Count(long? d, long? i) => rows.Count(r => (d is null || r.DistrictId == d) && (i is null || r.IndustryId == i));
            void AssertSafe(bool totalShown, IEnumerable<(bool Hidden, int Count)> parts, string what)
            {
                if (totalShown)
                {
                    var isolated = parts.Where(p => p.Hidden).Sum(p => p.Count);
                    Assert.True(isolated == 0 || isolated >= k, $"round {round}, k {k}: {what} isolates {isolated}");
                }
            }

            var cityShown = !ReportMath.FigureOf(city, SurveyMeasure.TradeSecrets).Suppressed;
            AssertSafe(cityShown, byDistrict.Select(g => (ReportMath.FigureOf(g, SurveyMeasure.TradeSecrets).Suppressed, Count(g.Id, null))), "districts");
            AssertSafe(cityShown, byIndustry.Select(g => (ReportMath.FigureOf(g, SurveyMeasure.TradeSecrets).Suppressed, Count(null, g.Id))), "industries");
            for (var r = 0; r < districts.Count; r++)
            {
                AssertSafe(!ReportMath.FigureOf(byDistrict[r], SurveyMeasure.TradeSecrets).Suppressed,
                    table.Rows[r].Cells.Select((c, i) => (c.Suppressed, Count(districts[r].Id, industries[i].Id))), $"row {r}");
            }

            for (var c = 0; c < industries.Count; c++)
            {
                AssertSafe(!ReportMath.FigureOf(byIndustry[c], SurveyMeasure.TradeSecrets).Suppressed,
                    table.Rows.Select((row, r) => (row.Cells[c].Suppressed, Count(districts[r].Id, industries[c].Id))), $"column {c}");
            }

            // And no shown figure rests on fewer than k enterprises.
            Assert.All(table.Rows.SelectMany(row => row.Cells).Where(cell => !cell.Suppressed), cell => Assert.True(cell.Respondents is 0 || cell.Respondents >= k));
        }
    }
}
