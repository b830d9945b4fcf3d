using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MiniExcelLibs;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Experts;

public class ExpertImportTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static Dictionary<string, object?> Row(string name, string organization, string fields = "法律实务",
        object? phone = null, string isPublic = "是") => new()
    {
        ["姓名"] = name, ["工作单位"] = organization, ["职称"] = "律师", ["职务"] = "合伙人", ["专业领域"] = fields,
        ["所在区"] = "河西区", ["个人简介"] = "简介", ["主要成果"] = "成果", ["是否公开"] = isPublic, ["排序"] = 5,
        ["手机"] = phone ?? 13900001111d, ["邮箱"] = "", ["备注"] = "导入备注",
    };

    private static byte[] Sheet(IEnumerable<Dictionary<string, object?>> rows)
    {
        using var stream = new MemoryStream();
        stream.SaveAs(rows.ToList());
        return stream.ToArray();
    }

    private async Task<HttpResponseMessage> ImportAsync(HttpClient editor, byte[] bytes, string query = "", string name = "专家.xlsx")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return await editor.PostAsync($"/api/v1/admin/experts/import{query}", new MultipartFormDataContent { { file, "file", name } });
    }

    private async Task<int> CountAsync(string organization) =>
        await factory.ScalarAsync<int>("SELECT COUNT(*) FROM experts WHERE organization = @organization", new { organization });

    [Fact]
    public async Task A_sheet_with_bad_rows_reports_exactly_them_and_imports_nothing()
    {
        var editor = await factory.EditorAsync();
        var sheet = Sheet(
        [
            Row("甲", "导入单位一"),
            Row("乙", "导入单位一", fields: "炼金术"),
            Row("丙", "导入单位一", "法律实务、知识产权"),
            Row("", "导入单位一"),
            Row("戊", "导入单位一"),
        ]);

        var response = await ImportAsync(editor, sheet);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "import.rows_invalid");
        var rowErrors = problem.GetProperty("rowErrors").EnumerateArray().ToList();
        Assert.Equal([3, 5], rowErrors.Select(e => e.GetProperty("row").GetInt32()).Distinct());
        Assert.Equal("专业领域", rowErrors.First(e => e.GetProperty("row").GetInt32() == 3).GetProperty("column").GetString());
        Assert.Equal("姓名", rowErrors.First(e => e.GetProperty("row").GetInt32() == 5).GetProperty("column").GetString());
        Assert.Equal(0, await CountAsync("导入单位一"));
    }

    [Fact]
    public async Task Valid_rows_can_be_imported_anyway_when_asked()
    {
        var editor = await factory.EditorAsync();
        var sheet = Sheet([Row("甲", "导入单位二"), Row("乙", "导入单位二", fields: "炼金术"), Row("丙", "导入单位二")]);

        var response = await ImportAsync(editor, sheet, "?importValidRows=true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, report.GetProperty("created").GetInt32());
        Assert.Equal([3], report.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("row").GetInt32()));
        Assert.Equal(2, await CountAsync("导入单位二"));
    }

    [Fact]
    public async Task Reimporting_the_same_sheet_updates_and_does_not_duplicate()
    {
        var editor = await factory.EditorAsync();
        var rows = new[] { Row("甲", "导入单位三"), Row("乙", "导入单位三", "知识产权"), Row("丙", "导入单位三") };

        var first = await (await ImportAsync(editor, Sheet(rows))).Content.ReadFromJsonAsync<JsonElement>();
        rows[1]["职称"] = "一级律师";
        var second = await (await ImportAsync(editor, Sheet(rows))).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal((3, 0), (first.GetProperty("created").GetInt32(), first.GetProperty("updated").GetInt32()));
        Assert.Equal((0, 3), (second.GetProperty("created").GetInt32(), second.GetProperty("updated").GetInt32()));
        Assert.Equal(3, await CountAsync("导入单位三"));
        Assert.Equal("一级律师", await factory.ScalarAsync<string>(
            "SELECT title FROM experts WHERE name = '乙' AND organization = '导入单位三'"));
        Assert.Equal("13900001111", await factory.ScalarAsync<string>(
            "SELECT phone FROM experts WHERE name = '甲' AND organization = '导入单位三'"));
    }

    [Fact]
    public async Task The_same_expert_twice_in_one_sheet_is_a_row_error()
    {
        var editor = await factory.EditorAsync();

        var response = await ImportAsync(editor, Sheet([Row("甲", "导入单位四"), Row("甲", "导入单位四")]));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "import.rows_invalid");
        Assert.Equal(3, problem.GetProperty("rowErrors")[0].GetProperty("row").GetInt32());
    }

    [Fact]
    public async Task A_file_that_is_not_xlsx_or_lacks_columns_is_a_clear_400()
    {
        var editor = await factory.EditorAsync();

        await ProblemAssert.IsProblemAsync(await ImportAsync(editor, "姓名,工作单位\n甲,乙"u8.ToArray(), name: "experts.xlsx"),
            HttpStatusCode.BadRequest, "import.not_xlsx");
        var noOrganization = Sheet([new Dictionary<string, object?> { ["姓名"] = "甲", ["单位名称"] = "乙" }]);
        var problem = await ProblemAssert.IsProblemAsync(await ImportAsync(editor, noOrganization), HttpStatusCode.BadRequest,
            "import.columns");
        Assert.Contains("工作单位", problem.GetProperty("detail").GetString());
        Assert.Contains("单位名称", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_downloaded_template_imports_as_it_is()
    {
        var editor = await factory.EditorAsync();
        var template = await editor.GetAsync("/api/v1/admin/experts/import-template");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", template.Content.Headers.ContentType?.MediaType);

        var response = await ImportAsync(editor, await template.Content.ReadAsByteArrayAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("created").GetInt32());
    }
}
