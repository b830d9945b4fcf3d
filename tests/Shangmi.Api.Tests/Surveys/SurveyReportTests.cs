using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MiniExcelLibs;
using Shangmi.Api.Tests.Infrastructure;
using static Shangmi.Api.Tests.Surveys.SurveyClient;

namespace Shangmi.Api.Tests.Surveys;

/// <summary>The analysis report over HTTP: rates, the response rate at closing, suppression, the exports and who may read what.</summary>
public class SurveyReportTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private async Task<long> DistrictAsync(string name) => await Enterprises.EnterpriseClient.DistrictAsync(factory, name);

    private static JsonElement Group(JsonElement groups, string name) => groups.EnumerateArray().Single(g => g.GetProperty("name").GetString() == name);

    private static JsonElement Figure(JsonElement group, string measure) =>
        group.GetProperty("figures").EnumerateArray().Single(f => f.GetProperty("measure").GetString() == measure);

    [Fact]
    public async Task The_report_gives_weighted_and_mean_rates_sums_medians_choices_and_the_rate_against_the_audience_at_closing()
    {
        var analyst = await AnalystAsync(factory);
        var surveyId = await OpenStandardAsync(analyst, Settings(factory, audience: "chosen", districtIds: [await DistrictAsync("东丽区")]));
        var service = await Enterprises.EnterpriseClient.ServiceAsync(factory);
        var members = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            members.Add((await MemberAsync(factory, "东丽区", "C", service)).Token);
        }

        // Signed ÷ employees 10/10, 10/100, 0/90: weighted 20/200 = 0.1, mean of rates (1 + 0.1 + 0)/3 = 0.3667. One writes 10.0.
        var first = Answers(employees: 10, signed: 10, tradeSecrets: 4, secretStaff: 2, nonCompete: 1, readiness: 8);
        first["employees"] = 10.0m;
        await AnswerAsync(factory, members[0], surveyId, first);
        await AnswerAsync(factory, members[1], surveyId, Answers(employees: 100, signed: 10, tradeSecrets: 10, secretStaff: 6, nonCompete: 3, readiness: 3));
        await AnswerAsync(factory, members[2], surveyId, Answers(employees: 90, signed: 0, tradeSecrets: 1, secretStaff: 2, nonCompete: 0, hasSystem: false, readiness: 0));
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(factory, members[3], surveyId, Answers())).StatusCode); // a draft counts for nothing

        // The list gives the live response rate: submitted against the audience counted now (4 verified in 东丽区).
        var listed = (await analyst.GetFromJsonAsync<JsonElement>("/api/v1/admin/surveys")).GetProperty("items").EnumerateArray()
            .Single(s => s.GetProperty("id").GetInt64() == surveyId);
        Assert.Equal((3, 1, 4), (listed.GetProperty("submitted").GetInt32(), listed.GetProperty("drafts").GetInt32(),
            listed.GetProperty("audienceCount").GetInt32()));

        // While answers still come in, two readings a submission apart would give that enterprise's numbers: no report yet.
        foreach (var route in new[] { "report", "report/cross?measure=patents", "report/export" })
        {
            await ProblemAssert.IsProblemAsync(await analyst.GetAsync($"/api/v1/admin/surveys/{surveyId}/{route}"), HttpStatusCode.Conflict,
                "survey.report_not_ready");
        }

        Assert.Equal(HttpStatusCode.OK, (await analyst.PostAsync($"/api/v1/admin/surveys/{surveyId}/close", null)).StatusCode);
        var report = await analyst.GetFromJsonAsync<JsonElement>($"/api/v1/admin/surveys/{surveyId}/report");
        Assert.Equal((3, 4, 0.75m), (report.GetProperty("responses").GetInt32(), report.GetProperty("audience").GetInt32(),
            report.GetProperty("responseRate").GetDecimal()));
        var city = report.GetProperty("city");
        Assert.Equal((0.1m, 0.3667m), (Figure(city, "confidentialityRate").GetProperty("weightedRate").GetDecimal(),
            Figure(city, "confidentialityRate").GetProperty("meanRate").GetDecimal()));
        Assert.Equal((0.4m, 0.3333m), (Figure(city, "nonCompeteRate").GetProperty("weightedRate").GetDecimal(),
            Figure(city, "nonCompeteRate").GetProperty("meanRate").GetDecimal()));
        Assert.Equal(200m, Figure(city, "employees").GetProperty("sum").GetDecimal());
        Assert.Equal((15m, 4m), (Figure(city, "tradeSecrets").GetProperty("sum").GetDecimal(), Figure(city, "tradeSecrets").GetProperty("median").GetDecimal()));
        Assert.Equal(0.6667m, Figure(city, "protectionSystem").GetProperty("share").GetDecimal());
        Assert.Equal([1, 0, 0, 1, 0, 0, 0, 0, 1], report.GetProperty("readiness").GetProperty("distribution").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(3, Group(report.GetProperty("districts"), "东丽区").GetProperty("respondents").GetInt32());
        var needs = report.GetProperty("choices").EnumerateArray().Single(c => c.GetProperty("questionKey").GetString() == "needs");
        var training = needs.GetProperty("choices").EnumerateArray().Single(c => c.GetProperty("choice").GetString() == "培训");
        Assert.Equal((3, 1m), (training.GetProperty("count").GetInt32(), training.GetProperty("share").GetDecimal()));

        // Closing counted the audience; an enterprise verified later does not change the rate, nor can anyone reopen.
        await MemberAsync(factory, "东丽区", "C", service);
        var later = await analyst.GetFromJsonAsync<JsonElement>($"/api/v1/admin/surveys/{surveyId}/report");
        Assert.Equal((4, "closed"), (later.GetProperty("audience").GetInt32(), later.GetProperty("status").GetString()));
        Assert.Equal(4, (await analyst.GetFromJsonAsync<JsonElement>("/api/v1/admin/surveys")).GetProperty("items").EnumerateArray()
            .Single(s => s.GetProperty("id").GetInt64() == surveyId).GetProperty("audienceCount").GetInt32());
        var responseId = (await analyst.GetFromJsonAsync<JsonElement>($"/api/v1/admin/surveys/{surveyId}/responses")).GetProperty("items")[0]
            .GetProperty("id").GetInt64();
        await ProblemAssert.IsProblemAsync(await analyst.PostAsync($"/api/v1/admin/surveys/{surveyId}/responses/{responseId}/reopen", null),
            HttpStatusCode.Conflict, "survey.not_open");
    }

    /// <summary>
    /// 南开区 has one respondent with a distinctive count of trade secrets (777), 河东区 exactly two, 河北区 exactly three,
    /// 红桥区 four. The lone enterprise's figure must not be readable: not shown, and not the city total minus the shown
    /// districts (nor minus the shown industries, nor from the cross table).
    /// </summary>
    [Fact]
    public async Task No_single_enterprise_number_can_be_read_from_the_report_or_its_export()
    {
        var analyst = await AnalystAsync(factory);
        string[] districts = ["南开区", "河东区", "河北区", "红桥区"];
        var ids = new List<long>();
        foreach (var d in districts)
        {
            ids.Add(await DistrictAsync(d));
        }

        var surveyId = await OpenStandardAsync(analyst, Settings(factory, audience: "chosen", districtIds: [.. ids]));
        var service = await Enterprises.EnterpriseClient.ServiceAsync(factory);
        var secrets = new Dictionary<string, int[]> { ["南开区"] = [777], ["河东区"] = [31, 37], ["河北区"] = [11, 13, 17], ["红桥区"] = [41, 43, 47, 53] };
        foreach (var (district, values) in secrets)
        {
            for (var i = 0; i < values.Length; i++)
            {
                var (token, _) = await MemberAsync(factory, district, i % 2 == 0 ? "C" : "I", service);
                await AnswerAsync(factory, token, surveyId, Answers(tradeSecrets: values[i], employees: 1000 + values[i], patents: values[i]));
            }
        }

        Assert.Equal(HttpStatusCode.OK, (await analyst.PostAsync($"/api/v1/admin/surveys/{surveyId}/close", null)).StatusCode);
        var response = await analyst.GetAsync($"/api/v1/admin/surveys/{surveyId}/report");
        var text = await response.Content.ReadAsStringAsync();
        var report = JsonDocument.Parse(text).RootElement;
        var byDistrict = report.GetProperty("districts");
        Assert.True(Group(byDistrict, "河东区").GetProperty("suppressed").GetBoolean()); // exactly 2
        Assert.False(Group(byDistrict, "河北区").GetProperty("suppressed").GetBoolean()); // exactly 3
        Assert.Equal(3, Group(byDistrict, "河北区").GetProperty("respondents").GetInt32());
        Assert.True(Group(byDistrict, "南开区").GetProperty("suppressed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, Figure(Group(byDistrict, "南开区"), "tradeSecrets").GetProperty("sum").ValueKind);
        Assert.DoesNotContain("777", text);
        Assert.DoesNotContain("1777", text);

        // Subtraction along every published total yields a sum over at least three enterprises, never 777 alone.
        decimal Shown(JsonElement groups, string measure) => groups.EnumerateArray().Select(g => Figure(g, measure))
            .Where(f => !f.GetProperty("suppressed").GetBoolean() && f.GetProperty("sum").ValueKind == JsonValueKind.Number).Sum(f => f.GetProperty("sum").GetDecimal());
        var cityTotal = Figure(report.GetProperty("city"), "tradeSecrets").GetProperty("sum").GetDecimal();
        Assert.Equal(secrets.Values.SelectMany(v => v).Sum(), cityTotal);
        Assert.Equal(777 + 31 + 37, cityTotal - Shown(byDistrict, "tradeSecrets"));
        // By industry: 南开区's one enterprise is in C with five others (31, 11, 17, 41, 47), I has four: both shown, nothing hidden.
        var hiddenByIndustry = cityTotal - Shown(report.GetProperty("industries"), "tradeSecrets");
        Assert.True(hiddenByIndustry == 0 || hiddenByIndustry == cityTotal, $"industries hide {hiddenByIndustry}");
        foreach (var measure in new[] { "tradeSecrets", "patents", "employees" })
        {
            var cross = await analyst.GetFromJsonAsync<JsonElement>($"/api/v1/admin/surveys/{surveyId}/report/cross?measure={measure}");
            var nankai = cross.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("districtName").GetString() == "南开区");
            Assert.All(nankai.GetProperty("cells").EnumerateArray(), c => Assert.Equal(JsonValueKind.Null, c.GetProperty("sum").ValueKind));
            Assert.DoesNotContain("777", cross.GetRawText());
            foreach (var column in Enumerable.Range(0, cross.GetProperty("columns").GetArrayLength()))
            {
                var cells = cross.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("cells")[column]).ToList();
                var hiddenButAnswered = cells.Count(c => c.GetProperty("suppressed").GetBoolean());
                Assert.NotEqual(1, hiddenButAnswered); // a lone hidden cell in a column would be the column total minus the rest
            }
        }

        // The .xlsx: one sheet per table, the same suppression.
        var export = await analyst.GetAsync($"/api/v1/admin/surveys/{surveyId}/report/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var bytes = await export.Content.ReadAsByteArrayAsync();
        var sheets = MiniExcel.GetSheetNames(new MemoryStream(bytes));
        Assert.Contains("全市与各区", sheets);
        Assert.Contains("交叉表-商业秘密数", sheets);
        Assert.Contains("选择题", sheets);
        var cellsText = sheets.SelectMany(sheet => new MemoryStream(bytes).Query(sheetName: sheet).Cast<IDictionary<string, object?>>()
            .SelectMany(row => row.Values)).Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.DoesNotContain("777", cellsText);
        Assert.DoesNotContain("1777", cellsText);
        Assert.Contains("不足 3 家", cellsText);
        var districtRows = new MemoryStream(bytes).Query(useHeaderRow: true, sheetName: "全市与各区").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal("不足 3 家", districtRows.Single(r => (string?)r["分组"] == "南开区")["商业秘密数合计"]);
    }

    [Fact]
    public async Task Raw_answers_go_to_admins_only_and_every_export_is_recorded()
    {
        var analyst = await AnalystAsync(factory);
        var surveyId = await OpenStandardAsync(analyst, Settings(factory, audience: "chosen", districtIds: [await DistrictAsync("宝坻区")]));
        var (member, _) = await MemberAsync(factory, "宝坻区");
        var answers = Answers(tradeSecrets: 42);
        answers["remarks"] = "希望多组织培训";
        await AnswerAsync(factory, member, surveyId, answers);

        await ProblemAssert.IsProblemAsync(await analyst.GetAsync($"/api/v1/admin/surveys/{surveyId}/answers/export"), HttpStatusCode.Forbidden, "auth.forbidden");
        var (adminId, adminToken) = await factory.CreateStaffAsync("admin");
        var admin = factory.ClientWith(adminToken);
        var export = await admin.GetAsync($"/api/v1/admin/surveys/{surveyId}/answers/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var rows = new MemoryStream(await export.Content.ReadAsByteArrayAsync()).Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        var row = Assert.Single(rows);
        Assert.Equal("希望多组织培训", row["12. 其他意见和建议"]);
        Assert.Equal(42d, Convert.ToDouble(row["3. 已识别并登记的商业秘密数"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("是", row["9. “五落实、三到位”情况：保密教育培训到位"]);
        Assert.Equal(factory.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm"), row["提交时间"]);

        var records = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/admin/surveys/{surveyId}/answers/exports");
        var record = Assert.Single(records.EnumerateArray());
        Assert.Equal((adminId, 1), (record.GetProperty("staffId").GetInt64(), record.GetProperty("rows").GetInt32()));
        Assert.Equal(factory.Clock.GetUtcNow(), record.GetProperty("at").GetDateTimeOffset());
        await ProblemAssert.IsProblemAsync(await analyst.GetAsync($"/api/v1/admin/surveys/{surveyId}/answers/exports"), HttpStatusCode.Forbidden, "auth.forbidden");
        await ProblemAssert.IsProblemAsync(await admin.GetAsync("/api/v1/admin/surveys/999999/answers/export"), HttpStatusCode.NotFound, "survey.not_found");
    }

    [Fact]
    public async Task Raw_export_columns_are_numbered_so_equal_titles_neither_overwrite_each_other_nor_the_enterprise_name()
    {
        var analyst = await AnalystAsync(factory);
        var created = await analyst.PostAsJsonAsync("/api/v1/admin/surveys", new
        {
            title = "同名题目", opensAt = factory.Clock.GetUtcNow().AddDays(-1), closesAt = factory.Clock.GetUtcNow().AddDays(3), audience = "chosen",
            districtIds = new[] { await DistrictAsync("蓟州区") },
            questions = new object[] { new { key = "a", kind = "shortText", title = "企业名称" }, new { key = "b", kind = "shortText", title = "企业名称" } },
        });
        var surveyId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var (member, enterpriseId) = await MemberAsync(factory, "蓟州区");
        await AnswerAsync(factory, member, surveyId, new { a = "甲", b = "乙" });

        var admin = factory.ClientWith((await factory.CreateStaffAsync("admin")).Token);
        var bytes = await admin.GetByteArrayAsync($"/api/v1/admin/surveys/{surveyId}/answers/export");
        var row = Assert.Single(new MemoryStream(bytes).Query(useHeaderRow: true).Cast<IDictionary<string, object?>>());
        Assert.Equal(await factory.ScalarAsync<string>("SELECT name FROM enterprises WHERE id = @enterpriseId", new { enterpriseId }), row["企业名称"]);
        Assert.Equal(("甲", "乙"), (row["1. 企业名称"], row["2. 企业名称"]));
    }

    [Fact]
    public async Task District_staff_read_the_same_report_as_the_city_but_only_their_district_s_responses()
    {
        var analyst = await AnalystAsync(factory);
        var jinnan = await DistrictAsync("津南区");
        var beichen = await DistrictAsync("北辰区");
        var surveyId = await OpenStandardAsync(analyst, Settings(factory, audience: "chosen", districtIds: [jinnan, beichen]));
        var service = await Enterprises.EnterpriseClient.ServiceAsync(factory);
        foreach (var (district, n) in new[] { ("津南区", 3), ("北辰区", 1) })
        {
            for (var i = 0; i < n; i++)
            {
                await AnswerAsync(factory, (await MemberAsync(factory, district, "C", service)).Token, surveyId, Answers(tradeSecrets: 7 + i));
            }
        }

        Assert.Equal(HttpStatusCode.OK, (await analyst.PostAsync($"/api/v1/admin/surveys/{surveyId}/close", null)).StatusCode);
        var (scopedId, scopedToken) = await factory.CreateStaffAsync("analyst");
        var admin = factory.ClientWith(await factory.SignInStaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword));
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/admin/staff/{scopedId}/district", new { districtId = beichen })).StatusCode);
        var scoped = factory.ClientWith(scopedToken);

        // A report of 北辰区 alone would show its one enterprise, or, beside the city's, give it away by subtraction.
        Assert.Equal(await analyst.GetStringAsync($"/api/v1/admin/surveys/{surveyId}/report"),
            await scoped.GetStringAsync($"/api/v1/admin/surveys/{surveyId}/report"));
        var mine = (await scoped.GetFromJsonAsync<JsonElement>($"/api/v1/admin/surveys/{surveyId}/responses")).GetProperty("items");
        Assert.Equal(1, mine.GetArrayLength());
        Assert.Equal(4, (await analyst.GetFromJsonAsync<JsonElement>($"/api/v1/admin/surveys/{surveyId}/responses")).GetProperty("total").GetInt32());
        await ProblemAssert.IsProblemAsync(await scoped.PostAsync(
                $"/api/v1/admin/surveys/{surveyId}/responses/{(await analyst.GetFromJsonAsync<JsonElement>($"/api/v1/admin/surveys/{surveyId}/responses"))
                    .GetProperty("items").EnumerateArray().First(r => r.GetProperty("districtName").GetString() == "津南区").GetProperty("id").GetInt64()}/reopen", null),
            HttpStatusCode.NotFound, "survey_response.not_found");
    }

    [Fact]
    public async Task Role_matrix_analysts_and_admins_run_surveys_other_staff_and_users_are_refused()
    {
        var analyst = await AnalystAsync(factory);
        var surveyId = await OpenStandardAsync(analyst, Settings(factory));
        Assert.Equal(HttpStatusCode.OK, (await analyst.PostAsync($"/api/v1/admin/surveys/{surveyId}/close", null)).StatusCode);
        var admin = factory.ClientWith((await factory.CreateStaffAsync("admin")).Token);
        var others = new List<HttpClient>();
        foreach (var role in new[] { "editor", "officer", "service" })
        {
            others.Add(factory.ClientWith((await factory.CreateStaffAsync(role)).Token));
        }

        var (user, _) = await MemberAsync(factory);
        string[] analystRoutes =
        [
            "/api/v1/admin/surveys", $"/api/v1/admin/surveys/{surveyId}", $"/api/v1/admin/surveys/{surveyId}/responses",
            $"/api/v1/admin/surveys/{surveyId}/report", $"/api/v1/admin/surveys/{surveyId}/report/cross?measure=patents",
            $"/api/v1/admin/surveys/{surveyId}/report/export",
        ];
        foreach (var route in analystRoutes)
        {
            Assert.Equal((route, HttpStatusCode.OK), (route, (await analyst.GetAsync(route)).StatusCode));
            Assert.Equal((route, HttpStatusCode.OK), (route, (await admin.GetAsync(route)).StatusCode));
            foreach (var other in others)
            {
                Assert.Equal((route, HttpStatusCode.Forbidden), (route, (await other.GetAsync(route)).StatusCode));
            }

            Assert.Equal((route, HttpStatusCode.Forbidden), (route, (await factory.ClientWith(user).GetAsync(route)).StatusCode));
            Assert.Equal((route, HttpStatusCode.Unauthorized), (route, (await factory.CreateClient().GetAsync(route)).StatusCode));
        }

        foreach (var route in new[] { $"/api/v1/admin/surveys/{surveyId}/answers/export", $"/api/v1/admin/surveys/{surveyId}/answers/exports" })
        {
            Assert.Equal((route, HttpStatusCode.OK), (route, (await admin.GetAsync(route)).StatusCode));
            Assert.Equal((route, HttpStatusCode.Forbidden), (route, (await analyst.GetAsync(route)).StatusCode));
        }

        // Staff tokens do not answer surveys; the analyst role is one an admin can grant.
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync("/api/v1/surveys")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.ClientWith(user).GetAsync($"/api/v1/surveys/{surveyId}")).StatusCode); // closed: read-only
        await ProblemAssert.IsProblemAsync(await analyst.GetAsync($"/api/v1/admin/surveys/{surveyId}/report/cross?measure=nope"),
            HttpStatusCode.BadRequest, "validation.failed");
        await ProblemAssert.IsProblemAsync(await analyst.GetAsync("/api/v1/admin/surveys/999999/report"), HttpStatusCode.NotFound, "survey.not_found");
    }
}
