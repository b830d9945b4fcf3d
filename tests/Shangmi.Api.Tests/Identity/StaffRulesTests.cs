using Shangmi.Api.Identity.Staff;

namespace Shangmi.Api.Tests.Identity;

/// <summary>The staff sign-in and account checks, without HTTP.</summary>
public class StaffRulesTests
{
    [Fact]
    public void A_sign_in_normalises_the_name_and_needs_both_fields()
    {
        Assert.False(StaffRules.CheckLogin(new StaffLoginRequest("  Editor.One ", "secret"), out var username).Any);
        Assert.Equal("editor.one", username);

        var errors = StaffRules.CheckLogin(new StaffLoginRequest(" ", new string('x', 129)), out _);

        Assert.Equal(["username", "password"], errors.Messages.Select(m => m.Field));
    }

    [Fact]
    public void A_new_password_must_differ_from_the_current_one_which_must_be_right()
    {
        Assert.False(StaffRules.CheckPasswordChange(new ChangePasswordRequest("old-pass-123", "new-pass-456"), true, "editor").Any);

        var same = StaffRules.CheckPasswordChange(new ChangePasswordRequest("old-pass-123", "old-pass-123"), false, "editor");

        Assert.Equal(["currentPassword", "newPassword"], same.Messages.Select(m => m.Field));
    }

    [Fact]
    public void A_new_account_needs_a_valid_name_a_strong_password_a_display_name_and_a_role()
    {
        var ok = StaffRules.CheckNewStaff(new CreateStaffRequest(" Zhang.San ", "long-enough-1", " 张三 ", ["editor"]), out var username,
            out var displayName);
        Assert.False(ok.Any);
        Assert.Equal(("zhang.san", "张三"), (username, displayName));

        var errors = StaffRules.CheckNewStaff(new CreateStaffRequest("x", "short", "", []), out _, out _);

        Assert.Equal(["username", "password", "displayName", "roles"], errors.Messages.Select(m => m.Field).Distinct());
    }
}
