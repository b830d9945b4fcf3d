using System.Globalization;
using System.Text.Json;
using Shangmi.Api.Common;

namespace Shangmi.Api.Surveys;

/// <summary>The report and the raw answers as spreadsheet rows: one sheet per table, hidden figures written as “不足 k 家”.</summary>
public static class ReportSheets
{
    public static string Label(SurveyMeasure measure) => measure switch
    {
        SurveyMeasure.TradeSecrets => "商业秘密数",
        SurveyMeasure.Patents => "专利数",
        SurveyMeasure.Employees => "职工数",
        SurveyMeasure.SecretStaff => "涉密人员数",
        SurveyMeasure.ConfidentialityRate => "保密协议签约率",
        SurveyMeasure.NonCompeteRate => "竞业限制协议签约率",
        SurveyMeasure.ProtectionSystem => "保护制度建立率",
        _ => "五落实三到位得分",
    };

    public static IReadOnlyList<(string Name, IEnumerable<IReadOnlyDictionary<string, object?>> Rows)> Of(SurveyReport report,
        IReadOnlyList<CrossTable> crosses)
    {
        var hidden = report.SuppressedText;
        var overview = new (string, object?)[]
        {
            ("问卷", report.Title), ("调查对象（企业数）", report.Audience), ("答卷企业数", report.Responses),
            ("回收率", report.ResponseRate), ("最小分组（家）", report.MinGroupSize),
        }.Select(p => Row(("项目", p.Item1), ("数值", p.Item2)));
        var sheets = new List<(string, IEnumerable<IReadOnlyDictionary<string, object?>>)>
        {
            ("概况", overview),
            ("全市与各区", new[] { report.City }.Concat(report.Districts).Select(g => GroupRow(g, hidden))),
            ("各行业", report.Industries.Select(g => GroupRow(g, hidden))),
            ("五落实三到位分布", report.Readiness.Suppressed
                ? [Row(("得分", hidden), ("企业数", hidden))]
                : report.Readiness.Distribution.Select((count, score) => Row(("得分", score), ("企业数", count)))),
            ("选择题", report.Choices.SelectMany(q => q.Suppressed
                ? [Row(("题目", q.Title), ("选项", hidden), ("企业数", hidden), ("占比", hidden))]
                : q.Choices.Select(c => Row(("题目", q.Title), ("选项", c.Choice), ("企业数", c.Count), ("占比", c.Share))))),
        };
        sheets.AddRange(crosses.Select(t => ($"交叉表-{Label(t.Measure)}", t.Rows.Select(r =>
            Row([("行政区", r.DistrictName), .. t.Columns.Select((c, i) => (c.IndustryName, Headline(r.Cells[i], hidden)))])))));
        return sheets;
    }

    /// <summary>
    /// One row per enterprise: who, status, then one column per question (a matrix: one per item), headed with the
    /// question's number, since titles need not be unique.
    /// </summary>
    public static IEnumerable<IReadOnlyDictionary<string, object?>> Raw(IReadOnlyList<SurveyQuestion> questions, IReadOnlyList<RawResponse> rows) =>
        rows.Select(r => Row([
            ("企业名称", r.EnterpriseName), ("统一社会信用代码", r.CreditCode), ("行政区", r.DistrictName), ("行业", r.IndustryName),
            ("状态", r.Status == ResponseStatus.Submitted ? "已提交" : "草稿"),
            ("提交时间", r.SubmittedAt is { } at ? ChinaTime.ToChina(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : null),
            .. questions.SelectMany((q, i) => Cells(q, $"{i + 1}. {q.Title}", r.Answers)),
        ]));

    private static IEnumerable<(string, object?)> Cells(SurveyQuestion q, string header, SealedAnswers answers)
    {
        var has = answers.Answers.TryGetValue(q.Key, out var value);
        if (q.Kind == QuestionKind.Matrix)
        {
            return q.Items!.Select(item => ($"{header}：{item}", (object?)(has && value.TryGetProperty(item, out var v)
                ? v.ValueKind == JsonValueKind.True ? SurveyRules.Yes : SurveyRules.No : null)));
        }

        var text = !has ? null : value.ValueKind switch
        {
            JsonValueKind.Number => (object?)value.GetDecimal(),
            _ => string.Join("、", SurveyRules.Picked(value)),
        };
        var cells = new List<(string, object?)> { (header, text) };
        if (q.AllowOther)
        {
            cells.Add(($"{header}（其他）", answers.Other.GetValueOrDefault(q.Key)));
        }

        return cells;
    }

    private static IReadOnlyDictionary<string, object?> GroupRow(GroupReport g, string hidden) =>
        Row([
            ("分组", g.Name), ("答卷企业数", g.Suppressed ? hidden : g.Respondents),
            .. g.Figures.SelectMany(f => Columns(f).Select(c => (c.Header, f.Suppressed ? hidden : c.Value))),
        ]);

    private static IEnumerable<(string Header, object? Value)> Columns(MeasureFigure f)
    {
        var label = Label(f.Measure);
        return f.Measure switch
        {
            SurveyMeasure.ConfidentialityRate or SurveyMeasure.NonCompeteRate => [($"{label}（Σ÷Σ）", f.WeightedRate), ($"{label}（企业平均）", f.MeanRate)],
            SurveyMeasure.ProtectionSystem => [(label, f.Share)],
            SurveyMeasure.Readiness => [($"{label}平均", f.Mean), ($"{label}中位数", f.Median)],
            _ => [($"{label}合计", f.Sum), ($"{label}中位数", f.Median)],
        };
    }

    /// <summary>A cross-table cell's one figure: the sum, the weighted rate, the share or the mean score.</summary>
    private static object? Headline(MeasureFigure f, string hidden) =>
        f.Suppressed ? hidden : f.Sum ?? f.WeightedRate ?? f.Share ?? f.Mean;

    /// <summary>A row; a header twice is a bug (one value would overwrite the other), so it throws.</summary>
    private static IReadOnlyDictionary<string, object?> Row(params (string Key, object? Value)[] cells)
    {
        var row = new Dictionary<string, object?>();
        foreach (var (key, value) in cells)
        {
            row.Add(key, value);
        }

        return row;
    }
}
