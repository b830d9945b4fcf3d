using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Infrastructure;
using static Shangmi.Api.Tests.Enterprises.EnterpriseClient;

namespace Shangmi.Api.Tests.Surveys;

/// <summary>Shortcuts for survey tests: analysts, verified members in a district and industry, the standard survey opened.</summary>
public static class SurveyClient
{
    public static async Task<HttpClient> AnalystAsync(ApiFactory factory) => factory.ClientWith((await factory.CreateStaffAsync("analyst")).Token);

    /// <summary>A verified member of a new enterprise in <paramref name="district"/>, industry section <paramref name="industry"/>.</summary>
    public static async Task<(string Token, long EnterpriseId)> MemberAsync(ApiFactory factory, string district = "和平区", string industry = "C",
        HttpClient? service = null)
    {
        var (token, _) = await factory.SignInUserAsync($"s{Guid.NewGuid():N}:1");
        var claimId = await ClaimedAsync(factory, token, ClaimForm(NewCode(), districtId: await DistrictAsync(factory, district)));
        service ??= await ServiceAsync(factory);
        var verified = await service.PostAsync($"/api/v1/admin/enterprise-claims/{claimId}/verify", null);
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        var enterpriseId = await EnterpriseOfClaimAsync(factory, claimId);
        await factory.ScalarAsync<int>("UPDATE enterprises SET industry_id = (SELECT id FROM industries WHERE code = @industry) WHERE id = @enterpriseId",
            new { industry, enterpriseId });
        return (token, enterpriseId);
    }

    public static async Task<long> StandardIdAsync(HttpClient analyst) =>
        (await analyst.GetFromJsonAsync<JsonElement>("/api/v1/admin/surveys")).GetProperty("items").EnumerateArray()
        .Single(s => s.GetProperty("status").GetString() == "standard").GetProperty("id").GetInt64();

    /// <summary>Settings: open from a day before the test clock for ten days unless told, audience all unless told.</summary>
    public static object Settings(ApiFactory factory, string title = "2026 年企业商业秘密保护现状调查", int opensInDays = -1, int days = 10,
        string audience = "all", long[]? districtIds = null, long[]? industryIds = null, long[]? tagIds = null) => new
    {
        title, intro = "请如实填写。", opensAt = factory.Clock.GetUtcNow().AddDays(opensInDays), closesAt = factory.Clock.GetUtcNow().AddDays(opensInDays + days),
        audience, districtIds, industryIds, tagIds,
    };

    /// <summary>A copy of the standard survey with <paramref name="settings"/>; returns its id.</summary>
    public static async Task<long> OpenStandardAsync(HttpClient analyst, object settings)
    {
        var copy = await analyst.PostAsync($"/api/v1/admin/surveys/{await StandardIdAsync(analyst)}/copy", null);
        Assert.Equal(HttpStatusCode.Created, copy.StatusCode);
        var id = (await copy.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var set = await analyst.PutAsJsonAsync($"/api/v1/admin/surveys/{id}", settings);
        Assert.True(set.StatusCode == HttpStatusCode.OK, await set.Content.ReadAsStringAsync());
        return id;
    }

    /// <summary>A complete answer to the standard survey.</summary>
    public static Dictionary<string, object?> Answers(int employees = 100, int secretStaff = 10, int tradeSecrets = 5, int patents = 2,
        int signed = 50, int nonCompete = 5, bool hasSystem = true, int readiness = 8) => new()
    {
        ["employees"] = employees, ["secretStaff"] = secretStaff, ["tradeSecrets"] = tradeSecrets, ["patents"] = patents,
        ["confidentialitySigned"] = signed, ["nonCompeteSigned"] = nonCompete, ["hasSystem"] = hasSystem,
        ["readiness"] = new[] { "保护制度落实", "责任部门和责任人落实", "涉密人员管理落实", "涉密载体和文件管理落实", "涉密区域和信息系统管理落实",
            "保密协议签订到位", "保密教育培训到位", "保护措施检查到位" }.Select((item, i) => (item, i < readiness)).ToDictionary(p => p.item, p => p.Item2),
        ["needs"] = new[] { "培训", "专家咨询" },
    };

    public static Task<HttpResponseMessage> SaveAsync(ApiFactory factory, string token, long surveyId, object answers, object? other = null) =>
        factory.ClientWith(token).PutAsJsonAsync($"/api/v1/surveys/{surveyId}/response", new { answers, other });

    public static Task<HttpResponseMessage> SubmitAsync(ApiFactory factory, string token, long surveyId, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/surveys/{surveyId}/response/submit");
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString());
        return factory.ClientWith(token).SendAsync(request);
    }

    /// <summary>Saves and submits; fails the test unless both succeed.</summary>
    public static async Task AnswerAsync(ApiFactory factory, string token, long surveyId, object answers)
    {
        var saved = await SaveAsync(factory, token, surveyId, answers);
        Assert.True(saved.StatusCode == HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        var submitted = await SubmitAsync(factory, token, surveyId);
        Assert.True(submitted.StatusCode == HttpStatusCode.OK, await submitted.Content.ReadAsStringAsync());
    }

    public static async Task<string[]> FieldErrorsAsync(HttpResponseMessage response)
    {
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation.failed");
        return problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order().ToArray();
    }
}
