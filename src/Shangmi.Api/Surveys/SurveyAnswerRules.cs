using System.Globalization;
using System.Text.Json;
using Shangmi.Api.Common;

namespace Shangmi.Api.Surveys;

/// <summary>Checks an enterprise's answers against the questions, with the messages members see; what a response feeds the report.</summary>
public static partial class SurveyRules
{
    /// <summary>
    /// Which questions are shown for these answers: a question with a condition is shown when its source question is
    /// shown and has the given answer. Conditions only look back, so one pass in order decides them all.
    /// </summary>
    public static HashSet<string> Visible(IReadOnlyList<SurveyQuestion> questions, IReadOnlyDictionary<string, JsonElement> answers)
    {
        var visible = new HashSet<string>();
        foreach (var q in questions)
        {
            if (q.ShowIf is not { } condition
                || (visible.Contains(condition.QuestionKey) && answers.TryGetValue(condition.QuestionKey, out var value)
                    && Picked(value).Contains(condition.Answer)))
            {
                visible.Add(q.Key);
            }
        }

        return visible;
    }

    /// <summary>The choices an answer holds: a choice, a list of choices, 是/否, or a rating as text.</summary>
    public static IReadOnlyList<string> Picked(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => [value.GetString()!],
        JsonValueKind.Array => value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList(),
        JsonValueKind.True => [Yes],
        JsonValueKind.False => [No],
        JsonValueKind.Number => [value.GetRawText()],
        _ => [],
    };

    /// <summary>The choices of a submitted response that the report counts: single, multiple, yes/no and rating answers.</summary>
    public static IEnumerable<(string Key, string Choice)> Choices(IReadOnlyList<SurveyQuestion> questions,
        IReadOnlyDictionary<string, JsonElement> answers) =>
        questions.Where(q => q.Kind is QuestionKind.SingleChoice or QuestionKind.MultipleChoice or QuestionKind.YesNo or QuestionKind.Rating)
            .SelectMany(q => answers.TryGetValue(q.Key, out var value) ? Picked(value).Select(choice => (q.Key, choice)) : []);

