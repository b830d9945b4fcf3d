using MiniExcelLibs;

namespace Shangmi.Api.Common.Spreadsheets;

/// <summary>
/// The one way the service writes an .xlsx. Text that people typed (a company name, a remark) must never become a
/// formula when staff open the export: Excel and WPS evaluate a cell that starts with <c>= + - @</c>, and a leading
/// tab or carriage return can hide such a start. Those cells get a leading <c>'</c>, which spreadsheets show as text.
/// </summary>
public static class SpreadsheetExport
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary>One sheet: the keys of the first row are the headers, every string value is neutralised.</summary>
    public static byte[] Write(IEnumerable<IReadOnlyDictionary<string, object?>> rows)
    {
        using var stream = new MemoryStream();
        stream.SaveAs(Safe(rows));
        return stream.ToArray();
    }

    /// <summary>Several sheets, in order: each sheet's rows as in <see cref="Write"/>.</summary>
    public static byte[] WriteSheets(IEnumerable<(string Name, IEnumerable<IReadOnlyDictionary<string, object?>> Rows)> sheets)
    {
        var workbook = new Dictionary<string, object>();
        foreach (var (name, rows) in sheets)
        {
            workbook[name] = Safe(rows);
        }

        using var stream = new MemoryStream();
        stream.SaveAs(workbook);
        return stream.ToArray();
    }

    private static List<Dictionary<string, object?>> Safe(IEnumerable<IReadOnlyDictionary<string, object?>> rows) =>
        rows.Select(row => row.ToDictionary(cell => cell.Key, cell => Neutralise(cell.Value))).ToList();

    /// <summary>Text that a spreadsheet would read as a formula gets a leading <c>'</c>; anything else is unchanged.</summary>
    public static object? Neutralise(object? value) =>
        value is string text && text.Length > 0 && FormulaStarts.Contains(text[0]) ? "'" + text : value;
}
