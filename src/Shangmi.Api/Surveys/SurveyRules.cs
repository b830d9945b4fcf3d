using System.Text.RegularExpressions;
using Shangmi.Api.Common;
using Shangmi.Api.Reference;

namespace Shangmi.Api.Surveys;

/// <summary>Checks survey definitions at the edge, with the messages staff see (answers: SurveyAnswerRules.cs).</summary>
public static partial class SurveyRules
{
    /// <summary>The extra choice of a question with <c>allowOther</c>; its text goes in <c>other</c>.</summary>
    public const string Other = "其他";

    public const string Yes = "是";
    public const string No = "否";

    /// <summary>With at most 30 options or items of 50 characters per question, the largest definition stays well under the body limit.</summary>
    public const int MaxQuestions = 100;

    /// <summary>The largest count an indicator question may take: sums over a city stay far inside the report's numbers.</summary>
    public const int MaxCount = 10_000_000;

    /// <summary>Where the clock stands against a survey: the one rule the lists, answering and the report follow.</summary>
    public static SurveyStatus StatusAt(DateTime now, bool standard, DateTime? opensAt, DateTime? closesAt, DateTime? closedAt) =>
        standard ? SurveyStatus.Standard
        : closedAt is not null || (closesAt is not null && now >= closesAt) ? SurveyStatus.Closed
        : opensAt is null || closesAt is null ? SurveyStatus.Draft
        : now < opensAt ? SurveyStatus.Scheduled
        : SurveyStatus.Open;

    public static (FieldErrors Errors, SurveySettings? Settings) CheckSettings(SurveySettingsRequest r, ReferenceVocabulary vocabulary,
        FieldErrors? errors = null)
    {
        errors ??= new FieldErrors();
        var districts = (r.DistrictIds ?? []).Distinct().ToList();
        var industries = (r.IndustryIds ?? []).Distinct().ToList();
        var tags = (r.TagIds ?? []).Distinct().ToList();
        errors.Check(r.Title.TrimToNull() is { Length: <= 100 }, "title", "请填写问卷标题（不超过 100 字）")
            .Check(r.Intro.TrimmedLength() <= 2000, "intro", "说明不超过 2000 字")
            .CheckDate("opensAt", r.OpensAt)
            .CheckDate("closesAt", r.ClosesAt)
            .Check((r.OpensAt is null) == (r.ClosesAt is null), "closesAt", "开始时间和截止时间须同时填写（都不填则为草稿）")
            .Check(r.OpensAt is null || r.ClosesAt is null || r.ClosesAt > r.OpensAt, "closesAt", "截止时间须晚于开始时间")
            .Check(r.Audience is not null, "audience", "请选择调查对象（all、liaison 或 chosen）")
            .Check(districts.All(id => vocabulary.Districts.Any(d => d.Id == id)), "districtIds", "所选行政区不存在")
            .Check(industries.All(id => vocabulary.Industries.Any(d => d.Id == id)), "industryIds", "所选行业不存在")
            .Check(tags.All(id => vocabulary.Tags.Any(d => d.Id == id)), "tagIds", "所选企业类型不存在")
            .Check(r.Audience != SurveyAudience.Chosen || districts.Count + industries.Count + tags.Count > 0, "audience",
                "选择“指定企业”时，请至少选择一个行政区、行业或企业类型")
            .Check(r.Audience == SurveyAudience.Chosen || districts.Count + industries.Count + tags.Count == 0, "audience",
                "只有“指定企业”才能选择行政区、行业或企业类型");
        if (errors.Any)
        {
            return (errors, null);
        }

        return (errors, new SurveySettings(r.Title.TrimToNull()!, r.Intro.TrimToNull() ?? "", r.OpensAt?.UtcDateTime, r.ClosesAt?.UtcDateTime,
            r.Audience!.Value, districts, industries, tags));
    }

    /// <summary>Whether new settings keep what answers already rely on: the opening time and the audience.</summary>
    public static bool KeepsAnsweredSettings(SurveyRow survey, SurveySettings settings) =>
        settings.OpensAt == survey.OpensAt && settings.Audience == survey.Audience
        && settings.DistrictIds.Order().SequenceEqual(survey.Chosen["district"].Order())
        && settings.IndustryIds.Order().SequenceEqual(survey.Chosen["industry"].Order())
        && settings.TagIds.Order().SequenceEqual(survey.Chosen["tag"].Order());

    /// <summary>The ordered questions: types and their fields, unique keys, at most one question per indicator, conditions on earlier choices.</summary>
    public static (FieldErrors Errors, IReadOnlyList<SurveyQuestion>? Questions) CheckQuestions(SurveyQuestionRequest[]? requests,
        FieldErrors? errors = null)
    {
        errors ??= new FieldErrors();
        if (requests is not { Length: > 0 and <= MaxQuestions })
        {
            return (errors.Add("questions", $"请添加 1 到 {MaxQuestions} 道题"), null);
        }

        var questions = new List<SurveyQuestion>();
        var keys = new HashSet<string>();
        for (var i = 0; i < requests.Length; i++)
        {
            if (CheckQuestion(requests[i], $"questions[{i}]", questions, errors) is { } question)
            {
                questions.Add(question);
            }

            errors.Check(requests[i]?.Key?.Trim() is not { } key || keys.Add(key), $"questions[{i}].key", "题目编号重复");
        }

        return errors.Any ? (errors, null) : (errors, questions);
    }

