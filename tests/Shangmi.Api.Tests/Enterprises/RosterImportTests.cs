using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MiniExcelLibs;
using Shangmi.Api.Tests.Infrastructure;
using static Shangmi.Api.Tests.Enterprises.EnterpriseClient;

namespace Shangmi.Api.Tests.Enterprises;

public class RosterImportTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    public static Dictionary<string, object?> Row(string name, string code, string district = "河西区", string industry = "C",
        string tags = "技术密集型、专精特新", object? employees = null, string? since = "2026-03-01") => new()
    {
        ["企业名称"] = name, ["统一社会信用代码"] = code, ["所在区"] = district, ["行业门类"] = industry, ["企业规模"] = "中型",
        ["企业类型"] = tags, ["地址"] = "友谊路 1 号", ["从业人数"] = employees ?? 120d, ["联络点设立日期"] = since,
    };

    public static byte[] Sheet(IEnumerable<Dictionary<string, object?>> rows)
    {
        using var stream = new MemoryStream();
        stream.SaveAs(rows.ToList());
        return stream.ToArray();
    }

    public static async Task<HttpResponseMessage> ImportAsync(HttpClient staff, byte[] bytes, string query = "")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return await staff.PostAsync($"/api/v1/admin/enterprises/import{query}", new MultipartFormDataContent { { file, "file", "名录.xlsx" } });
    }

    [Fact]
    public async Task A_roster_with_bad_rows_reports_them_with_row_numbers_and_imports_nothing_by_default()
    {
        var service = await ServiceAsync(factory);
        var good = NewCode();
        var duplicate = NewCode();
        var rows = new[]
        {
            Row("天津甲科技有限公司", good),                               // row 2: fine
            Row("天津乙有限公司", "911200007186767479"),                  // row 3: bad check character
            Row(new string('长', 101), NewCode()),                         // row 4: name too long
            Row("天津丙有限公司", NewCode(), district: "火星区"),            // row 5: unknown district
            Row("天津丁有限公司", NewCode(), industry: "Z", tags: "外星型"), // row 6: unknown industry and tag
            Row("天津戊有限公司", duplicate),                              // row 7: fine
            Row("天津戊有限公司二号", duplicate),                          // row 8: same code as row 7
            Row("天津己有限公司", NewCode(), employees: "很多"),            // row 9: not a number
        };

        var response = await ImportAsync(service, Sheet(rows));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "import.rows_invalid");
        var errors = problem.GetProperty("rowErrors").EnumerateArray()
            .Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString())).ToList();
        Assert.Equal([3, 4, 5, 6, 8, 9], errors.Select(e => e.Item1).Distinct().Order());
        Assert.Contains((3, "统一社会信用代码"), errors);
        Assert.Contains((4, "企业名称"), errors);
        Assert.Contains((5, "所在区"), errors);
        Assert.Contains((6, "行业门类"), errors);
        Assert.Contains((6, "企业类型"), errors);
        Assert.Contains((8, "统一社会信用代码"), errors);
        Assert.Contains((9, "从业人数"), errors);
        Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT COUNT(*) FROM enterprises WHERE credit_code IN @codes",
            new { codes = new[] { good, duplicate } }));

        var report = await (await ImportAsync(service, Sheet(rows), "?importValidRows=true")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(report.GetProperty("imported").GetBoolean());
        Assert.Equal(2, report.GetProperty("created").GetInt32());
        var list = await service.GetFromJsonAsync<JsonElement>($"/api/v1/admin/enterprises?q={good}&designation=liaisonPoint&status=verified");
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        var id = list.GetProperty("items")[0].GetProperty("id").GetInt64();
        var profile = (await service.GetFromJsonAsync<JsonElement>($"/api/v1/admin/enterprises/{id}")).GetProperty("profile");
        Assert.Equal("制造业", profile.GetProperty("industryName").GetString());
        Assert.Equal(["技术密集型", "专精特新"], profile.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal("2026-03-01", profile.GetProperty("liaisonPoint").GetProperty("since").GetString());
    }

    [Fact]
    public async Task A_sheet_with_a_column_twice_is_a_400_naming_the_column_and_imports_nothing()
    {
        var service = await ServiceAsync(factory);
        var code = NewCode();
        var row = Row("天津重列有限公司", code);
        var cells = new[] { row.Keys.Append("企业名称").Cast<object?>().ToList(), row.Values.Append("天津另名有限公司").ToList() };
        using var stream = new MemoryStream();
        stream.SaveAs(cells.Select(r => r.Select((v, i) => (Key: $"c{i}", Value: v)).ToDictionary(c => c.Key, c => c.Value)).ToList(),
            printHeader: false);

        var response = await ImportAsync(service, stream.ToArray());

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "import.columns");
        Assert.Contains("企业名称", problem.GetProperty("detail").GetString());
        Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT COUNT(*) FROM enterprises WHERE credit_code = @code", new { code }));
    }

    [Fact]
    public async Task A_file_that_is_not_the_template_is_refused_as_a_whole()
    {
        var service = await ServiceAsync(factory);

        await ProblemAssert.IsProblemAsync(await ImportAsync(service, "not a spreadsheet"u8.ToArray()), HttpStatusCode.BadRequest, "import.not_xlsx");
        await ProblemAssert.IsProblemAsync(await ImportAsync(service, Sheet([new() { ["名称"] = "x" }])), HttpStatusCode.BadRequest, "import.columns");
        var template = await service.GetByteArrayAsync("/api/v1/admin/enterprises/import-template");
        var report = await (await ImportAsync(service, template)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, report.GetProperty("created").GetInt32() + report.GetProperty("updated").GetInt32());
    }

    [Fact]
    public async Task Every_export_is_recorded_with_who_and_how_many()
    {
        var (staffId, token) = await factory.CreateStaffAsync("service");
        var service = factory.ClientWith(token);
        await ImportAsync(service, Sheet([Row("天津导出测试有限公司", NewCode())]));

        var response = await service.GetAsync("/api/v1/admin/enterprises/export?q=导出测试");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = new MemoryStream(await response.Content.ReadAsByteArrayAsync()).Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Single(rows);
        Assert.Equal("天津导出测试有限公司", rows[0]["企业名称"]);
        Assert.Equal("1 家", (await factory.ScalarAsync<string>(
            "SELECT new_value FROM enterprise_log WHERE action = 'exported' AND staff_id = @staffId", new { staffId }))![..3]);
    }
}
