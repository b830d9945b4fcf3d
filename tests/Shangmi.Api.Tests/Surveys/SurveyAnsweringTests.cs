using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Infrastructure;
using static Shangmi.Api.Tests.Surveys.SurveyClient;

namespace Shangmi.Api.Tests.Surveys;

/// <summary>Surveys as an enterprise's members answer them and as analysts define them.</summary>
public class SurveyAnsweringTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task The_standard_survey_is_seeded_read_only_with_indicator_tags_and_copies_into_a_draft()
    {
        var analyst = await AnalystAsync(factory);
        var standardId = await StandardIdAsync(analyst);
        var standard = await analyst.GetFromJsonAsync<JsonElement>($"/api/v1/admin/surveys/{standardId}");
        Assert.Equal("企业商业秘密保护现状调查", standard.GetProperty("title").GetString());
        var indicators = standard.GetProperty("questions").EnumerateArray().Where(q => q.GetProperty("indicator").ValueKind == JsonValueKind.String)
            .ToDictionary(q => q.GetProperty("indicator").GetString()!, q => q.GetProperty("kind").GetString());
        Assert.Equal(8, indicators.Count);
        Assert.Equal("integer", indicators["tradeSecrets"]);
        Assert.Equal("matrix", indicators["readiness"]);
        Assert.Equal(8, standard.GetProperty("questions").EnumerateArray().Single(q => q.GetProperty("key").GetString() == "readiness")
            .GetProperty("items").GetArrayLength());

        await ProblemAssert.IsProblemAsync(await analyst.PutAsJsonAsync($"/api/v1/admin/surveys/{standardId}", Settings(factory)),
            HttpStatusCode.Conflict, "survey.standard");
        var copy = await OpenStandardAsync(analyst, Settings(factory, opensInDays: 5));
        var detail = await analyst.GetFromJsonAsync<JsonElement>($"/api/v1/admin/surveys/{copy}");
        Assert.Equal("scheduled", detail.GetProperty("status").GetString());
        Assert.Equal(standard.GetProperty("questions").GetRawText(), detail.GetProperty("questions").GetRawText());
    }

    [Fact]
    public async Task A_member_reads_the_survey_with_conditions_and_draft_in_one_call_saves_and_submits_once()
    {
        var analyst = await AnalystAsync(factory);
        var surveyId = await OpenStandardAsync(analyst, Settings(factory));
        var (member, _) = await MemberAsync(factory);

        var list = await factory.ClientWith(member).GetFromJsonAsync<JsonElement>("/api/v1/surveys");
        Assert.Contains(list.EnumerateArray(), s => s.GetProperty("id").GetInt64() == surveyId && s.GetProperty("responseStatus").ValueKind == JsonValueKind.Null);
        var partial = new Dictionary<string, object?> { ["employees"] = 120, ["hasSystem"] = true, ["systemRevised"] = false };
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(factory, member, surveyId, partial)).StatusCode);

        var survey = await factory.ClientWith(member).GetFromJsonAsync<JsonElement>($"/api/v1/surveys/{surveyId}");
        Assert.Equal("draft", survey.GetProperty("responseStatus").GetString());
        Assert.Equal(120, survey.GetProperty("answers").GetProperty("employees").GetInt32());
        var revised = survey.GetProperty("questions").EnumerateArray().Single(q => q.GetProperty("key").GetString() == "systemRevised");
        Assert.Equal("hasSystem", revised.GetProperty("showIf").GetProperty("questionKey").GetString());
        Assert.Equal("是", revised.GetProperty("showIf").GetProperty("answer").GetString());

        // Submitting the partial draft names what is missing.
        var missing = await FieldErrorsAsync(await SubmitAsync(factory, member, surveyId));
        Assert.Contains("answers.tradeSecrets", missing);
        Assert.Contains("answers.readiness", missing);

        var answers = Answers();
        answers["remarks"] = "=HYPERLINK(\"http://x\")";
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(factory, member, surveyId, answers)).StatusCode);
        var key = Guid.NewGuid().ToString();
        var first = await SubmitAsync(factory, member, surveyId, key);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("submitted", (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("responseStatus").GetString());

        var retry = await SubmitAsync(factory, member, surveyId, key);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        await ProblemAssert.IsProblemAsync(await SubmitAsync(factory, member, surveyId), HttpStatusCode.Conflict, "survey_response.submitted");
        await ProblemAssert.IsProblemAsync(await SaveAsync(factory, member, surveyId, Answers(employees: 1)), HttpStatusCode.Conflict,
            "survey_response.submitted");
        Assert.Equal(100, (await factory.ClientWith(member).GetFromJsonAsync<JsonElement>($"/api/v1/surveys/{surveyId}"))
            .GetProperty("answers").GetProperty("employees").GetInt32());
        // At rest the answers are sealed: the free text is not in the row.
        var sealedAnswers = await factory.ScalarAsync<byte[]>("SELECT answers_sealed FROM survey_responses WHERE survey_id = @surveyId", new { surveyId });
        Assert.DoesNotContain("HYPERLINK", System.Text.Encoding.UTF8.GetString(sealedAnswers!));
    }

    [Fact]
    public async Task Bad_answers_get_field_errors_naming_the_question()
    {
        var analyst = await AnalystAsync(factory);
        var surveyId = await OpenStandardAsync(analyst, Settings(factory));
        var (member, _) = await MemberAsync(factory);

        Assert.Equal(["answers.employees"], await FieldErrorsAsync(await SaveAsync(factory, member, surveyId, new { employees = 0 })));
        Assert.Equal(["answers.employees"], await FieldErrorsAsync(await SaveAsync(factory, member, surveyId, new { employees = "很多" })));
        Assert.Equal(["answers.patents"], await FieldErrorsAsync(await SaveAsync(factory, member, surveyId, new { patents = 2.5 })));
        var huge = await SaveAsync(factory, member, surveyId, new { patents = 1e35 });
        Assert.Equal(["answers.patents"], await FieldErrorsAsync(huge));
        Assert.Contains("须在 0 到 100000 之间", await huge.Content.ReadAsStringAsync());
        Assert.Equal(["answers.nope"], await FieldErrorsAsync(await SaveAsync(factory, member, surveyId, new { nope = 1 })));
        Assert.Equal(["answers.needs"], await FieldErrorsAsync(await SaveAsync(factory, member, surveyId, new { needs = new[] { "培训", "培训" } })));
        Assert.Equal(["answers.needs"], await FieldErrorsAsync(await SaveAsync(factory, member, surveyId, new { needs = new[] { "发钱" } })));
        Assert.Equal(["answers.readiness"], await FieldErrorsAsync(await SaveAsync(factory, member, surveyId,
            new { readiness = new Dictionary<string, object> { ["不存在的小项"] = true } })));
        Assert.Equal(["other.problems"], await FieldErrorsAsync(await SaveAsync(factory, member, surveyId, new { problems = new[] { "保护投入不足" } },
            new { problems = "没选其他" })));
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(factory, member, surveyId, new { problems = new[] { "其他" } }, new { problems = "缺乏资金" })).StatusCode);
        // A conditional question: shown only when a written system exists.
        Assert.Equal(["answers.systemRevised"], await FieldErrorsAsync(await SaveAsync(factory, member, surveyId,
            new { hasSystem = false, systemRevised = true })));
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(factory, member, surveyId, new { hasSystem = true, systemRevised = true })).StatusCode);

        // Cross-field rules, checked on submission.
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(factory, member, surveyId, Answers(employees: 10, signed: 11, secretStaff: 3, nonCompete: 4))).StatusCode);
        Assert.Equal(["answers.confidentialitySigned", "answers.nonCompeteSigned"], await FieldErrorsAsync(await SubmitAsync(factory, member, surveyId)));
        // A whole number in another spelling is still checked as the number it is.
        var exponent = await factory.ClientWith(member).PutAsync($"/api/v1/surveys/{surveyId}/response", new StringContent(
            JsonSerializer.Serialize(new { answers = Answers(employees: 10) }).Replace("\"confidentialitySigned\":50", "\"confidentialitySigned\":5e3"),
            System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, exponent.StatusCode);
        Assert.Equal(["answers.confidentialitySigned"], await FieldErrorsAsync(await SubmitAsync(factory, member, surveyId)));
        await ProblemAssert.IsProblemAsync(await SubmitAsync(factory, member, surveyId, "not-a-uuid"), HttpStatusCode.BadRequest, "validation.failed");
        var garbage = await factory.ClientWith(member).PutAsync($"/api/v1/surveys/{surveyId}/response",
            new StringContent("{\"answers\": [1,2]}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
    }

    [Fact]
    public async Task Only_verified_members_of_the_audience_answer_and_only_inside_the_window()
    {
        var analyst = await AnalystAsync(factory);
        var hexi = await Enterprises.EnterpriseClient.DistrictAsync(factory, "河西区");
        var chosen = await OpenStandardAsync(analyst, Settings(factory, audience: "chosen", districtIds: [hexi]));
        var liaison = await OpenStandardAsync(analyst, Settings(factory, audience: "liaison"));
        var later = await OpenStandardAsync(analyst, Settings(factory, opensInDays: 3));
        var ended = await OpenStandardAsync(analyst, Settings(factory, opensInDays: -20, days: 5));
        var (inside, _) = await MemberAsync(factory, "河西区");
        var (outside, _) = await MemberAsync(factory, "和平区");

        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(factory, inside, chosen, Answers())).StatusCode);
        await ProblemAssert.IsProblemAsync(await SaveAsync(factory, outside, chosen, Answers()), HttpStatusCode.Forbidden, "survey.not_in_audience");
        await ProblemAssert.IsProblemAsync(await factory.ClientWith(outside).GetAsync($"/api/v1/surveys/{chosen}"), HttpStatusCode.Forbidden,
            "survey.not_in_audience");
        Assert.DoesNotContain((await factory.ClientWith(outside).GetFromJsonAsync<JsonElement>("/api/v1/surveys")).EnumerateArray(),
            s => s.GetProperty("id").GetInt64() == chosen);
        await ProblemAssert.IsProblemAsync(await SaveAsync(factory, inside, liaison, Answers()), HttpStatusCode.Forbidden, "survey.not_in_audience");
        await ProblemAssert.IsProblemAsync(await SaveAsync(factory, inside, later, Answers()), HttpStatusCode.Conflict, "survey.not_open");
        await ProblemAssert.IsProblemAsync(await SaveAsync(factory, inside, ended, Answers()), HttpStatusCode.Conflict, "survey.closed");
        await ProblemAssert.IsProblemAsync(await SubmitAsync(factory, inside, ended), HttpStatusCode.Conflict, "survey.closed");

        var (stranger, _) = await factory.SignInUserAsync("stranger:1");
        await ProblemAssert.IsProblemAsync(await SaveAsync(factory, stranger, chosen, Answers()), HttpStatusCode.Forbidden, "survey.not_member");
        await ProblemAssert.IsProblemAsync(await factory.ClientWith(stranger).GetAsync("/api/v1/surveys"), HttpStatusCode.Forbidden, "survey.not_member");
        // A claim that waits for staff is not a membership.
        var (pending, _) = await factory.SignInUserAsync("pending:1");
        await Enterprises.EnterpriseClient.ClaimedAsync(factory, pending, Enterprises.EnterpriseClient.ClaimForm(Enterprises.EnterpriseClient.NewCode()));
        await ProblemAssert.IsProblemAsync(await SaveAsync(factory, pending, chosen, Answers()), HttpStatusCode.Forbidden, "survey.not_member");
        // The standard survey and unknown ids are not answerable.
        await ProblemAssert.IsProblemAsync(await SaveAsync(factory, inside, await StandardIdAsync(analyst), Answers()), HttpStatusCode.NotFound, "survey.not_found");
        await ProblemAssert.IsProblemAsync(await SaveAsync(factory, inside, 999_999, Answers()), HttpStatusCode.NotFound, "survey.not_found");
    }

    [Fact]
    public async Task Questions_freeze_at_the_first_answer_close_stops_answers_and_a_copy_can_change_again()
    {
        var analyst = await AnalystAsync(factory);
        var surveyId = await OpenStandardAsync(analyst, Settings(factory));
        var questions = new { questions = new object[] { new { key = "q1", kind = "integer", title = "职工总数", required = true, min = 0, max = 10, indicator = "employees" } } };
        Assert.Equal(HttpStatusCode.OK, (await analyst.PutAsJsonAsync($"/api/v1/admin/surveys/{surveyId}/questions", questions)).StatusCode);
        var (member, _) = await MemberAsync(factory);
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(factory, member, surveyId, new { q1 = 3 })).StatusCode);

        await ProblemAssert.IsProblemAsync(await analyst.PutAsJsonAsync($"/api/v1/admin/surveys/{surveyId}/questions", questions),
            HttpStatusCode.Conflict, "survey.frozen");
        // Once answered, the opening time and the audience stay; the title and the closing time may change.
        await ProblemAssert.IsProblemAsync(await analyst.PutAsJsonAsync($"/api/v1/admin/surveys/{surveyId}", Settings(factory, audience: "liaison")),
            HttpStatusCode.Conflict, "survey.frozen");
        await ProblemAssert.IsProblemAsync(await analyst.PutAsJsonAsync($"/api/v1/admin/surveys/{surveyId}", Settings(factory, opensInDays: 1)),
            HttpStatusCode.Conflict, "survey.frozen");
        Assert.Equal(HttpStatusCode.OK, (await analyst.PutAsJsonAsync($"/api/v1/admin/surveys/{surveyId}",
            Settings(factory, title: "改了标题", days: 20))).StatusCode);
        Assert.True((await analyst.GetFromJsonAsync<JsonElement>($"/api/v1/admin/surveys/{surveyId}")).GetProperty("frozen").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await analyst.PostAsync($"/api/v1/admin/surveys/{surveyId}/close", null)).StatusCode);
        await ProblemAssert.IsProblemAsync(await analyst.PostAsync($"/api/v1/admin/surveys/{surveyId}/close", null), HttpStatusCode.Conflict, "survey.closed");
        await ProblemAssert.IsProblemAsync(await SubmitAsync(factory, member, surveyId), HttpStatusCode.Conflict, "survey.closed");

        var copy = await analyst.PostAsync($"/api/v1/admin/surveys/{surveyId}/copy", null);
        var copyId = (await copy.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await analyst.PutAsJsonAsync($"/api/v1/admin/surveys/{copyId}/questions", questions)).StatusCode);
        Assert.Equal("draft", (await analyst.GetFromJsonAsync<JsonElement>($"/api/v1/admin/surveys/{copyId}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Every_question_type_is_accepted_and_bad_definitions_get_field_errors()
    {
        var analyst = await AnalystAsync(factory);
        var settings = Settings(factory);
        var all = new object[]
        {
            new { key = "size", kind = "integer", title = "人数", required = true, min = 1, max = 500, unit = "人" },
            new { key = "area", kind = "decimal", title = "面积", min = 0.5, max = 99.5, unit = "亩" },
            new { key = "form", kind = "singleChoice", title = "组织形式", required = true, options = new[] { "有限公司", "合伙企业" }, allowOther = true },
            new { key = "risks", kind = "multipleChoice", title = "风险", options = new[] { "离职", "外包" } },
            new { key = "exports", kind = "yesNo", title = "是否出口", required = true },
            new { key = "markets", kind = "shortText", title = "主要市场", showIf = new { questionKey = "exports", answer = "是" } },
            new { key = "story", kind = "longText", title = "经验" },
            new { key = "service", kind = "rating", title = "服务评价" },
            new { key = "checks", kind = "matrix", title = "检查", items = new[] { "门禁", "加密" }, required = true },
        };
        var created = await analyst.PostAsJsonAsync("/api/v1/admin/surveys", new
        {
            title = "综合题型测试", intro = "", opensAt = factory.Clock.GetUtcNow().AddDays(-1), closesAt = factory.Clock.GetUtcNow().AddDays(3),
            audience = "all", questions = all,
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var surveyId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var (member, _) = await MemberAsync(factory);
        await AnswerAsync(factory, member, surveyId, new
        {
            size = 12, area = 3.25, form = "其他", risks = new[] { "离职", "外包" }, exports = true, markets = "东南亚", story = "多年经验",
            service = 5, checks = new { 门禁 = true, 加密 = false },
        });
        var (member2, _) = await MemberAsync(factory);
        Assert.Equal(["answers.area", "answers.service"], await FieldErrorsAsync(await SaveAsync(factory, member2, surveyId, new { area = 100, service = 6 })));
        Assert.Equal(["answers.markets"], await FieldErrorsAsync(await SaveAsync(factory, member2, surveyId, new { exports = false, markets = "无" })));

        var bad = await analyst.PostAsJsonAsync("/api/v1/admin/surveys", new
        {
            title = "", opensAt = factory.Clock.GetUtcNow(), audience = "chosen",
            questions = new object[]
            {
                new { key = "a", kind = "yesNo", title = "先", showIf = new { questionKey = "b", answer = "是" } },
                new { key = "b", kind = "yesNo", title = "后", indicator = "employees" },
                new { key = "b", kind = "singleChoice", title = "重复", options = new[] { "只有一个" } },
                new { key = "c", kind = "integer", title = "范围", min = 5, max = 1 },
            },
        });
        var fields = await FieldErrorsAsync(bad);
        Assert.Equal(["audience", "closesAt", "questions[0].showIf", "questions[1].indicator", "questions[2].key", "questions[2].options",
            "questions[3].max", "title"], fields);
        Assert.Equal(["questions"], await FieldErrorsAsync(await analyst.PutAsJsonAsync($"/api/v1/admin/surveys/{surveyId}/questions", new { questions = Array.Empty<object>() })));
    }

    [Fact]
    public async Task Two_members_of_one_enterprise_share_one_response_last_save_wins_and_one_submission_goes_through()
    {
        var analyst = await AnalystAsync(factory);
        var surveyId = await OpenStandardAsync(analyst, Settings(factory));
        var service = await Enterprises.EnterpriseClient.ServiceAsync(factory);
        var (first, enterpriseId) = await MemberAsync(factory, service: service);
        var code = await factory.ScalarAsync<string>("SELECT credit_code FROM enterprises WHERE id = @enterpriseId", new { enterpriseId });
        var (second, _) = await factory.SignInUserAsync("second-member:1");
        var claim = await Enterprises.EnterpriseClient.ClaimedAsync(factory, second, Enterprises.EnterpriseClient.ClaimForm(code!));
        Assert.Equal(HttpStatusCode.OK, (await service.PostAsync($"/api/v1/admin/enterprise-claims/{claim}/verify", null)).StatusCode);

        var saves = await Task.WhenAll(SaveAsync(factory, first, surveyId, Answers(employees: 200, signed: 20)),
            SaveAsync(factory, second, surveyId, Answers(employees: 300, signed: 30)));
        Assert.All(saves, s => Assert.Equal(HttpStatusCode.OK, s.StatusCode));
        var kept = (await factory.ClientWith(first).GetFromJsonAsync<JsonElement>($"/api/v1/surveys/{surveyId}")).GetProperty("answers");
        // One whole body won, never a mix of the two.
        Assert.Contains((kept.GetProperty("employees").GetInt32(), kept.GetProperty("confidentialitySigned").GetInt32()), new[] { (200, 20), (300, 30) });

        var submits = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => SubmitAsync(factory, i % 2 == 0 ? first : second, surveyId)));
        Assert.Equal(1, submits.Count(s => s.StatusCode == HttpStatusCode.OK));
        Assert.All(submits.Where(s => s.StatusCode != HttpStatusCode.OK), s => Assert.Equal(HttpStatusCode.Conflict, s.StatusCode));
        Assert.Equal(1L, await factory.ScalarAsync<long>("SELECT COUNT(*) FROM survey_responses WHERE survey_id = @surveyId AND enterprise_id = @enterpriseId",
            new { surveyId, enterpriseId }));

        // Staff reopen it; the members may correct and submit again, and the reopening is in the enterprise's history.
        var responseId = (await analyst.GetFromJsonAsync<JsonElement>($"/api/v1/admin/surveys/{surveyId}/responses")).GetProperty("items")
            .EnumerateArray().Single().GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await analyst.PostAsync($"/api/v1/admin/surveys/{surveyId}/responses/{responseId}/reopen", null)).StatusCode);
        await ProblemAssert.IsProblemAsync(await analyst.PostAsync($"/api/v1/admin/surveys/{surveyId}/responses/{responseId}/reopen", null),
            HttpStatusCode.Conflict, "survey_response.not_submitted");
        await AnswerAsync(factory, first, surveyId, Answers(employees: 250));
        Assert.Equal(1L, await factory.ScalarAsync<long>("SELECT COUNT(*) FROM enterprise_log WHERE enterprise_id = @enterpriseId AND action = 'survey_reopened'",
            new { enterpriseId }));
        await ProblemAssert.IsProblemAsync(await analyst.PostAsync($"/api/v1/admin/surveys/{surveyId}/responses/999999/reopen", null),
            HttpStatusCode.NotFound, "survey_response.not_found");
    }
}