    /// <summary>
    /// Checks a draft (<paramref name="final"/> false: what is there must be valid) or a submission (also every
    /// required shown question answered, and the cross-field rules). Field errors are <c>answers.key</c>.
    /// Returns the answers without nulls.
    /// </summary>
    public static (FieldErrors Errors, Dictionary<string, JsonElement> Answers, Dictionary<string, string> Other) CheckAnswers(
        IReadOnlyList<SurveyQuestion> questions, SurveyAnswersRequest request, bool final)
    {
        var errors = new FieldErrors();
        var answers = (request.Answers ?? []).Where(a => a.Value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
            .ToDictionary(a => a.Key, a => a.Value.Clone());
        var other = (request.Other ?? []).Where(o => o.Value.TrimToNull() is not null).ToDictionary(o => o.Key, o => o.Value.Trim());
        var byKey = questions.ToDictionary(q => q.Key);
        var visible = Visible(questions, answers);
        foreach (var key in answers.Keys.Where(k => !byKey.ContainsKey(k)))
        {
            errors.Add($"answers.{key}", "问卷中没有这道题");
        }

        foreach (var q in questions)
        {
            var field = $"answers.{q.Key}";
            if (!answers.TryGetValue(q.Key, out var value))
            {
                errors.Check(!final || !q.Required || !visible.Contains(q.Key), field, $"请回答：{q.Title}");
                continue;
            }

            if (!visible.Contains(q.Key))
            {
                errors.Add(field, $"“{q.Title}”按前面的回答不需要填写，请不要作答");
                continue;
            }

            if (CheckValue(q, value, final) is { } message)
            {
                errors.Add(field, message);
            }
            else if (q.Kind == QuestionKind.Integer)
            {
                // 5e3 and 100.0 are whole numbers too: stored as 5000 and 100, so the report reads what was checked.
                answers[q.Key] = JsonSerializer.SerializeToElement(decimal.Truncate(value.GetDecimal()));
            }
        }

        foreach (var (key, text) in other)
        {
            var ok = byKey.TryGetValue(key, out var q) && q.AllowOther && answers.TryGetValue(key, out var value)
                     && Picked(value).Contains(Other);
            errors.Check(ok, $"other.{key}", $"只有选了“{Other}”的题才能填写说明")
                .Check(text.Length <= 100, $"other.{key}", "“其他”说明不超过 100 字");
        }

        if (!errors.Any && final)
        {
            CheckCrossFields(questions, answers, errors);
        }

        return (errors, answers, other);
    }

    private static string? CheckValue(SurveyQuestion q, JsonElement value, bool final)
    {
        switch (q.Kind)
        {
            case QuestionKind.Integer:
            case QuestionKind.Decimal:
                var range = $"须在 {Format(q.Min)} 到 {Format(q.Max)} 之间" + (q.Unit is null ? "" : $"（单位：{q.Unit}）");
                if (value.ValueKind != JsonValueKind.Number || (value.TryGetDecimal(out var number) && q.Kind == QuestionKind.Integer
                                                                && number != decimal.Truncate(number)))
                {
                    return q.Kind == QuestionKind.Integer ? "请填写整数" : "请填写数字";
                }

                // A number too large for a decimal (1e35) is out of any range a question can have.
                return !value.TryGetDecimal(out number) || number < (q.Min ?? decimal.MinValue) || number > (q.Max ?? decimal.MaxValue)
                    ? range
                    : null;
            case QuestionKind.SingleChoice:
                return value.ValueKind == JsonValueKind.String && Allowed(q).Contains(value.GetString()!) ? null : "请从选项中选择一项";
            case QuestionKind.MultipleChoice:
                var picked = Picked(value);
                return value.ValueKind == JsonValueKind.Array && picked.Count == value.GetArrayLength() && picked.Distinct().Count() == picked.Count
                       && picked.All(Allowed(q).Contains) && (!final || !q.Required || picked.Count > 0)
                    ? null
                    : "请从选项中选择（可多选，不重复）";
            case QuestionKind.YesNo:
                return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : "请选择是或否";
            case QuestionKind.ShortText:
            case QuestionKind.LongText:
                var max = q.Kind == QuestionKind.ShortText ? 100 : 2000;
                return value.ValueKind == JsonValueKind.String && value.GetString()!.Trim().Length <= max ? null : $"请填写文字（不超过 {max} 字）";
            case QuestionKind.Rating:
                return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var rating) && rating is >= 1 and <= 5 ? null : "请打 1 到 5 分";
            case QuestionKind.Matrix:
                if (value.ValueKind != JsonValueKind.Object
                    || value.EnumerateObject().Any(p => !q.Items!.Contains(p.Name) || p.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)))
                {
                    return "请对每个小项选择是或否";
                }

                return final && q.Required && q.Items!.Any(item => !value.TryGetProperty(item, out _)) ? "请对每个小项选择是或否" : null;
            default:
                return "不支持的题型";
        }
    }

    private static IEnumerable<string> Allowed(SurveyQuestion q) => q.AllowOther ? [.. q.Options!, Other] : q.Options!;

    private static string Format(decimal? value) => value?.ToString("0.####", CultureInfo.InvariantCulture) ?? "不限";

    /// <summary>
    /// The cross-field rules of the indicators, wherever a survey asks for both: signed confidentiality agreements ≤
    /// employees, staff with access to secrets ≤ employees, non-compete agreements ≤ staff with access to secrets.
    /// </summary>
    private static void CheckCrossFields(IReadOnlyList<SurveyQuestion> questions, Dictionary<string, JsonElement> answers, FieldErrors errors)
    {
        var values = IndicatorValues.Of(questions, answers);
        void AtMost(SurveyIndicator part, int? partValue, SurveyIndicator whole, int? wholeValue, string message)
        {
            if (partValue > wholeValue && questions.FirstOrDefault(q => q.Indicator == part) is { } q)
            {
                errors.Add($"answers.{q.Key}", message);
            }
        }

        AtMost(SurveyIndicator.SecretStaff, values.SecretStaff, SurveyIndicator.Employees, values.Employees, "涉密人员数不能超过职工总数");
        AtMost(SurveyIndicator.ConfidentialitySigned, values.ConfidentialitySigned, SurveyIndicator.Employees, values.Employees,
            "签订保密协议的人数不能超过职工总数");
        AtMost(SurveyIndicator.NonCompeteSigned, values.NonCompeteSigned, SurveyIndicator.SecretStaff, values.SecretStaff,
            "签订竞业限制协议的人数不能超过涉密人员数");
    }
}


/// <summary>The numbers a submitted response feeds the report, read from the questions tagged with an indicator.</summary>
public sealed record IndicatorValues(
    int? Employees, int? SecretStaff, int? TradeSecrets, int? Patents, int? ConfidentialitySigned, int? NonCompeteSigned,
    bool? ProtectionSystem, int? Readiness)
{
    public static IndicatorValues Of(IReadOnlyList<SurveyQuestion> questions, IReadOnlyDictionary<string, JsonElement> answers)
    {
        JsonElement? Find(SurveyIndicator indicator) =>
            questions.FirstOrDefault(q => q.Indicator == indicator) is { } q && answers.TryGetValue(q.Key, out var v) ? v : null;

        int? Count(SurveyIndicator indicator) =>
            Find(indicator) is { ValueKind: JsonValueKind.Number } v && v.TryGetInt32(out var n) ? n : null;

        var system = Find(SurveyIndicator.ProtectionSystem);
        var readiness = Find(SurveyIndicator.Readiness);
        return new IndicatorValues(Count(SurveyIndicator.Employees), Count(SurveyIndicator.SecretStaff), Count(SurveyIndicator.TradeSecrets),
            Count(SurveyIndicator.Patents), Count(SurveyIndicator.ConfidentialitySigned), Count(SurveyIndicator.NonCompeteSigned),
            system?.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => null },
            readiness is { ValueKind: JsonValueKind.Object } r ? r.EnumerateObject().Count(p => p.Value.ValueKind == JsonValueKind.True) : null);
    }
}
