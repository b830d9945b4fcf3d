using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OutputCaching;
using Shangmi.Api.Common;
using Shangmi.Api.Common.Problems;
using Shangmi.Api.Identity;

namespace Shangmi.Api.ServiceNetwork;

/// <summary>Editors manage the guidance library: the PDF is uploaded first through /api/v1/admin/files.</summary>
public static class GuidanceAdminApi
{
    public static RouteGroupBuilder MapGuidanceAdmin(this IEndpointRouteBuilder app)
    {
        var documents = app.MapGroup("/api/v1/admin/guidance-documents").WithTags("Guidance documents (editors)")
            .RequireAuthorization(AuthPolicies.Editor);
        documents.MapPost("/", CreateAsync).WithName("CreateGuidanceDocument")
            .WithSummary("Add a document: title, kind, summary, versionDate and the fileKey of an uploaded PDF.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        documents.MapPut("/{id:long}", UpdateAsync).WithName("UpdateGuidanceDocument")
            .WithSummary("Rewrite a document, e.g. a new version's PDF and date (fileKey null: keep the current PDF); the download count stays.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        documents.MapDelete("/{id:long}", DeleteAsync).WithName("DeleteGuidanceDocument")
            .WithSummary("Remove a document no request has asked for (409 otherwise).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return documents;
    }

    private static async Task<Results<Created<GuidanceDocument>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        GuidanceDocumentRequest request, GuidanceStore documents, TimeProvider time, IOutputCacheStore cache, CancellationToken ct) =>
        await SaveAsync(null, request, documents, time, cache, ct) switch
        {
            ({ } document, _) => TypedResults.Created($"/api/v1/guidance-documents/{document.Id}/download", document),
            (_, ValidationProblem invalid) => invalid,
            (_, var problem) => (ProblemHttpResult)problem!,
        };

    private static async Task<Results<Ok<GuidanceDocument>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        long id, GuidanceDocumentRequest request, GuidanceStore documents, TimeProvider time, IOutputCacheStore cache, CancellationToken ct) =>
        await SaveAsync(id, request, documents, time, cache, ct) switch
        {
            ({ } document, _) => TypedResults.Ok(document),
            (_, ValidationProblem invalid) => invalid,
            (_, var problem) => (ProblemHttpResult)problem!,
        };

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(long id, GuidanceStore documents, IOutputCacheStore cache,
        CancellationToken ct)
    {
        var outcome = await documents.DeleteAsync(id, ct);
        await PublicContentCache.EvictAsync(cache, ct);
        return outcome switch
        {
            GuidanceStore.WriteOutcome.NotFound => NotFound(),
            GuidanceStore.WriteOutcome.InUse => ApiProblem.Create(409, "guidance_document.in_use", "已有企业申领该资料，不能删除",
                "可上传新版本替换文件。"),
            _ => TypedResults.NoContent(),
        };
    }

    private static async Task<(GuidanceDocument? Document, IResult? Problem)> SaveAsync(long? id, GuidanceDocumentRequest request,
        GuidanceStore documents, TimeProvider time, IOutputCacheStore cache, CancellationToken ct)
    {
        var (errors, document) = NetworkRules.CheckDocument(request, isNew: id is null);
        if (document is null)
        {
            return (null, errors.ToProblem());
        }

        var (outcome, savedId) = await documents.SaveAsync(id, document, null, time.GetUtcNow().UtcDateTime, ct);
        await PublicContentCache.EvictAsync(cache, ct);
        return outcome switch
        {
            GuidanceStore.WriteOutcome.NotFound => (null, NotFound()),
            GuidanceStore.WriteOutcome.TitleTaken => (null, ApiProblem.Create(409, "guidance_document.title_taken", "已有同名资料")),
            GuidanceStore.WriteOutcome.NoFile => (null, new FieldErrors().Add("fileKey", "找不到该 PDF 文件，请先上传").ToProblem()),
            _ => (await documents.FindAsync(savedId, ct), null),
        };
    }

    public static ProblemHttpResult NotFound() => ApiProblem.Create(404, "guidance_document.not_found", "找不到该资料");
}
