namespace Shangmi.Api.Common;

/// <summary>A request header a route reads, declared in the contract as a parameter.</summary>
public sealed record RequestHeader(string Name, string Description, string? Format = null, string? Pattern = null);

/// <summary>A response header a route sends with <see cref="Status"/>, declared in the contract.</summary>
public sealed record ResponseHeader(int Status, string Name, string Description, bool Integer = false);

/// <summary>Marks a route that finds its tip by the receipt code in <c>X-Receipt-Code</c> (an apiKey scheme in the contract).</summary>
public sealed record ReceiptCodeAuth;

/// <summary>
/// What routes declare about their headers, so the contract carries them: the mini-program builds from the contract
/// alone, and <c>wx.uploadFile</c> cannot send or read what it does not know about.
/// </summary>
public static class ContractMetadata
{
    public static TBuilder AcceptsIdempotencyKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestHeader(IdempotencyKeys.Header,
            "随机生成的 UUID（第 4 版）；网络重试同一操作时重复发送同一个值，服务端返回第一次的结果而不会重复创建。", "uuid",
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$"));

    public static TBuilder RequiresReceiptCode<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ReceiptCodeAuth());

    /// <summary>An ETag on 200 and a 304 when <c>If-None-Match</c> matches it.</summary>
    public static TBuilder WithETag<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestHeader("If-None-Match", "上次响应的 ETag；内容未变时返回 304，无响应体。"),
            new ResponseHeader(200, "ETag", "内容版本；下次请求放在 If-None-Match 中。"));
}
