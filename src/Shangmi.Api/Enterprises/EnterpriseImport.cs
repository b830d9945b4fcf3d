using System.Globalization;
using Shangmi.Api.Common;
using Shangmi.Api.Common.Spreadsheets;
using Shangmi.Api.Experts;
using Shangmi.Api.Reference;

namespace Shangmi.Api.Enterprises;

/// <summary>One roster row, checked: the enterprise, verified by the bureau's own knowledge, and since when it is a liaison point.</summary>
public sealed record RosterWrite(int Row, ProfileWrite Profile, DateOnly? LiaisonSince);

/// <summary>
/// Reads the roster of enterprises the bureau already knows (.xlsx, one per row, headers as in the template), with the
/// row-error rules of the expert import: every row's errors under its column header and Excel row number, and a
/// second row for the same credit code refused. Staff limited to a district import only enterprises of that district.
/// </summary>
public static class EnterpriseImport
{
    public const int MaxRows = 2000;

    public static readonly (string Header, string Field)[] Columns =
    [
        ("企业名称", "name"), ("统一社会信用代码", "creditCode"), ("所在区", "districtId"), ("行业门类", "industryId"),
        ("企业规模", "sizeBandId"), ("企业类型", "tagIds"), ("地址", "address"), ("从业人数", "employees"), ("联络点设立日期", "liaisonSince"),
    ];

    private static readonly string[] Required = ["企业名称", "统一社会信用代码"];
    private static readonly char[] TagSeparators = ['、', ',', '，', ';', '；', ' '];

    public static string HeaderOf(string field) => Columns.FirstOrDefault(c => c.Field == field).Header ?? field;

    public static (SheetProblem? Problem, IReadOnlyList<SheetRow> Rows) Read(Stream content) =>
        SpreadsheetImport.Read(content, Columns.Select(c => c.Header).ToList(), Required, MaxRows);

    public static (IReadOnlyList<RosterWrite> Valid, IReadOnlyList<ImportRowError> Errors) Check(
        IReadOnlyList<SheetRow> rows, ReferenceVocabulary vocabulary, long? scope)
    {
        var errors = new List<ImportRowError>();
        var valid = new List<RosterWrite>();
        var firstRowOf = new Dictionary<string, int>();
        foreach (var row in rows)
        {
            var cellErrors = new List<ImportRowError>();
            long? Lookup(string header, IReadOnlyList<ReferenceItem> list)
            {
                if (row[header] is not { } text)
                {
                    return null;
                }

                if (ReferenceVocabulary.ByName(list, text) is { } item)
                {
                    return item.Id;
                }

                cellErrors.Add(new ImportRowError(row.Number, header, $"“{text}”不在列表中"));
                return null;
            }

            var districtId = Lookup("所在区", vocabulary.Districts);
            var tags = new List<long>();
            foreach (var tag in (row["企业类型"] ?? "").Split(TagSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (ReferenceVocabulary.ByName(vocabulary.Tags, tag) is { } item)
                {
                    tags.Add(item.Id);
                }
                else
                {
                    AddError(cellErrors, row.Number, "企业类型", $"“{tag}”不在列表中");
                }
            }

            int? employees = null;
            if (row["从业人数"] is { } employeesText)
            {
                if (int.TryParse(employeesText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
                {
                    employees = n;
                }
                else
                {
                    AddError(cellErrors, row.Number, "从业人数", "须为整数");
                }
            }

            DateOnly? since = null;
            if (row["联络点设立日期"] is { } sinceText)
            {
                if (DateOnly.TryParse(sinceText, CultureInfo.InvariantCulture, out var d))
                {
                    since = d;
                }
                else
                {
                    AddError(cellErrors, row.Number, "联络点设立日期", "须为日期，如 2026-03-01");
                }
            }

            if (scope is not null && districtId != scope)
            {
                cellErrors.Add(new ImportRowError(row.Number, "所在区", "只能导入本辖区的企业"));
            }

            var request = new EnterpriseProfileRequest(row["企业名称"], row["统一社会信用代码"], districtId, Lookup("行业门类", vocabulary.Industries),
                Lookup("企业规模", vocabulary.SizeBands), tags.ToArray(), row["地址"], employees);
            var (fieldErrors, profile) = EnterpriseRules.CheckProfile(request, vocabulary);
            cellErrors.AddRange(fieldErrors.Messages.Select(m => new ImportRowError(row.Number, HeaderOf(m.Field), m.Message)));
            if (profile is not null && cellErrors.Count == 0)
            {
                if (firstRowOf.TryGetValue(profile.CreditCode, out var first))
                {
                    cellErrors.Add(new ImportRowError(row.Number, "统一社会信用代码", $"与第 {first} 行重复"));
                }
                else
                {
                    firstRowOf[profile.CreditCode] = row.Number;
                    valid.Add(new RosterWrite(row.Number, profile, since));
                }
            }

            errors.AddRange(cellErrors);
        }

        return (valid, errors);
    }

    /// <summary>The template to download: the headers and one example row.</summary>
    public static byte[] Template() =>
        SpreadsheetExport.Write([new Dictionary<string, object?>
        {
            ["企业名称"] = "（示例）天津某某科技有限公司", ["统一社会信用代码"] = "911200007186767478", ["所在区"] = "南开区",
            ["行业门类"] = "C", ["企业规模"] = "中型", ["企业类型"] = "技术密集型、专精特新", ["地址"] = "南开区某某路 1 号",
            ["从业人数"] = 320, ["联络点设立日期"] = "2026-03-01",
        }]);

    private static void AddError(List<ImportRowError> errors, int row, string column, string message) =>
        errors.Add(new ImportRowError(row, column, message));
}
