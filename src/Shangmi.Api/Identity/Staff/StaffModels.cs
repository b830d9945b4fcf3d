using Shangmi.Api.Common;

namespace Shangmi.Api.Identity.Staff;

/// <summary>Staff sign-in.</summary>
public sealed record StaffLoginRequest(string? Username, string? Password);

/// <summary>
/// A staff token, the roles it currently grants and who it belongs to. For an admin, <c>notices</c> lists the
/// officer or admin roles other admins granted since their last sign-in (from the staff audit log), to show at once.
/// </summary>
public sealed record StaffLoginResponse(string Token, DateTimeOffset ExpiresAt, IReadOnlyList<string> Roles, StaffSummary Staff,
    IReadOnlyList<StaffAuditEntry> Notices);

/// <summary>Change one's own password; every earlier token stops working, so a fresh one is returned.</summary>
public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

public sealed record TokenResponse(string Token, DateTimeOffset ExpiresAt);

/// <summary>An admin creates a staff account.</summary>
public sealed record CreateStaffRequest(string? Username, string? Password, string? DisplayName, string[]? Roles);

public sealed record SetRolesRequest(string[]? Roles);

/// <summary>An admin sets a new password for an account (e.g. a forgotten one); its tokens stop working.</summary>
public sealed record ResetPasswordRequest(string? NewPassword);

/// <summary>Checks shared by the staff routes, with the Chinese messages the admin tools show.</summary>
public static class StaffRules
{
    public const int MinPasswordLength = 10;

    public static string NormaliseUsername(string? username) => (username ?? "").Trim().ToLowerInvariant();

    /// <summary>A sign-in: a name and a password of sane lengths; on success the normalised name.</summary>
    public static FieldErrors CheckLogin(StaffLoginRequest request, out string username)
    {
        username = NormaliseUsername(request.Username);
        return new FieldErrors()
            .Check(username.Length is > 0 and <= 64, "username", "请输入用户名")
            .Check(!string.IsNullOrEmpty(request.Password) && request.Password.Length <= 128, "password", "请输入密码");
    }

    /// <summary>One's own new password, once the current one has been verified (or not) under the throttle.</summary>
    public static FieldErrors CheckPasswordChange(ChangePasswordRequest request, bool currentValid, string username) =>
        new FieldErrors()
            .Check(currentValid, "currentPassword", "当前密码不正确")
            .CheckPassword("newPassword", request.NewPassword, username)
            .Check(request.NewPassword != request.CurrentPassword, "newPassword", "新密码不能与当前密码相同");

    /// <summary>A new account; on success its normalised username and trimmed display name.</summary>
    public static FieldErrors CheckNewStaff(CreateStaffRequest request, out string username, out string displayName)
    {
        username = NormaliseUsername(request.Username);
        displayName = (request.DisplayName ?? "").Trim();
        return new FieldErrors()
            .CheckUsername(username)
            .CheckPassword("password", request.Password, username)
            .Check(displayName.Length is > 0 and <= 64, "displayName", "请填写姓名（不超过 64 字）")
            .CheckRoles(request.Roles);
    }

    public static FieldErrors CheckUsername(this FieldErrors errors, string username) =>
        errors.Check(System.Text.RegularExpressions.Regex.IsMatch(username, "^[a-z0-9][a-z0-9._-]{2,31}$"),
            "username", "用户名须为 3–32 位小写字母、数字、点、下划线或连字符，且以字母或数字开头");

    /// <summary>At least 10 characters mixing at least two of: letters, digits, other characters; not the username.</summary>
    public static FieldErrors CheckPassword(this FieldErrors errors, string field, string? password, string username)
    {
        password ??= "";
        var kinds = new[] { password.Any(char.IsLetter), password.Any(char.IsDigit), password.Any(c => !char.IsLetterOrDigit(c)) }
            .Count(present => present);
        return errors
            .Check(password.Length is >= MinPasswordLength and <= 128, field, $"密码长度须为 {MinPasswordLength}–128 位")
            .Check(kinds >= 2, field, "密码须至少包含字母、数字、符号中的两类")
            .Check(username.Length == 0 || !password.Contains(username, StringComparison.OrdinalIgnoreCase), field,
                "密码不能包含用户名");
    }

    public static FieldErrors CheckRoles(this FieldErrors errors, string[]? roles) =>
        errors
            .Check(roles is { Length: > 0 }, "roles", "至少选择一个角色")
            .Check(roles is null || roles.All(r => AuthPolicies.Roles.All.Contains(r)), "roles",
                "角色只能是 admin、editor、officer、service、analyst");
}
