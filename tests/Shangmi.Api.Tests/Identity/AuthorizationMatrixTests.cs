using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Shangmi.Api.Identity;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Identity;

/// <summary>
/// Walks every endpoint the app maps, so an admin route added later without a staff policy fails here.
/// </summary>
public partial class AuthorizationMatrixTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    /// <summary>The only admin routes that may be reached without a staff token.</summary>
    private static readonly string[] AnonymousAdminRoutes = ["POST /api/v1/admin/auth/login"];

    private static readonly string[] EnterpriseRoutes =
    [
        "GET /api/v1/admin/enterprises/", "GET /api/v1/admin/enterprises/{id:long}", "POST /api/v1/admin/enterprises/{id:long}/verify",
        "POST /api/v1/admin/enterprises/{id:long}/reject", "PUT /api/v1/admin/enterprises/{id:long}/liaison-point",
        "DELETE /api/v1/admin/enterprises/{id:long}/liaison-point", "PUT /api/v1/admin/enterprises/{id:long}/demonstration",
        "DELETE /api/v1/admin/enterprises/{id:long}/demonstration", "POST /api/v1/admin/enterprises/import",
        "GET /api/v1/admin/enterprises/import-template", "GET /api/v1/admin/enterprises/export",
        "GET /api/v1/admin/enterprise-claims/", "GET /api/v1/admin/enterprise-claims/{id:long}",
        "GET /api/v1/admin/enterprise-claims/{id:long}/contact", "GET /api/v1/admin/enterprise-claims/{id:long}/proof",
        "POST /api/v1/admin/enterprise-claims/{id:long}/verify", "POST /api/v1/admin/enterprise-claims/{id:long}/reject",
        "POST /api/v1/admin/enterprise-claims/{id:long}/revoke",
    ];

    private sealed record AdminRoute(string Method, string Pattern, string Policy, string? ContentType)
    {
        public string Url => RouteParameter().Replace(Pattern, "1");

        public override string ToString() => $"{Method} {Pattern}";
    }

    private IReadOnlyList<(string Method, string Pattern, EndpointMetadataCollection Metadata)> AdminEndpoints() =>
        factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("api/v1/admin", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(m => (m, "/" + e.RoutePattern.RawText!.TrimStart('/'), e.Metadata)))
            .ToList();

    private IReadOnlyList<AdminRoute> ProtectedAdminRoutes() =>
        AdminEndpoints()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Select(e => new AdminRoute(e.Method, e.Pattern,
                e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null) ?? "",
                e.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes.FirstOrDefault()))
            .ToList();

    [Fact]
    public void Every_admin_route_requires_a_staff_policy()
    {
        var endpoints = AdminEndpoints();
        Assert.NotEmpty(endpoints);

        foreach (var (method, pattern, metadata) in endpoints)
        {
            var route = $"{method} {pattern}";
            if (metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                Assert.Contains(route, AnonymousAdminRoutes);
                continue;
            }

            var policies = metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            Assert.True(policies.Any(p => p is not null && AuthPolicies.StaffPolicies.ContainsKey(p)),
                $"{route} has no staff policy");
        }
    }

    [Fact]
    public async Task Admin_routes_refuse_no_token_user_tokens_and_staff_without_the_role()
    {
        var (userToken, _) = await factory.SignInUserAsync("matrix:1");
        var lacking = new Dictionary<string, string>();
        foreach (var (policy, roles) in AuthPolicies.StaffPolicies)
        {
            if (roles.Length > 0)
            {
                lacking[policy] = (await factory.CreateStaffAsync(AuthPolicies.Roles.All.Where(r => !roles.Contains(r)).ToArray())).Token;
            }
        }

        var routes = ProtectedAdminRoutes();
        Assert.NotEmpty(routes);
        // The staff audit log and password reset are for admins only (issue 11); they are walked like every route.
        Assert.Contains(routes, r => r.ToString() == "GET /api/v1/admin/staff/audit" && r.Policy == AuthPolicies.Admin);
        Assert.Contains(routes, r => r.ToString() == "POST /api/v1/admin/staff/{id:long}/password" && r.Policy == AuthPolicies.Admin);
        // Issue 15: the enterprise routes are for service staff, reference data and district scopes for admins.
        foreach (var route in EnterpriseRoutes)
        {
            Assert.Contains(routes, r => r.ToString() == route && r.Policy == AuthPolicies.Service);
        }

        foreach (var route in new[]
                 {
                     "PUT /api/v1/admin/staff/{id:long}/district", "GET /api/v1/admin/staff/{id:long}/district",
                     "POST /api/v1/admin/industries", "PUT /api/v1/admin/industries/{id:long}", "POST /api/v1/admin/districts",
                     "PUT /api/v1/admin/districts/{id:long}", "POST /api/v1/admin/size-bands", "PUT /api/v1/admin/size-bands/{id:long}",
                     "POST /api/v1/admin/enterprise-tags", "PUT /api/v1/admin/enterprise-tags/{id:long}",
                 })
        {
            Assert.Contains(routes, r => r.ToString() == route && r.Policy == AuthPolicies.Admin);
        }

        // Issue 18: officers keep the working-day calendar on the tip desk; editors, service staff and analysts may not.
        Assert.Contains(routes, r => r.ToString() == "PUT /api/v1/admin/work-calendar/{day}" && r.Policy == AuthPolicies.Calendar);
        Assert.Equal([AuthPolicies.Roles.Officer, AuthPolicies.Roles.Admin], AuthPolicies.StaffPolicies[AuthPolicies.Calendar]);

        foreach (var route in routes)
        {
            Assert.Equal((route.ToString(), HttpStatusCode.Unauthorized), (route.ToString(), await SendAsync(route, null)));
            Assert.Equal((route.ToString(), HttpStatusCode.Forbidden), (route.ToString(), await SendAsync(route, userToken)));
            if (lacking.TryGetValue(route.Policy, out var staffToken))
            {
                Assert.Equal((route.ToString(), HttpStatusCode.Forbidden), (route.ToString(), await SendAsync(route, staffToken)));
            }
        }
    }

    private async Task<HttpStatusCode> SendAsync(AdminRoute route, string? token)
    {
        var client = token is null ? factory.CreateClient() : factory.ClientWith(token);
        // A body of the kind the route accepts, so that authorization, not content negotiation, decides.
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Url)
        {
            Content = route.Method is not ("POST" or "PUT") ? null
                : route.ContentType == "multipart/form-data" ? new MultipartFormDataContent()
                : new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
        };
        return (await client.SendAsync(request)).StatusCode;
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
