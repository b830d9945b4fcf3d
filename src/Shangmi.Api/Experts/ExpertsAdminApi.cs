using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Shangmi.Api.Common;
using Shangmi.Api.Common.Problems;
using Shangmi.Api.Identity;

namespace Shangmi.Api.Experts;

/// <summary>Editors maintain the expert library and its fields, one by one or from a spreadsheet.</summary>
public static class ExpertsAdminApi
{
    private const long MaxSheetBytes = 10 * 1024 * 1024;

    public static RouteGroupBuilder MapExpertsAdmin(this IEndpointRouteBuilder app)
    {
        // One group per feature file (ARCHITECTURE.md); the sub-groups keep their own tags and policies.
        var api = app.MapGroup("/api/v1");
        var experts = api.MapGroup("/admin/experts").WithTags("Experts (editors)")
            .RequireAuthorization(AuthPolicies.Editor);
        experts.MapGet("/", ListAsync).WithName("AdminListExperts")
            .WithSummary("All experts, hidden ones and private contacts included; q searches name, organization, phone.");
        experts.MapPost("/", CreateAsync).WithName("CreateExpert").WithSummary("Add an expert.");
        experts.MapGet("/{id:long}", GetAsync).WithName("AdminGetExpert").WithSummary("One expert with private contacts.");
        experts.MapPut("/{id:long}", UpdateAsync).WithName("UpdateExpert")
            .WithSummary("Replace an expert's data; isPublic=false hides them from the directory.");
        experts.MapDelete("/{id:long}", DeleteAsync).WithName("DeleteExpert").WithSummary("Delete an expert.");
        experts.MapPost("/import", ImportAsync).WithName("ImportExperts")
            .WithSummary("Import an .xlsx (multipart field `file`) made from the template: creates new experts and updates "
                         + "those with the same 姓名 and 工作单位. A sheet with row errors imports nothing unless importValidRows=true.")
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(MaxSheetBytes))
            .Produces<ImportReport>()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        experts.MapGet("/import-template", Template).WithName("ExpertImportTemplate")
            .WithSummary("The spreadsheet template for imports (.xlsx).")
            .Produces(StatusCodes.Status200OK, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

        var fields = api.MapGroup("/admin/expert-fields").WithTags("Experts (editors)")
            .RequireAuthorization(AuthPolicies.Editor);
        fields.MapPost("/", CreateFieldAsync).WithName("CreateExpertField").WithSummary("Add a field to the controlled list.");
        fields.MapPut("/{id:long}", UpdateFieldAsync).WithName("UpdateExpertField").WithSummary("Rename or reorder a field.");
        fields.MapDelete("/{id:long}", DeleteFieldAsync).WithName("DeleteExpertField")
            .WithSummary("Delete a field no expert uses.");
        return api;
    }

    private static async Task<Results<Ok<Paged<AdminExpert>>, ValidationProblem>> ListAsync(
        string? q, [AsParameters] PaginationRequest pagination, ExpertStore experts, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var paging = pagination.Check(errors);
        var search = ExpertRules.CheckQuery(q, errors);
        return errors.Any
            ? errors.ToProblem()
            : TypedResults.Ok(await experts.ListAdminAsync(search, paging, ct));
    }

    private static async Task<Results<Ok<AdminExpert>, ProblemHttpResult>> GetAsync(long id, ExpertStore experts, CancellationToken ct) =>
        await experts.FindAdminAsync(id, ct) is { } expert ? TypedResults.Ok(expert) : NotFound();

