using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Shangmi.Api.Identity;

/// <summary>A token we issued and when it stops working.</summary>
public sealed record IssuedToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>Issues our own signed tokens (JWT, HMAC-SHA256). WeChat's session_key and openid never serve as one.</summary>
public sealed class TokenIssuer(IOptions<AuthOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    public static SymmetricSecurityKey KeyFrom(AuthOptions options) => new(Encoding.UTF8.GetBytes(options.SigningKey));

    public IssuedToken ForUser(long userId) =>
        Issue(userId, AuthPolicies.UserKind, options.Value.UserTokenLifetime);

    /// <summary>Staff tokens carry no roles: roles and the disabled flag are read fresh on every request.</summary>
    public IssuedToken ForStaff(long staffId, string securityStamp) =>
        Issue(staffId, AuthPolicies.StaffKind, options.Value.StaffTokenLifetime,
            new Claim(AuthPolicies.StampClaim, securityStamp));

    private IssuedToken Issue(long subject, string kind, TimeSpan lifetime, params Claim[] extra)
    {
        var now = time.GetUtcNow();
        var expires = now + lifetime;
        var claims = new List<Claim>(extra)
        {
            new("sub", subject.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(AuthPolicies.KindClaim, kind),
            new("jti", Guid.NewGuid().ToString("N")),
        };
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AuthOptions.Issuer,
            Audience = AuthOptions.Issuer,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(KeyFrom(options.Value), SecurityAlgorithms.HmacSha256),
        });
        return new IssuedToken(token, expires);
    }
}
