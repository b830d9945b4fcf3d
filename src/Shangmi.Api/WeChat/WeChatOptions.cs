using System.ComponentModel.DataAnnotations;

namespace Shangmi.Api.WeChat;

/// <summary>Configuration section <c>WeChat</c>.</summary>
public sealed class WeChatOptions
{
    /// <summary>Base address of the WeChat server API; run.sh points it at the local stand-in.</summary>
    [Required]
    public Uri ApiBaseUrl { get; set; } = new("https://api.weixin.qq.com");

    [Required]
    public string AppId { get; set; } = "";

    [Required]
    public string AppSecret { get; set; } = "";

    /// <summary>Seconds one WeChat call may take before we answer 503; WeChat normally answers in well under a second.</summary>
    [Range(1, 30)]
    public int TimeoutSeconds { get; set; } = 5;

    /// <summary>Refresh the access token this long before WeChat says it expires.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>True when the base address is a local stand-in rather than WeChat itself.</summary>
    public bool IsLocalStandIn => ApiBaseUrl.IsLoopback;
}
