using System.ComponentModel.DataAnnotations;
using Shangmi.Api.Common;

namespace Shangmi.Api.Identity.Users;

/// <summary>The code from <c>wx.login()</c>: single-use, valid five minutes.</summary>
public sealed record WeChatLoginRequest([property: Required, StringLength(128, MinimumLength = 1)] string? Code);

public sealed record UserRef(long Id);

/// <summary>Our own token for the mini-program; send it as <c>Authorization: Bearer</c>. Sign in again when it expires.</summary>
public sealed record WeChatLoginResponse(string Token, DateTimeOffset ExpiresAt, UserRef User);

/// <summary>Checks what the mini-program sends to sign in, with the message it shows.</summary>
public static class UserRules
{
    /// <summary>A <c>wx.login()</c> code: present, at most 128 characters, no whitespace inside; on success trimmed.</summary>
    public static FieldErrors CheckLogin(WeChatLoginRequest request, out string code)
    {
        code = request.Code?.Trim() ?? "";
        return new FieldErrors()
            .Check(code.Length is > 0 and <= 128 && !code.Any(char.IsWhiteSpace), "code", "缺少有效的登录凭证 code");
    }
}
