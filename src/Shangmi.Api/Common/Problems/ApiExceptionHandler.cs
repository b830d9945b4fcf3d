using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using MySqlConnector;
using Shangmi.Api.Data;
using Shangmi.Api.Files;
using Shangmi.Api.WeChat;

namespace Shangmi.Api.Common.Problems;

/// <summary>
/// Maps the failures we know to problem+json: bad requests keep their status with a precise code, an unreachable
/// database becomes 503, a duplicate key 409; anything else is a 500 that reveals nothing of the internals.
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (exception is OperationCanceledException && http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
            http.Response.StatusCode = 499;
            return true;
        }

        var problem = Describe(exception);
        if (problem.Status >= 500)
        {
            // Only the exception type and message, which never carry request content in our code paths.
            LogServerFailure(logger, exception, problem.Extensions[ApiProblem.CodeKey] as string);
        }

        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails Describe(Exception exception) => exception switch
    {
        BadHttpRequestException bad => DescribeBadRequest(bad),
        WeChatUnavailableException =>
            Problem(503, "wechat.unavailable", "微信服务暂时不可用，请稍后再试"),
        FileStorageUnavailableException =>
            Problem(503, "storage.unavailable", "文件存储暂时不可用，请稍后再试"),
        MySqlException { ErrorCode: MySqlErrorCode.DuplicateKeyEntry } =>
            Problem(409, "conflict.duplicate", "该记录已存在"),
        MySqlException db when Deadlocks.IsDeadlock(db) =>
            Problem(503, "database.busy", "系统繁忙，请稍后再试"),
        _ when Transient.IsUnavailable(exception) =>
            Problem(503, "database.unavailable", "服务暂时不可用，请稍后再试", "数据库暂时无法连接。"),
        // Encrypted data that fails its authentication was altered or moved: say so, without revealing more.
        System.Security.Cryptography.CryptographicException =>
            Problem(500, "data.tampered", "数据未通过完整性校验", "记录可能已被篡改，请联系系统管理员。"),
        _ => Problem(500, "server.error", "服务器内部错误，请稍后再试"),
    };

    private static ProblemDetails DescribeBadRequest(BadHttpRequestException bad) => bad.StatusCode switch
    {
        StatusCodes.Status413PayloadTooLarge => Problem(413, "request.too_large", "请求内容过大"),
        StatusCodes.Status415UnsupportedMediaType =>
            Problem(415, "request.unsupported_media_type", "不支持的内容类型", "请以 application/json 发送请求内容。"),
        _ when bad.InnerException is JsonException =>
            Problem(400, "request.json_invalid", "请求内容不是有效的 JSON"),
        StatusCodes.Status400BadRequest when bad.Message.StartsWith("Required parameter", StringComparison.Ordinal)
                                             || bad.Message.StartsWith("Implicit body", StringComparison.Ordinal) =>
            Problem(400, "request.body_missing", "缺少请求内容"),
        StatusCodes.Status400BadRequest => Problem(400, "request.invalid", "请求参数格式不正确"),
        _ => Problem(bad.StatusCode, ProblemCatalog.For(bad.StatusCode).Code, ProblemCatalog.For(bad.StatusCode).Title),
    };

    private static ProblemDetails Problem(int status, string code, string title, string? detail = null) => new()
    {
        Status = status,
        Title = title,
        Detail = detail,
        Extensions = { [ApiProblem.CodeKey] = code },
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Request failed with {ProblemCode}")]
    private static partial void LogServerFailure(ILogger logger, Exception exception, string? problemCode);
}
