namespace Shangmi.Api.Common.Problems;

/// <summary>
/// The stable <c>code</c> and the short Chinese <c>title</c> for every HTTP error status the service answers with.
/// Problems raised by the framework (unknown route, wrong method, bad JSON...) carry no code of their own; they get
/// these defaults so that a phone always has something readable to show.
/// </summary>
public static class ProblemCatalog
{
    public sealed record Entry(string Code, string Title);

    private static readonly Dictionary<int, Entry> ByStatus = new()
    {
        [400] = new("request.invalid", "请求无效"),
        [401] = new("auth.required", "请先登录"),
        [403] = new("auth.forbidden", "没有权限执行此操作"),
        [404] = new("not_found", "找不到请求的资源"),
        [405] = new("method.not_allowed", "不支持该请求方法"),
        [406] = new("request.not_acceptable", "无法提供所要求的响应格式"),
        [408] = new("request.timeout", "请求超时"),
        [409] = new("conflict", "与当前状态冲突"),
        [411] = new("request.length_required", "请求缺少内容长度"),
        [413] = new("request.too_large", "请求内容过大"),
        [415] = new("request.unsupported_media_type", "不支持的内容类型"),
        [422] = new("request.unprocessable", "无法处理该请求"),
        [429] = new("rate_limited", "请求过于频繁，请稍后再试"),
        [500] = new("server.error", "服务器内部错误，请稍后再试"),
        [503] = new("service.unavailable", "服务暂时不可用，请稍后再试"),
    };

    public static Entry For(int status) =>
        ByStatus.TryGetValue(status, out var entry)
            ? entry
            : status >= 500 ? ByStatus[500] : new Entry("request.failed", "请求失败");
}
