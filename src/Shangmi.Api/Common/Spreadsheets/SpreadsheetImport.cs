using System.Globalization;
using MiniExcelLibs;

namespace Shangmi.Api.Common.Spreadsheets;

/// <summary>A sheet-level problem: the file as a whole cannot be read as the template.</summary>
public sealed record SheetProblem(string Code, string Title, string Detail);

/// <summary>One data row of an imported sheet: its Excel row number and its cells by column header (blank cells null).</summary>
public sealed record SheetRow(int Number, IReadOnlyDictionary<string, string?> Cells)
{
    public string? this[string header] => Cells.TryGetValue(header, out var value) ? value : null;
}

/// <summary>
/// The one way the service reads an uploaded .xlsx made from one of its templates (headers in row 1): refuses what
/// is not an .xlsx, a zip bomb (<see cref="SpreadsheetUpload"/>), missing or unknown columns and too many rows, as
/// sheet problems; gives the other rows with their Excel row numbers, blank rows skipped.
/// </summary>
public static class SpreadsheetImport
{
    public static (SheetProblem? Problem, IReadOnlyList<SheetRow> Rows) Read(
        Stream content, IReadOnlyCollection<string> headersKnown, IReadOnlyCollection<string> required, int maxRows)
    {
        var head = new byte[4];
        if (content.Read(head, 0, 4) < 4 || !head.AsSpan().SequenceEqual("PK\u0003\u0004"u8))
        {
            return (NotXlsx(), []);
        }

        content.Position = 0;
        if (SpreadsheetUpload.Refusal(content) is { } refusal)
        {
            return (new SheetProblem("import.too_large", "文件过大或已损坏", refusal), []);
        }

        List<IDictionary<string, object?>> table;
        try
        {
            table = content.Query(useHeaderRow: false, excelType: ExcelType.XLSX)
                .Cast<IDictionary<string, object?>>().Take(maxRows + 2).ToList();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return (NotXlsx(), []);
        }

        if (table.Count == 0)
        {
            return (new SheetProblem("import.empty", "表格是空的", "请使用模板，第一行为表头。"), []);
        }

        // Column letter → header text, from row 1.
        var headers = table[0].Where(cell => Text(cell.Value) is not null).ToDictionary(cell => cell.Key, cell => Text(cell.Value)!);
        var missing = required.Where(r => !headers.ContainsValue(r)).ToList();
        var unknown = headers.Values.Where(h => !headersKnown.Contains(h)).ToList();
        // A column twice would leave it unclear which cell a row means.
        var repeated = headers.Values.GroupBy(h => h).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (missing.Count > 0 || unknown.Count > 0 || repeated.Count > 0)
        {
            var detail = string.Join("；", new[]
            {
                missing.Count > 0 ? $"缺少列：{string.Join("、", missing)}" : null,
                unknown.Count > 0 ? $"无法识别的列：{string.Join("、", unknown)}" : null,
                repeated.Count > 0 ? $"重复的列：{string.Join("、", repeated)}" : null,
            }.OfType<string>());
            return (new SheetProblem("import.columns", "表格的列与模板不符", detail + "。请下载模板核对表头。"), []);
        }

        if (table.Count > maxRows + 1)
        {
            return (new SheetProblem("import.too_many_rows", "表格行数过多", $"一次最多导入 {maxRows} 行。"), []);
        }

        var rows = new List<SheetRow>();
        for (var i = 1; i < table.Count; i++)
        {
            var cells = headers.ToDictionary(h => h.Value, h => Text(table[i].TryGetValue(h.Key, out var v) ? v : null));
            if (cells.Values.Any(v => v is not null))
            {
                rows.Add(new SheetRow(i + 1, cells));
            }
        }

        return (null, rows);
    }

    /// <summary>A cell as text: numbers without exponent or trailing zeros (phone numbers are often typed as numbers).</summary>
    private static string? Text(object? value)
    {
        var text = value switch
        {
            null => null,
            string s => s,
            double d => d.ToString("0.##########", CultureInfo.InvariantCulture),
            decimal m => m.ToString(CultureInfo.InvariantCulture),
            bool b => b ? "是" : "否",
            DateTime t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    private static SheetProblem NotXlsx() =>
        new("import.not_xlsx", "文件不是 Excel 表格", "请上传 .xlsx 格式的文件（可下载模板填写）。");
}
