using System.ComponentModel.DataAnnotations;
namespace Shangmi.Api.Identity.Users;

/// <summary>The code from <c>wx.login()</c>: single-use, valid five minutes.</summary>
public sealed record WeChatLoginRequest([property: Required, StringLength(128, MinimumLength = 1)] string? Code);

public sealed record UserRef(long Id);

/// <summary>Our own token for the mini-program; send it as <c>Authorization: Bearer</c>. Sign in again when it expires.</summary>
public sealed record WeChatLoginResponse(string Token, DateTimeOffset ExpiresAt, UserRef User);
