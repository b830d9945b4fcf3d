using Microsoft.AspNetCore.Http.HttpResults;

namespace Shangmi.Api.Common.Problems;

/// <summary>Problem results our own handlers return: a stable code, a Chinese title, optionally a detail.</summary>
public static class ApiProblem
{
    public const string CodeKey = "code";

    public static ProblemHttpResult Create(int status, string code, string title, string? detail = null,
        IDictionary<string, object?>? extensions = null)
    {
        var all = new Dictionary<string, object?>(extensions ?? new Dictionary<string, object?>()) { [CodeKey] = code };
        return TypedResults.Problem(detail, statusCode: status, title: title, extensions: all);
    }

    /// <summary>
    /// A refusal that says when to come back. <paramref name="wait"/> is the time actually left (the rest of a rate
    /// window, of a lock), never the whole window: it goes in whole seconds (at least 1) into <c>Retry-After</c>,
    /// into the body as <c>retryAfter</c>, and to <paramref name="detail"/>.
    /// </summary>
    public static ProblemHttpResult RetryLater(
        HttpContext http, TimeSpan wait, int status, string code, string title, Func<int, string> detail)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Create(status, code, title, detail(seconds), new Dictionary<string, object?> { [RetryAfterKey] = seconds });
    }

    /// <summary>Body member with the seconds to wait, the same as the <c>Retry-After</c> header.</summary>
    public const string RetryAfterKey = "retryAfter";

    /// <summary>400 with field errors (field name → Chinese messages), as the mini-program's forms expect.</summary>
    public static ValidationProblem Validation(IDictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.ValidationProblem(errors, detail ?? "请检查标出的字段", title: "提交的内容有误",
            extensions: new Dictionary<string, object?> { [CodeKey] = "validation.failed" });
}