    private static SurveyQuestion? CheckQuestion(SurveyQuestionRequest? r, string field, List<SurveyQuestion> earlier, FieldErrors errors)
    {
        if (r is null)
        {
            errors.Add(field, "题目不能为空");
            return null;
        }

        var before = errors.Messages.Count();
        var key = r.Key?.Trim();
        var options = Clean(r.Options);
        var items = Clean(r.Items);
        var choice = r.Kind is QuestionKind.SingleChoice or QuestionKind.MultipleChoice;
        var number = r.Kind is QuestionKind.Integer or QuestionKind.Decimal;
        errors.Check(key is not null && KeyPattern().IsMatch(key), $"{field}.key", "题目编号须为字母开头的字母或数字（不超过 32 个）")
            .Check(r.Kind is not null, $"{field}.kind", "请选择题型")
            .Check(r.Title.TrimToNull() is { Length: <= 200 }, $"{field}.title", "请填写题目（不超过 200 字）")
            .Check(r.Help.TrimmedLength() <= 500, $"{field}.help", "说明不超过 500 字")
            .Check(number || (r.Min is null && r.Max is null && r.Unit.TrimToNull() is null), $"{field}.min", "只有数字题可以设置范围和单位")
            .Check(r.Min is null || r.Max is null || r.Min <= r.Max, $"{field}.max", "最大值不能小于最小值")
            .Check(r.Kind != QuestionKind.Integer || (IsWhole(r.Min) && IsWhole(r.Max)), $"{field}.min", "整数题的范围须为整数")
            .Check(r.Min is null or >= -1_000_000_000_000m and <= 1_000_000_000_000m && r.Max is null or >= -1_000_000_000_000m and <= 1_000_000_000_000m,
                $"{field}.max", "范围过大")
            .Check(r.Unit.TrimmedLength() <= 16, $"{field}.unit", "单位不超过 16 字")
            .Check(!choice || options is { Count: >= 2 and <= 30 }, $"{field}.options", "选择题须有 2 到 30 个选项")
            .Check(choice || options is null, $"{field}.options", "只有选择题可以设置选项")
            .Check(options is null || (options.Distinct().Count() == options.Count && options.All(o => o.Length is > 0 and <= 50 && o != Other)),
                $"{field}.options", $"选项不能为空或重复、不超过 50 字，也不能是“{Other}”（请用 allowOther）")
            .Check(choice || r.AllowOther != true, $"{field}.allowOther", "只有选择题可以带“其他”")
            .Check(r.Kind != QuestionKind.Matrix || items is { Count: >= 1 and <= 30 }, $"{field}.items", "矩阵题须有 1 到 30 个小项")
            .Check(r.Kind == QuestionKind.Matrix || items is null, $"{field}.items", "只有矩阵题可以设置小项")
            .Check(items is null || (items.Distinct().Count() == items.Count && items.All(o => o.Length is > 0 and <= 50)), $"{field}.items",
                "小项不能为空或重复，每项不超过 50 字")
            .Check(r.Indicator is null || IndicatorFits(r.Indicator.Value, r.Kind), $"{field}.indicator", IndicatorMessage(r.Indicator))
            .Check(r.Indicator is null || earlier.All(q => q.Indicator != r.Indicator), $"{field}.indicator", "同一指标只能由一道题提供")
            .Check(r.Kind != QuestionKind.Integer || r.Indicator is null || (r.Min >= 0 && r.Max is not null && r.Max <= MaxCount),
                $"{field}.max", $"指标题须设置范围：最小不小于 0，最大不超过 {MaxCount}");
        if (r.ShowIf is { } condition)
        {
            var source = earlier.FirstOrDefault(q => q.Key == condition.QuestionKey);
            errors.Check(source is not null && ChoicesOf(source).Contains(condition.Answer), $"{field}.showIf",
                "显示条件须引用前面的单选、多选或是非题，并选其中一个选项");
        }

        if (errors.Messages.Count() > before)
        {
            return null;
        }

        return new SurveyQuestion(key!, r.Kind!.Value, r.Title.TrimToNull()!, r.Help.TrimToNull(), r.Required ?? false, r.Min, r.Max,
            r.Unit.TrimToNull(), options, r.AllowOther ?? false, items, r.Indicator, r.ShowIf);
    }

    private static bool IsWhole(decimal? value) => value is null || value == decimal.Truncate(value.Value);

    private static List<string>? Clean(string[]? values) => values?.Select(v => v?.Trim() ?? "").ToList();

    private static bool IndicatorFits(SurveyIndicator indicator, QuestionKind? kind) => indicator switch
    {
        SurveyIndicator.ProtectionSystem => kind == QuestionKind.YesNo,
        SurveyIndicator.Readiness => kind == QuestionKind.Matrix,
        _ => kind == QuestionKind.Integer,
    };

    private static string IndicatorMessage(SurveyIndicator? indicator) => indicator switch
    {
        SurveyIndicator.ProtectionSystem => "保护制度指标须由是非题提供",
        SurveyIndicator.Readiness => "“五落实、三到位”指标须由矩阵题提供",
        _ => "人数、项数等指标须由整数题提供",
    };

    /// <summary>The answers a condition may name: a choice question's options (and 其他), or 是/否.</summary>
    private static IReadOnlyList<string> ChoicesOf(SurveyQuestion question) => question.Kind switch
    {
        QuestionKind.SingleChoice or QuestionKind.MultipleChoice => [.. question.Options!, .. question.AllowOther ? [Other] : Array.Empty<string>()],
        QuestionKind.YesNo => [Yes, No],
        _ => [],
    };

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,31}$")]
    private static partial Regex KeyPattern();
}
