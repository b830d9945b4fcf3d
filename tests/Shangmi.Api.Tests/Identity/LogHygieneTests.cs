using System.Net.Http.Json;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Identity;

/// <summary>Nothing that lets someone act as a user or staff member may reach a log line.</summary>
public class LogHygieneTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Sign_in_logs_no_token_password_code_or_session_key()
    {
        var code = "secret-login-code-7f3a:1";
        var (userToken, _) = await factory.SignInUserAsync(code);
        await factory.ClientWith(userToken).GetAsync("/api/v1/me");
        await factory.CreateClient().PostAsJsonAsync("/api/v1/auth/wechat-login", new { code }); // used code
        var staffToken = await factory.SignInStaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword);
        await factory.StaffLoginAsync(ApiFactory.AdminUsername, "wrong-password-a9c1");
        await factory.ClientWith(staffToken).GetAsync("/api/v1/admin/staff");
        await factory.ClientWith(staffToken + "tampered").GetAsync("/api/v1/admin/staff");

        var logs = factory.Logs.All;
        Assert.Contains("/api/v1/auth/wechat-login", logs); // the capture works: requests are logged
        foreach (var secret in new[]
                 {
                     userToken, staffToken, ApiFactory.AdminPassword, "wrong-password-a9c1", code, "secret-login-code",
                     "session_key", factory.WeChat.AppSecret,
                 })
        {
            Assert.DoesNotContain(secret, logs);
        }
    }
}
