using System.Net;
using System.Text;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Foundation;

/// <summary>Every error the framework or our code produces leaves as problem+json with a stable code and a Chinese title.</summary>
public class ErrorResponseTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Unknown_route_is_a_404_problem()
    {
        var response = await factory.CreateClient().GetAsync("/api/v1/no-such-thing");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Wrong_method_is_a_405_problem()
    {
        var response = await factory.CreateClient().DeleteAsync("/health/live");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.MethodNotAllowed, "method.not_allowed");
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        var response = await factory.CreateClient().PostAsync("/api/v1/auth/wechat-login", Json("{\"code\": \"abc"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "request.json_invalid");
    }

    [Fact]
    public async Task A_json_value_of_the_wrong_type_is_a_400_problem()
    {
        var response = await factory.CreateClient().PostAsync("/api/v1/auth/wechat-login", Json("{\"code\": 42}"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "request.json_invalid");
    }

    [Fact]
    public async Task A_missing_body_is_a_400_problem()
    {
        var response = await factory.CreateClient().PostAsync("/api/v1/auth/wechat-login", Json(""));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "request.body_missing");
    }

    [Fact]
    public async Task Wrong_content_type_is_a_415_problem()
    {
        var response = await factory.CreateClient().PostAsync("/api/v1/auth/wechat-login",
            new StringContent("code=abc", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "request.unsupported_media_type");
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_problem()
    {
        var huge = "{\"code\": \"" + new string('x', 2 * 1024 * 1024) + "\"}";

        var response = await factory.CreateClient().PostAsync("/api/v1/auth/wechat-login", Json(huge));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "request.too_large");
    }

    [Fact]
    public async Task An_unparsable_route_value_is_a_404_problem()
    {
        var admin = factory.ClientWith(await factory.SignInStaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword));

        var response = await admin.PostAsync("/api/v1/admin/staff/not-a-number/disable", null);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task An_unexpected_failure_is_a_500_problem_that_reveals_nothing()
    {
        var (token, _) = await factory.SignInUserAsync("broken:1");
        await using (var connection = new MySqlConnector.MySqlConnection(factory.ConnectionString))
        {
            await connection.OpenAsync();
            // A schema the code does not expect: the kind of failure no handler anticipates.
            await new MySqlConnector.MySqlCommand("ALTER TABLE users RENAME COLUMN last_login_at TO gone", connection)
                .ExecuteNonQueryAsync();
        }

        var response = await factory.ClientWith(token).GetAsync("/api/v1/me");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.InternalServerError, "server.error");
        var body = problem.GetRawText();
        Assert.DoesNotContain("gone", body);
        Assert.DoesNotContain("last_login_at", body);
        Assert.DoesNotContain("Exception", body);
        Assert.DoesNotContain("   at ", body);
    }
}
