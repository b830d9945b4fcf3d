using System.Globalization;
using Shangmi.Api.Common.Spreadsheets;

namespace Shangmi.Api.Experts;

/// <summary>
/// Reads the expert spreadsheet (.xlsx, one expert per row, headers in row 1 as in the template) into checked
/// rows. An expert is matched to an existing one by 姓名 + 工作单位 (name and organization): the same person at
/// the same place is updated, anyone else is created.
/// </summary>
public static class ExpertImport
{
    public const int MaxRows = 2000;

    /// <summary>The template's columns in order; the first two are required in every sheet and row.</summary>
    public static readonly (string Header, string Field)[] Columns =
    [
        ("姓名", "name"), ("工作单位", "organization"), ("职称", "title"), ("职务", "position"), ("专业领域", "fields"),
        ("所在区", "region"), ("个人简介", "bio"), ("主要成果", "achievements"), ("是否公开", "isPublic"),
        ("排序", "sortOrder"), ("手机", "phone"), ("邮箱", "email"), ("备注", "notes"),
    ];

    private static readonly string[] Required = ["姓名", "工作单位"];
    private static readonly string[] Yes = ["是", "公开", "y", "yes", "true", "1"];
    private static readonly string[] No = ["否", "不公开", "n", "no", "false", "0"];

    /// <summary>One data row: its Excel row number, the request it holds, and cells that could not be read.</summary>
    public sealed record Row(int Number, ExpertRequest Request, IReadOnlyList<ImportRowError> CellErrors);

    public static string HeaderOf(string field) => Columns.FirstOrDefault(c => c.Field == field).Header ?? field;

    /// <summary>
    /// Checks every row with <see cref="ExpertRules.Check"/>, and refuses a second row for the same expert (name and
    /// organization, as the import matches): the experts to write and each row's errors under its column header.
    /// </summary>
    public static (IReadOnlyList<ExpertWrite> Valid, IReadOnlyList<ImportRowError> Errors) Check(
        IReadOnlyList<Row> rows, ExpertVocabulary vocabulary)
    {
        var errors = new List<ImportRowError>();
        var valid = new List<ExpertWrite>();
        var firstRowOf = new Dictionary<string, int>();
        foreach (var row in rows)
        {
            var (fieldErrors, expert) = ExpertRules.Check(row.Request, vocabulary);
            var rowErrors = row.CellErrors.Concat(fieldErrors.Messages
                .Select(m => new ImportRowError(row.Number, HeaderOf(m.Field), m.Message))).ToList();
            if (expert is not null && rowErrors.Count == 0)
            {
                var key = ExpertStore.NaturalKey(expert.Name, expert.Organization);
                if (firstRowOf.TryGetValue(key, out var first))
                {
                    rowErrors.Add(new ImportRowError(row.Number, "姓名", $"与第 {first} 行重复（姓名与工作单位相同）"));
                }
                else
                {
                    firstRowOf[key] = row.Number;
                    valid.Add(expert);
                }
            }

            errors.AddRange(rowErrors);
        }

        return (valid, errors);
    }

    /// <summary>The template to download: the headers and one example row.</summary>
    public static byte[] Template()
    {
        var example = new Dictionary<string, object?>
        {
            ["姓名"] = "（示例）张明", ["工作单位"] = "某某律师事务所", ["职称"] = "高级律师", ["职务"] = "合伙人",
            ["专业领域"] = "法律实务、企业合规管理", ["所在区"] = "和平区", ["个人简介"] = "从事商业秘密诉讼十余年。",
            ["主要成果"] = "代理多起商业秘密案件。", ["是否公开"] = "是", ["排序"] = 10, ["手机"] = "13800000000",
            ["邮箱"] = "zhangming@example.com", ["备注"] = "仅工作人员可见",
        };
        return SpreadsheetExport.Write([example]);
    }

    /// <summary>Reads the sheet; a <see cref="SheetProblem"/> when it is not an .xlsx or not the template's shape.</summary>
    public static (SheetProblem? Problem, IReadOnlyList<Row> Rows) Read(Stream content)
    {
        var (problem, rows) = SpreadsheetImport.Read(content, Columns.Select(c => c.Header).ToList(), Required, MaxRows);
        return (problem, rows.Select(row => ToRow(row.Number, row.Cells)).ToList());
    }

    private static Row ToRow(int number, IReadOnlyDictionary<string, string?> cells)
    {
        string? Cell(string header) => cells.TryGetValue(header, out var value) ? value : null;
        var errors = new List<ImportRowError>();

        bool? isPublic = null;
        if (Cell("是否公开") is { } publicText)
        {
            isPublic = Yes.Contains(publicText, StringComparer.OrdinalIgnoreCase) ? true
                : No.Contains(publicText, StringComparer.OrdinalIgnoreCase) ? false
                : null;
            if (isPublic is null)
            {
                errors.Add(new ImportRowError(number, "是否公开", "请填“是”或“否”"));
            }
        }

        int? sortOrder = null;
        if (Cell("排序") is { } sortText)
        {
            if (int.TryParse(sortText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
            {
                sortOrder = parsed;
            }
            else
            {
                errors.Add(new ImportRowError(number, "排序", "须为整数"));
            }
        }

        var fields = Cell("专业领域")?.Split(ExpertRules.FieldSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new Row(number, new ExpertRequest(Cell("姓名"), Cell("职称"), Cell("工作单位"), Cell("职务"), fields,
            Cell("所在区"), Cell("个人简介"), Cell("主要成果"), null, isPublic, sortOrder, Cell("手机"), Cell("邮箱"),
            Cell("备注")), errors);
    }
}
