using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Shangmi.Api.Common;
using Shangmi.Api.Data;
using Shangmi.Api.Identity.Staff;
using Shangmi.Api.Identity.Users;

namespace Shangmi.Api.Identity;

public static class IdentitySetup
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    public static IServiceCollection AddIdentityFeature(this IServiceCollection services)
    {
        services.AddSettings<AuthOptions>("Auth");
        services.AddSingleton<IValidateOptions<AuthOptions>, StrongSigningKey>();
        services.AddSettings<BootstrapOptions>("Bootstrap");
        services.AddSingleton<IValidateOptions<BootstrapOptions>, BootstrapOptionsValidator>();

        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<PasswordCheck>();
        services.AddSingleton<StaffStore>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<StaffAudit>().AddSingleton<StaffDistricts>();
        services.AddSingleton<UserStore>().AddSingleton<AccountDeletion>();
        services.AddSingleton<IAfterMigration, StaffBootstrapper>();
        services.AddSingleton<IAfterMigration, DemoStaffSeeder>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, TimeProvider>((jwt, auth, time) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = AuthOptions.Issuer,
                    ValidAudience = AuthOptions.Issuer,
                    IssuerSigningKey = TokenIssuer.KeyFrom(auth.Value),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    NameClaimType = "sub",
                    RoleClaimType = "role",
                    // Lifetimes follow the injected clock, so tests can move time instead of waiting.
                    LifetimeValidator = (notBefore, expires, _, _) =>
                    {
                        var now = time.GetUtcNow().UtcDateTime;
                        return expires is not null && now < expires.Value + ClockSkew
                                                   && (notBefore is null || now + ClockSkew >= notBefore.Value);
                    },
                };
                jwt.Events = new JwtBearerEvents { OnTokenValidated = CheckStaffAccessAsync };
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(AuthPolicies.User, policy => policy.RequireClaim(AuthPolicies.KindClaim, AuthPolicies.UserKind))
            .AddPolicy(AuthPolicies.Staff, policy => policy.RequireClaim(AuthPolicies.KindClaim, AuthPolicies.StaffKind))
            .AddPolicy(AuthPolicies.Admin, policy => StaffWithRole(policy, AuthPolicies.Admin))
            .AddPolicy(AuthPolicies.Editor, policy => StaffWithRole(policy, AuthPolicies.Editor))
            .AddPolicy(AuthPolicies.Officer, policy => StaffWithRole(policy, AuthPolicies.Officer))
            .AddPolicy(AuthPolicies.Service, policy => StaffWithRole(policy, AuthPolicies.Service))
            .AddPolicy(AuthPolicies.Analyst, policy => StaffWithRole(policy, AuthPolicies.Analyst))
            .AddPolicy(AuthPolicies.Calendar, policy => StaffWithRole(policy, AuthPolicies.Calendar));
        return services;
    }

    public static IEndpointRouteBuilder MapIdentity(this IEndpointRouteBuilder app)
    {
        app.MapUserAuth();
        app.MapStaffAuth();
        app.MapStaffAdmin();
        app.MapStaffDistrict();
        return app;
    }

    /// <summary>A staff token with any of the roles <see cref="AuthPolicies.StaffPolicies"/> lists for the policy.</summary>
    private static void StaffWithRole(Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder policy, string name) =>
        policy.RequireClaim(AuthPolicies.KindClaim, AuthPolicies.StaffKind).RequireRole(AuthPolicies.StaffPolicies[name]);

    /// <summary>
    /// A token has exactly one kind, or policies that look for "a kind claim equal to staff" and code that reads
    /// "the first kind claim" would disagree about who is calling. Roles never come from a token, whatever it
    /// carries: they are read from the database. A staff token is only as good as the account behind it right
    /// now: disabled accounts and tokens from before a password change are refused at once. A user token ends when
    /// its account is deleted.
    /// </summary>
    private static async Task CheckStaffAccessAsync(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        var identity = (ClaimsIdentity)principal.Identity!;
        if (new[] { AuthPolicies.KindClaim, "sub", AuthPolicies.StampClaim }.Any(type => principal.FindAll(type).Count() > 1)
            || !principal.HasClaim(c => c.Type == AuthPolicies.KindClaim))
        {
            context.Fail("a token must carry exactly one kind, subject and stamp");
            return;
        }

        foreach (var claim in identity.FindAll(identity.RoleClaimType).ToList())
        {
            identity.RemoveClaim(claim);
        }

        if (principal.FindFirstValue(AuthPolicies.KindClaim) == AuthPolicies.UserKind)
        {
            // A deleted account's tokens end with it. Checked only where the route needs a signed-in user, so a token
            // sent along to an open route (health, public reads) costs no query and cannot fail it.
            if (context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>() is null)
            {
                return;
            }

            var users = context.HttpContext.RequestServices.GetRequiredService<UserStore>();
            if (!long.TryParse(principal.FindFirstValue("sub"), out var userId)
                || !await users.IsActiveAsync(userId, context.HttpContext.RequestAborted))
            {
                context.Fail("user account deleted");
            }

            return;
        }

        if (principal.FindFirstValue(AuthPolicies.KindClaim) != AuthPolicies.StaffKind)
        {
            return;
        }

        var store = context.HttpContext.RequestServices.GetRequiredService<StaffStore>();
        var access = long.TryParse(principal.FindFirstValue("sub"), out var id)
            ? await store.FindAccessAsync(id, context.HttpContext.RequestAborted)
            : null;
        if (access is null || access.Disabled || access.SecurityStamp != principal.FindFirstValue(AuthPolicies.StampClaim))
        {
            context.Fail("staff account disabled or token superseded");
            return;
        }

        foreach (var role in access.Roles)
        {
            identity.AddClaim(new Claim("role", role));
        }
    }
}
