using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Shangmi.Api.Common;
using Shangmi.Api.Common.Problems;
using Shangmi.Api.Common.Spreadsheets;
using Shangmi.Api.Enterprises;
using Shangmi.Api.Identity;
using Shangmi.Api.Identity.Staff;

namespace Shangmi.Api.ServiceRequests;

/// <summary>What the ledger's routes work with: the stores, the staff member's district scope and the clock.</summary>
public sealed record LedgerServices(ClaimsPrincipal Me, LedgerStore Ledger, ServiceRequestStore Requests, StaffDistricts Districts,
    EnterpriseLog Log, TimeProvider Time)
{
    public Task<long?> ScopeAsync(CancellationToken ct) => Districts.ScopeOfAsync(Me.StaffId(), ct);

    public DateTime Now => Time.GetUtcNow().UtcDateTime;
}

/// <summary>The ledger's filters, bound from the query.</summary>
public readonly record struct LedgerQuery(
    [FromQuery(Name = "districtId")] long? DistrictId, [FromQuery(Name = "kind"), QueryEnum(typeof(ServiceKind))] string? Kind,
    [FromQuery(Name = "status"), QueryEnum(typeof(ServiceStatus))] string? Status, [FromQuery(Name = "assigneeId")] long? AssigneeId,
    [FromQuery(Name = "unassigned")] bool? Unassigned, [FromQuery(Name = "overdue")] bool? Overdue,
    [FromQuery(Name = "from")] DateOnly? From, [FromQuery(Name = "to")] DateOnly? To, [FromQuery(Name = "q")] string? Q)
{
    public LedgerFilter Check(FieldErrors errors)
    {
        var kind = EnumQuery.Parse<ServiceKind>(Kind, "kind", errors);
        var status = EnumQuery.Parse<ServiceStatus>(Status, "status", errors);
        errors.Check(Q is null || Q.Trim().Length <= 50, "q", "搜索词不超过 50 字");
        errors.Check(Unassigned is not true || AssigneeId is null, "unassigned", "“待分派”与承办人不能同时筛选");
        foreach (var (field, message) in ServiceRules.CheckPeriod(From, To).Messages)
        {
            errors.Add(field, message);
        }

        return new LedgerFilter(DistrictId, kind, status, AssigneeId, Unassigned, Overdue, From, To, Q.TrimToNull());
    }
}

