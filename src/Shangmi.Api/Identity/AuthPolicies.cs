using System.Security.Claims;

namespace Shangmi.Api.Identity;

/// <summary>Token kinds, staff roles and the authorization policies built from them.</summary>
public static class AuthPolicies
{
    public const string KindClaim = "kind";
    public const string UserKind = "user";
    public const string StaffKind = "staff";
    public const string StampClaim = "stamp";

    /// <summary>A signed-in mini-program user (never a staff token).</summary>
    public const string User = "user";

    /// <summary>Any active staff account, whatever its roles.</summary>
    public const string Staff = "staff";

    public const string Admin = "staff:admin";
    public const string Editor = "staff:editor";
    public const string Officer = "staff:officer";

    /// <summary>Enterprise services (企业服务): claims, enterprises, designations, rosters.</summary>
    public const string Service = "staff:service";

    /// <summary>
    /// The working-day calendar every deadline counts on: the case officers who live by the tips' legal deadlines keep
    /// it (CONSOLE.md puts it on the tip desk), and admins as well.
    /// </summary>
    public const string Calendar = "staff:calendar";

    /// <summary>Surveys and their analysis report (调研分析): analysts, and admins as well.</summary>
    public const string Analyst = "staff:analyst";

    public static class Roles
    {
        public const string Admin = "admin";
        public const string Editor = "editor";
        public const string Officer = "officer";
        public const string Service = "service";
        public const string Analyst = "analyst";

        public static readonly string[] All = [Admin, Editor, Officer, Service, Analyst];
    }

    /// <summary>The staff policies and the roles any of which passes each (none: any staff); every /api/v1/admin route must carry one.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> StaffPolicies = new Dictionary<string, string[]>
    {
        [Staff] = [],
        [Admin] = [Roles.Admin],
        [Editor] = [Roles.Editor],
        [Officer] = [Roles.Officer],
        [Service] = [Roles.Service],
        [Analyst] = [Roles.Analyst, Roles.Admin],
        [Calendar] = [Roles.Officer, Roles.Admin],
    };

    public static long UserId(this ClaimsPrincipal principal) => SubjectOf(principal, UserKind);

    public static long StaffId(this ClaimsPrincipal principal) => SubjectOf(principal, StaffKind);

    private static long SubjectOf(ClaimsPrincipal principal, string kind) =>
        principal.FindFirstValue(KindClaim) == kind && long.TryParse(principal.FindFirstValue("sub"), out var id)
            ? id
            : throw new InvalidOperationException($"The route requires a {kind} token but its policy let another through.");
}
