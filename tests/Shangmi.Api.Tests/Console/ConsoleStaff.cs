using System.Net.Http.Json;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Console;

/// <summary>Staff accounts for browser tests: made through the admin API, signed in through the console.</summary>
public static class ConsoleStaff
{
    public const string Password = "staff-password-123";

    /// <summary>Creates an account with <paramref name="roles"/> and answers its username.</summary>
    public static async Task<string> CreateAsync(ApiFactory api, params string[] roles)
    {
        var (id, _) = await api.CreateStaffAsync(roles);
        return (await api.Staff.FindAsync(id, CancellationToken.None))!.Username;
    }

    /// <summary>Creates a service account limited to <paramref name="district"/> and answers its username.</summary>
    public static async Task<string> DistrictServiceAsync(ApiFactory api, string district)
    {
        var (id, _) = await api.CreateStaffAsync("service");
        var admin = api.ClientWith(await api.SignInStaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword));
        (await admin.PutAsJsonAsync($"/api/v1/admin/staff/{id}/district",
                new { districtId = await Enterprises.EnterpriseClient.DistrictAsync(api, district) }))
            .EnsureSuccessStatusCode();
        return (await api.Staff.FindAsync(id, CancellationToken.None))!.Username;
    }

    /// <summary>Signs a new account with <paramref name="roles"/> in on <paramref name="console"/>.</summary>
    public static async Task<string> SignInAsync(ApiFactory api, ConsolePage console, params string[] roles)
    {
        var username = await CreateAsync(api, roles);
        await console.SignInAsync(username, Password);
        return username;
    }
}