/// <summary>
/// The request ledger (诉求台账) for enterprise-services staff, within their district (city-wide staff: all): a request
/// outside it answers 404. Actions the request's state does not allow answer 409 with the allowed ones.
/// </summary>
public static class LedgerApi
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private const int MaxExportRows = 10_000;

    public static RouteGroupBuilder MapLedger(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin").WithTags("Service requests (service staff)").RequireAuthorization(AuthPolicies.Service);
        var ledger = admin.MapGroup("/service-requests");
        ledger.MapGet("/", ListAsync).WithName("ServiceLedger")
            .WithSummary("The ledger: filter by districtId, kind, status, assigneeId or unassigned (true: waiting in the district queue, 待分派; false: taken), overdue, from/to (submission dates) and q (subject, text, enterprise).");
        ledger.MapGet("/export", ExportAsync).WithName("ExportServiceLedger")
            .WithSummary("The ledger with the same filters as .xlsx (at most 10000 rows); the export is recorded.");
        ledger.MapGet("/rates", RatesAsync).WithName("ServiceRates")
            .WithSummary("响应率, 解决率 and 满意率 with their counts, per district, per kind and overall, over the requests the same filters select "
                         + "(DOMAIN.md): 响应率 = first responses (accept, reject, transfer) on time ÷ requests whose response deadline has passed; "
                         + "解决率 = confirmed solved ÷ closed with feedback; 满意率 = ratings 4–5 ÷ ratings. A request closed without feedback "
                         + "counts in neither of the last two, but still in the 响应率.");
        ledger.MapGet("/assignees", ColleaguesAsync).WithName("ServiceColleagues")
            .WithSummary("The service accounts the ledger's assignee filter offers: my district's own and the city-wide ones (city-wide staff: all).");
        ledger.MapGet("/{id:long}/assignees", AssigneesAsync).WithName("ServiceAssignees")
            .WithSummary("Whom this request may be assigned to (转派): active service accounts, city-wide or of its district, the district's own first.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        ledger.MapGet("/{id:long}", GetAsync).WithName("GetServiceRequest")
            .WithSummary("A request with its contact, attachments, whole timeline and the actions its state allows; the read is recorded.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        ledger.MapGet("/{id:long}/attachments/{attachmentId:long}", DownloadAsync).WithName("DownloadServiceRequestAttachment")
            .WithSummary("An attachment, opened; the read is recorded.").ProducesProblem(StatusCodes.Status404NotFound);
        ledger.MapPost("/{id:long}/take", (long id, [AsParameters] LedgerServices s, CancellationToken ct) =>
            ActAsync(id, new LedgerStore.ActInput(ServiceAction.Take), s, ct)).WithName("TakeServiceRequest").Action().WithSummary("Take it on myself.");
        ledger.MapPost("/{id:long}/assign", AssignAsync).WithName("AssignServiceRequest").Action()
            .WithSummary("Reassign to another service account able to act in the request's district.");
        ledger.MapPost("/{id:long}/accept", (long id, ServiceTextRequest request, [AsParameters] LedgerServices s, CancellationToken ct) =>
            TextActionAsync(id, ServiceAction.Accept, request, false, s, ct)).WithName("AcceptServiceRequest").Action()
            .WithSummary("Accept (受理), optionally with a word to the enterprise; the first response.");
        ledger.MapPost("/{id:long}/visit", ScheduleAsync).WithName("ScheduleServiceVisit").Action().WithSummary("Arrange a visit: at, place, staff.");
        ledger.MapPost("/{id:long}/notes", (long id, ServiceTextRequest request, [AsParameters] LedgerServices s, CancellationToken ct) =>
            TextActionAsync(id, ServiceAction.Note, request, true, s, ct)).WithName("NoteServiceRequest").Action()
            .WithSummary("An internal note (the enterprise never sees it).");
        ledger.MapPost("/{id:long}/messages", (long id, ServiceTextRequest request, [AsParameters] LedgerServices s, CancellationToken ct) =>
            TextActionAsync(id, ServiceAction.Message, request, true, s, ct)).WithName("MessageServiceRequest").Action()
            .WithSummary("A message to the enterprise (it gets a subscribe message).");
        ledger.MapPost("/{id:long}/resolve", (long id, ServiceTextRequest request, [AsParameters] LedgerServices s, CancellationToken ct) =>
            TextActionAsync(id, ServiceAction.Resolve, request, true, s, ct)).WithName("ResolveServiceRequest").Action()
            .WithSummary("Resolve with a summary; the enterprise then confirms and rates.");
        ledger.MapPost("/{id:long}/reject", (long id, ServiceTextRequest request, [AsParameters] LedgerServices s, CancellationToken ct) =>
            TextActionAsync(id, ServiceAction.Reject, request, true, s, ct)).WithName("RejectServiceRequest").Action()
            .WithSummary("Reject with a reason the enterprise reads; a first response.");
        ledger.MapPost("/{id:long}/transfer", TransferAsync).WithName("TransferServiceRequest").Action()
            .WithSummary("Transfer to 执法办案, 公安, 检察院 or 法院 with a reason and the reference of the transfer document.");
        ledger.MapPost("/{id:long}/link-tip", LinkTipAsync).WithName("LinkServiceRequestToTip").Action()
            .WithSummary("Link a 维权诉求 to an enforcement lead (a tip): the officers see it in the tip. Needs the officer role too (403).");
        var routes = admin.MapGroup("/service-routes");
        routes.MapGet("/", RoutesAsync).WithName("ServiceRoutes").WithSummary("Who receives each district's new requests (null: its queue).");
        routes.MapGet("/{districtId:long}/candidates", RouteCandidatesAsync).WithName("ServiceRouteCandidates")
            .WithSummary("Who may receive the district's new requests: active service accounts, city-wide or of the district, its own first.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        routes.MapPut("/{districtId:long}", SetRouteAsync).WithName("SetServiceRoute")
            .WithSummary("Set the service account (the district's liaison officer) that receives the district's new requests; null: the queue. "
                         + "Recorded in the staff audit log.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return admin;
    }

    private static async Task<Results<Ok<Paged<LedgerItem>>, ValidationProblem>> ListAsync(
        [AsParameters] LedgerQuery query, [AsParameters] PaginationRequest pagination, [AsParameters] LedgerServices s, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var page = pagination.Check(errors);
        var filter = query.Check(errors);
        return errors.Any ? errors.ToProblem() : TypedResults.Ok(await s.Ledger.ListAsync(await s.ScopeAsync(ct), filter, s.Now, page, ct));
    }

    private static async Task<Results<Ok<ServiceRates>, ValidationProblem>> RatesAsync(
        [AsParameters] LedgerQuery query, [AsParameters] LedgerServices s, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var filter = query.Check(errors);
        return errors.Any ? errors.ToProblem() : TypedResults.Ok(await s.Ledger.RatesAsync(await s.ScopeAsync(ct), filter, s.Now, ct));
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem>> ExportAsync(
        [AsParameters] LedgerQuery query, [AsParameters] LedgerServices s, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var filter = query.Check(errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var rows = await s.Ledger.ListAllAsync(await s.ScopeAsync(ct), filter, s.Now, MaxExportRows, ct);
        await s.Log.RecordReadAsync(null, null, s.Me.StaffId(), EnterpriseLog.Action.Exported, s.Now, ct, $"诉求台账 {rows.Count} 条；筛选：{filter}");
        string Time(DateTimeOffset? at) => at is { } t ? ChinaTime.ToChina(t).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "";
        var sheet = SpreadsheetExport.Write(rows.Select(r => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["编号"] = r.Id, ["企业"] = r.EnterpriseName, ["所在区"] = r.DistrictName, ["类型"] = LedgerStore.KindName(r.Kind),
            ["状态"] = ServiceWorkflow.StatusText(r.Status), ["主题"] = r.Subject, ["承办人"] = r.AssigneeName, ["联系电话"] = r.ContactMask,
            ["提交时间"] = Time(r.CreatedAt), ["受理期限"] = r.RespondDueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["办结期限"] = r.ResolveDueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["首次响应"] = Time(r.RespondedAt),
            ["办结时间"] = Time(r.ResolvedAt), ["超期"] = r.Overdue ? "是" : "否", ["按时响应"] = r.ResponseDue ? (r.RespondedInTime ? "是" : "否") : "未到期",
            ["是否解决"] = r.Solved is { } solved ? (solved ? "已解决" : "未解决") : "", ["评分"] = r.Rating,
            ["移送"] = r.TransferTo is { } to ? ServiceWorkflow.TargetName(to) : "",
        }));
        return TypedResults.File(sheet, Xlsx, "诉求台账.xlsx");
    }

    private static async Task<Ok<IReadOnlyList<LiaisonCandidate>>> ColleaguesAsync([AsParameters] LedgerServices s, CancellationToken ct) =>
        TypedResults.Ok(await s.Ledger.ColleaguesAsync(await s.ScopeAsync(ct), ct));

    private static async Task<Results<Ok<IReadOnlyList<LiaisonCandidate>>, ProblemHttpResult>> AssigneesAsync(long id, [AsParameters] LedgerServices s,
        CancellationToken ct) =>
        await s.Ledger.AssigneesAsync(await s.ScopeAsync(ct), id, ct) is { } found ? TypedResults.Ok(found) : ServiceRequestsApi.NotFound();

    private static async Task<Results<Ok<StaffServiceRequest>, ProblemHttpResult>> GetAsync(long id, [AsParameters] LedgerServices s,
        CancellationToken ct) =>
        await s.Ledger.FindAsync(await s.ScopeAsync(ct), id, s.Me.StaffId(), readContact: true, s.Now, ct) is { } found
            ? TypedResults.Ok(found)
            : ServiceRequestsApi.NotFound();

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadAsync(long id, long attachmentId,
        [AsParameters] LedgerServices s, CancellationToken ct)
    {
        if (!await s.Ledger.VisibleAsync(await s.ScopeAsync(ct), id, ct))
        {
            return ServiceRequestsApi.NotFound();
        }

        if (await s.Requests.ReadAttachmentAsync(id, attachmentId, null, ct) is not { } found)
        {
            return ServiceRequestsApi.AttachmentNotFound();
        }

        await s.Ledger.RecordReadAsync(id, s.Me.StaffId(), $"下载附件 {attachmentId}", s.Now, ct);
        return TypedResults.File(found.Content, found.ContentType, found.Name);
    }

    private static async Task<Results<Ok<StaffServiceRequest>, ValidationProblem, ProblemHttpResult>> TextActionAsync(long id,
        ServiceAction action, ServiceTextRequest request, bool required, LedgerServices s, CancellationToken ct)
    {
        if ((required || request.Text is not null) && ServiceRules.CheckText(request.Text, "text", action switch
            {
                ServiceAction.Resolve => "请填写办理结果",
                ServiceAction.Reject => "请填写不予受理的理由",
                ServiceAction.Note => "请填写备注",
                _ => "请填写内容",
            }) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        return await ActAsync(id, new LedgerStore.ActInput(action, request.Text.TrimToNull() ?? ""), s, ct);
    }

    private static async Task<Results<Ok<StaffServiceRequest>, ValidationProblem, ProblemHttpResult>> AssignAsync(long id, AssignRequest request,
        [AsParameters] LedgerServices s, CancellationToken ct) =>
        request.StaffId is null
            ? new FieldErrors().Add("staffId", "请选择承办人").ToProblem()
            : await ActAsync(id, new LedgerStore.ActInput(ServiceAction.Assign, StaffId: request.StaffId), s, ct);

    private static async Task<Results<Ok<StaffServiceRequest>, ValidationProblem, ProblemHttpResult>> ScheduleAsync(long id, VisitRequest request,
        [AsParameters] LedgerServices s, CancellationToken ct)
    {
        if (ServiceRules.CheckVisit(request, s.Time.GetUtcNow()) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        return await ActAsync(id, new LedgerStore.ActInput(ServiceAction.Schedule,
            Visit: new ServiceVisit(request.At!.Value, request.Place!.Trim(), request.Staff!.Trim())), s, ct);
    }

    private static async Task<Results<Ok<StaffServiceRequest>, ValidationProblem, ProblemHttpResult>> TransferAsync(long id,
        TransferRequest request, [AsParameters] LedgerServices s, CancellationToken ct)
    {
        var (errors, transfer) = ServiceRules.CheckTransfer(request);
        return transfer is null ? errors.ToProblem() : await ActAsync(id, new LedgerStore.ActInput(ServiceAction.Transfer, Transfer: transfer), s, ct);
    }

    private static async Task<Results<Ok<StaffServiceRequest>, ValidationProblem, ProblemHttpResult>> LinkTipAsync(long id,
        LinkTipRequest request, [AsParameters] LedgerServices s, CancellationToken ct) =>
        // Only someone who may read tips links one, so the link tells nobody else which tip numbers exist.
        !s.Me.IsInRole(AuthPolicies.Roles.Officer)
            ? ApiProblem.Create(403, "auth.forbidden", "需要办案员角色", "关联线索须由同时具有办案员（officer）角色的工作人员操作。")
            : request.TipId is null
                ? new FieldErrors().Add("tipId", "请填写线索编号").ToProblem()
                : await ActAsync(id, new LedgerStore.ActInput(ServiceAction.LinkTip, TipId: request.TipId), s, ct);

    private static async Task<Results<Ok<StaffServiceRequest>, ValidationProblem, ProblemHttpResult>> ActAsync(long id,
        LedgerStore.ActInput input, LedgerServices s, CancellationToken ct)
    {
        var scope = await s.ScopeAsync(ct);
        var (outcome, allowed) = await s.Ledger.ActAsync(scope, id, s.Me.StaffId(), input, s.Now, ct);
        return outcome switch
        {
            LedgerStore.ActOutcome.NotFound => ServiceRequestsApi.NotFound(),
            LedgerStore.ActOutcome.NotAllowed => ApiProblem.Create(409, "service_request.action_not_allowed", "当前状态不能这样处理",
                "允许的操作：" + (allowed.Count == 0 ? "无" : string.Join("、", allowed.Select(ServiceWorkflow.ActionName))),
                new Dictionary<string, object?> { ["allowed"] = allowed.Select(a => JsonNamingPolicyCamel(a)).ToArray() }),
            LedgerStore.ActOutcome.UnknownStaff => new FieldErrors().Add("staffId", "承办人须为本辖区（或全市）在用的企业服务账号").ToProblem(),
            LedgerStore.ActOutcome.UnknownTip => new FieldErrors().Add("tipId", "找不到该线索").ToProblem(),
            _ => TypedResults.Ok((await s.Ledger.FindAsync(scope, id, s.Me.StaffId(), readContact: false, s.Now, ct))!),
        };
    }

    /// <summary>What every action route answers besides success: not found (or outside the scope), or not allowed now.</summary>
    private static RouteHandlerBuilder Action(this RouteHandlerBuilder route) =>
        route.ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

    private static string JsonNamingPolicyCamel(ServiceAction action) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(action.ToString());

    private static async Task<Ok<IReadOnlyList<ServiceRoute>>> RoutesAsync([AsParameters] LedgerServices s, CancellationToken ct) =>
        TypedResults.Ok(await s.Ledger.RoutesAsync(await s.ScopeAsync(ct), ct));

    private static async Task<Results<Ok<IReadOnlyList<LiaisonCandidate>>, ProblemHttpResult>> RouteCandidatesAsync(long districtId,
        [AsParameters] LedgerServices s, CancellationToken ct)
    {
        var scope = await s.ScopeAsync(ct);
        return (scope is null || scope == districtId) && await s.Ledger.DistrictCandidatesAsync(districtId, ct) is { } candidates
            ? TypedResults.Ok(candidates)
            : ApiProblem.Create(404, "reference.not_found", "找不到该行政区");
    }

    private static async Task<Results<Ok<IReadOnlyList<ServiceRoute>>, ValidationProblem, ProblemHttpResult>> SetRouteAsync(long districtId,
        ServiceRouteRequest request, [AsParameters] LedgerServices s, CancellationToken ct)
    {
        var scope = await s.ScopeAsync(ct);
        if (scope is not null && scope != districtId)
        {
            return ApiProblem.Create(404, "reference.not_found", "找不到该行政区");
        }

        return await s.Ledger.SetRouteAsync(districtId, request.StaffId, s.Me.StaffId(), s.Now, ct) switch
        {
            LedgerStore.RouteOutcome.UnknownDistrict => ApiProblem.Create(404, "reference.not_found", "找不到该行政区"),
            LedgerStore.RouteOutcome.UnknownStaff => new FieldErrors().Add("staffId", "须为该区（或全市）在用的企业服务账号").ToProblem(),
            _ => TypedResults.Ok(await s.Ledger.RoutesAsync(scope, ct)),
        };
    }
}
