using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Shangmi.Api.Common;
using Shangmi.Api.Common.Problems;
using Shangmi.Api.Common.Spreadsheets;
using Shangmi.Api.Data;
using Shangmi.Api.Experts;
using Shangmi.Api.Identity;
using Shangmi.Api.Reference;

namespace Shangmi.Api.Enterprises;

/// <summary>Enterprise-services staff import the roster the bureau already keeps and export the enterprise list (recorded).</summary>
public static class RosterApi
{
    private const long MaxSheetBytes = 10 * 1024 * 1024;
    private const int MaxExportRows = 20_000;
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static RouteGroupBuilder MapRoster(this IEndpointRouteBuilder app)
    {
        var roster = app.MapGroup("/api/v1/admin/enterprises").WithTags("Enterprises (service staff)")
            .RequireAuthorization(AuthPolicies.Service);
        roster.MapPost("/import", ImportAsync).WithName("ImportEnterprises")
            .WithSummary("Import a roster .xlsx (multipart field `file`) made from the template: new credit codes become verified "
                         + "enterprises, known ones are updated. A sheet with row errors imports nothing unless importValidRows=true.")
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(MaxSheetBytes))
            .Produces<ImportReport>().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        roster.MapGet("/import-template", Template).WithName("EnterpriseImportTemplate")
            .WithSummary("The roster template (.xlsx).").Produces(StatusCodes.Status200OK, contentType: Xlsx);
        roster.MapGet("/export", ExportAsync).WithName("ExportEnterprises")
            .WithSummary("The enterprise list with the list's filters as .xlsx (no contact data); every export is recorded.")
            .Produces(StatusCodes.Status200OK, contentType: Xlsx);
        return roster;
    }

    private static async Task<Results<Ok<ImportReport>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        IFormFile? file, bool? importValidRows, ClaimsPrincipal me, [AsParameters] RosterImportStores stores,
        [AsParameters] EnterpriseStaffServices services, CancellationToken ct)
    {
        var (roster, reference) = stores;
        if (file is null || file.Length == 0)
        {
            return new FieldErrors().Add("file", "请选择要导入的 .xlsx 文件").ToProblem();
        }

        await using var content = file.OpenReadStream();
        var (sheetProblem, rows) = EnterpriseImport.Read(content);
        if (sheetProblem is not null)
        {
            return ApiProblem.Create(400, sheetProblem.Code, sheetProblem.Title, sheetProblem.Detail);
        }

        var scope = await services.ScopeAsync(me, ct);
        var (checkedRows, errors) = EnterpriseImport.Check(rows, await reference.VocabularyAsync(ct), scope);
        var valid = checkedRows.ToList();
        var allErrors = errors.ToList();
        if (scope is not null)
        {
            // A known enterprise of another district is not this district's to change (and is not named as existing).
            var known = await roster.DistrictsOfAsync(valid.Select(r => r.Profile.CreditCode).ToList(), ct);
            foreach (var outside in valid.Where(r => known.TryGetValue(r.Profile.CreditCode, out var d) && d != scope).ToList())
            {
                allErrors.Add(new ImportRowError(outside.Row, "统一社会信用代码", "只能导入本辖区的企业"));
                valid.Remove(outside);
            }
        }

        if (allErrors.Count > 0 && importValidRows != true)
        {
            return ApiProblem.Create(422, "import.rows_invalid", "表格中有错误，未导入任何数据",
                $"{allErrors.Select(e => e.Row).Distinct().Count()} 行有错误；改正后重新导入，或选择只导入正确的行。",
                new Dictionary<string, object?> { ["rowErrors"] = allErrors.OrderBy(e => e.Row).ToList() });
        }

        var (created, updated) = valid.Count > 0 ? await roster.ImportAsync(valid, me.StaffId(), services.Now, ct) : (0, 0);
        return TypedResults.Ok(new ImportReport(valid.Count > 0, created, updated, allErrors.OrderBy(e => e.Row).ToList()));
    }

    private static FileContentHttpResult Template() => TypedResults.File(EnterpriseImport.Template(), Xlsx, "企业名录导入模板.xlsx");

    private static async Task<Results<FileContentHttpResult, ValidationProblem>> ExportAsync(
        [AsParameters] EnterpriseQuery query, ClaimsPrincipal me, [AsParameters] EnterpriseStaffServices services, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var filter = query.Check(errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var rows = await services.Enterprises.ListAllAsync(await services.ScopeAsync(me, ct), filter, MaxExportRows, ct);
        await services.Log.RecordReadAsync(null, null, me.StaffId(), EnterpriseLog.Action.Exported, services.Now, ct,
            $"{rows.Count} 家；筛选：{filter}");
        var sheet = SpreadsheetExport.Write(rows.Select(e => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["企业名称"] = e.Name, ["统一社会信用代码"] = e.CreditCode, ["状态"] = e.Status.ToDb(), ["所在区"] = e.DistrictName,
            ["行业门类"] = e.IndustryName, ["企业规模"] = e.SizeBandName, ["联络点"] = e.LiaisonPoint ? "是" : "否",
            ["示范企业年份"] = e.DemonstrationYear, ["成员数"] = e.Members, ["更新时间"] = ChinaTime.ToChina(e.UpdatedAt).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture),
        }));
        return TypedResults.File(sheet, Xlsx, "企业名录.xlsx");
    }
}

/// <summary>The stores the roster import reads and writes, bound as one handler parameter.</summary>
public readonly record struct RosterImportStores(RosterStore Roster, ReferenceStore Reference);
