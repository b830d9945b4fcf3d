using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Shangmi.Api.Identity;

/// <summary>Configuration section <c>Auth</c>: how our own tokens are signed and how long they live.</summary>
public sealed class AuthOptions
{
    /// <summary>HMAC-SHA256 key for our tokens: at least 32 characters of random text, never committed.</summary>
    [Required]
    public string SigningKey { get; set; } = "";

    /// <summary>Mini-program user tokens; the mini-program silently signs in again with wx.login() when one expires.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan UserTokenLifetime { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Staff tokens: one working day.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan StaffTokenLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Wrong passwords in a row from one client address, for one account name, before it must wait.</summary>
    [Range(1, 100)]
    public int MaxFailedLogins { get; set; } = 5;

    /// <summary>The first wait; each further wrong password from that address doubles it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan FirstLockout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest wait the doubling reaches.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    public const string Issuer = "shangmi";
}

/// <summary>Refuses to start with a missing, short or placeholder signing key.</summary>
internal sealed class StrongSigningKey : IValidateOptions<AuthOptions>
{
    private static readonly string[] Placeholders = ["change-me", "changeme", "secret", "your-signing-key"];

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var key = options.SigningKey ?? "";
        if (key.Length < 32)
        {
            return ValidateOptionsResult.Fail("Auth:SigningKey must be at least 32 characters of random text.");
        }

        if (Placeholders.Any(p => key.Contains(p, StringComparison.OrdinalIgnoreCase)) || key.Distinct().Count() < 10)
        {
            return ValidateOptionsResult.Fail("Auth:SigningKey looks like a placeholder; generate a random one.");
        }

        return options.UserTokenLifetime > TimeSpan.Zero && options.StaffTokenLifetime > TimeSpan.Zero
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Auth token lifetimes must be positive.");
    }
}
