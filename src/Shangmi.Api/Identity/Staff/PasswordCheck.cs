using Microsoft.AspNetCore.Identity;

namespace Shangmi.Api.Identity.Staff;

/// <summary>ASP.NET Core Identity's password hasher (PBKDF2, salted, versioned) for staff passwords.</summary>
public sealed class PasswordCheck
{
    private static readonly object Subject = new();
    private readonly PasswordHasher<object> _hasher = new();

    // Verifying against this when the username is unknown keeps the answer time the same either way.
    private readonly string _decoy;

    public PasswordCheck() => _decoy = _hasher.HashPassword(Subject, Guid.NewGuid().ToString());

    public string Hash(string password) => _hasher.HashPassword(Subject, password);

    /// <summary>Whether the password matches, and a fresh hash when the stored one uses outdated parameters.</summary>
    public (bool Valid, string? Rehashed) Verify(string? hash, string password)
    {
        var result = _hasher.VerifyHashedPassword(Subject, hash ?? _decoy, password);
        return result switch
        {
            PasswordVerificationResult.Success => (hash is not null, null),
            PasswordVerificationResult.SuccessRehashNeeded => (hash is not null, hash is null ? null : Hash(password)),
            _ => (false, null),
        };
    }
}