    private static async Task<Results<Created<AdminExpert>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        ExpertRequest request, ExpertStore experts, IOutputCacheStore cache, TimeProvider time, CancellationToken ct)
    {
        var (errors, expert) = ExpertRules.Check(request, await experts.VocabularyAsync(ct));
        if (expert is null)
        {
            return errors.ToProblem();
        }

        var (outcome, id) = await experts.CreateAsync(expert, time.GetUtcNow().UtcDateTime, ct);
        if (outcome == ExpertStore.CreateOutcome.Taken)
        {
            return Duplicate();
        }

        await PublicContentCache.EvictAsync(cache, ct);
        return TypedResults.Created($"/api/v1/admin/experts/{id}", (await experts.FindAdminAsync(id, ct))!);
    }

    private static async Task<Results<Ok<AdminExpert>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        long id, ExpertRequest request, ExpertStore experts, IOutputCacheStore cache, TimeProvider time, CancellationToken ct)
    {
        var (errors, expert) = ExpertRules.Check(request, await experts.VocabularyAsync(ct));
        if (expert is null)
        {
            return errors.ToProblem();
        }

        switch (await experts.UpdateAsync(id, expert, time.GetUtcNow().UtcDateTime, ct))
        {
            case ExpertStore.UpdateOutcome.Taken:
                return Duplicate();
            case ExpertStore.UpdateOutcome.NotFound:
                return NotFound();
        }

        await PublicContentCache.EvictAsync(cache, ct);
        return TypedResults.Ok((await experts.FindAdminAsync(id, ct))!);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        long id, ExpertStore experts, IOutputCacheStore cache, CancellationToken ct)
    {
        if (await experts.DeleteAsync(id, ct) == ExpertStore.DeleteOutcome.NotFound)
        {
            return NotFound();
        }

        await PublicContentCache.EvictAsync(cache, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<ImportReport>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        IFormFile? file, bool? importValidRows, ExpertStore experts, IOutputCacheStore cache, TimeProvider time,
        CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            return new FieldErrors().Add("file", "请选择要导入的 .xlsx 文件").ToProblem();
        }

        await using var content = file.OpenReadStream();
        var (sheetProblem, rows) = ExpertImport.Read(content);
        if (sheetProblem is not null)
        {
            return ApiProblem.Create(400, sheetProblem.Code, sheetProblem.Title, sheetProblem.Detail);
        }

        var (valid, errors) = ExpertImport.Check(rows, await experts.VocabularyAsync(ct));
        if (errors.Count > 0 && importValidRows != true)
        {
            return ApiProblem.Create(422, "import.rows_invalid", "表格中有错误，未导入任何数据",
                $"{errors.Select(e => e.Row).Distinct().Count()} 行有错误；改正后重新导入，或选择只导入正确的行。",
                new Dictionary<string, object?> { ["rowErrors"] = errors });
        }

        var (created, updated) = valid.Count > 0 ? await experts.ImportAsync(valid, time.GetUtcNow().UtcDateTime, ct) : (0, 0);
        await PublicContentCache.EvictAsync(cache, ct);
        return TypedResults.Ok(new ImportReport(valid.Count > 0, created, updated, errors));
    }

    private static FileContentHttpResult Template() =>
        TypedResults.File(ExpertImport.Template(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "专家导入模板.xlsx");

    private static async Task<Results<Created<ExpertFieldCount>, ValidationProblem, ProblemHttpResult>> CreateFieldAsync(
        ExpertFieldRequest request, ExpertStore experts, IOutputCacheStore cache, TimeProvider time, CancellationToken ct)
    {
        if (ExpertRules.CheckField(request) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        var (outcome, id) = await experts.CreateFieldAsync(request.Name!.Trim(), request.SortOrder ?? 0, time.GetUtcNow().UtcDateTime, ct);
        if (outcome == ExpertStore.CreateOutcome.Taken)
        {
            return FieldNameTaken();
        }

        await PublicContentCache.EvictAsync(cache, ct);
        return TypedResults.Created($"/api/v1/expert-fields", new ExpertFieldCount(id, request.Name.Trim(), request.SortOrder ?? 0, 0));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> UpdateFieldAsync(
        long id, ExpertFieldRequest request, ExpertStore experts, IOutputCacheStore cache, TimeProvider time, CancellationToken ct)
    {
        if (ExpertRules.CheckField(request) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        switch (await experts.UpdateFieldAsync(id, request.Name!.Trim(), request.SortOrder ?? 0, time.GetUtcNow().UtcDateTime, ct))
        {
            case ExpertStore.UpdateOutcome.Taken:
                return FieldNameTaken();
            case ExpertStore.UpdateOutcome.NotFound:
                return FieldNotFound();
        }

        await PublicContentCache.EvictAsync(cache, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteFieldAsync(
        long id, ExpertStore experts, IOutputCacheStore cache, CancellationToken ct)
    {
        switch (await experts.DeleteFieldAsync(id, ct))
        {
            case ExpertStore.DeleteOutcome.Deleted:
                await PublicContentCache.EvictAsync(cache, ct);
                return TypedResults.NoContent();
            case ExpertStore.DeleteOutcome.InUse:
                return ApiProblem.Create(409, "expert_field.in_use", "还有专家属于该领域，不能删除");
            default:
                return FieldNotFound();
        }
    }

    private static ProblemHttpResult NotFound() => ApiProblem.Create(404, "expert.not_found", "找不到该专家");

    private static ProblemHttpResult Duplicate() =>
        ApiProblem.Create(409, "expert.duplicate", "已有同名同单位的专家", "同一工作单位的同名专家视为同一人。");

    private static ProblemHttpResult FieldNotFound() => ApiProblem.Create(404, "expert_field.not_found", "找不到该专业领域");

    private static ProblemHttpResult FieldNameTaken() => ApiProblem.Create(409, "expert_field.name_taken", "已有同名专业领域");
}
