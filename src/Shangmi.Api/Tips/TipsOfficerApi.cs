using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Shangmi.Api.Common;
using Shangmi.Api.Common.Problems;
using Shangmi.Api.Identity;

namespace Shangmi.Api.Tips;

/// <summary>
/// Case officers' routes (role officer only: admin or editor alone cannot read tips). Every read and action is
/// written to the tip's audit trail.
/// </summary>
public static class TipsOfficerApi
{
    public static RouteGroupBuilder MapTipsOfficer(this IEndpointRouteBuilder app)
    {
        var tips = app.MapGroup("/api/v1/admin/tips").WithTags("Tips (officers)").RequireAuthorization(AuthPolicies.Officer);
        tips.MapGet("/", ListAsync).WithName("OfficerListTips")
            .WithSummary("Tips with the reported party and due dates; filter by status, category, overdue, dueWithin (next deadline "
                         + "within that many working days, after today, not yet past). Audited per tip shown.");
        tips.MapGet("/{id:long}", GetAsync).WithName("OfficerGetTip").WithSummary("One tip, decrypted (identity not included). Audited.");
        tips.MapPost("/{id:long}/transition", TransitionAsync).WithName("TransitionTip")
            .WithSummary("submitted → accepted|rejected; accepted → investigating|transferred|closed; investigating → transferred|closed.");
        tips.MapPost("/{id:long}/extend", ExtendAsync).WithName("ExtendTipDeadline")
            .WithSummary("Extend the decision deadline once by 15 working days, with a reason, before it has passed.");
        tips.MapPost("/{id:long}/notified", NotifiedAsync).WithName("TipReporterNotified")
            .WithSummary("Record that a real-name reporter was told the decision (due 5 working days after it), and how.");
        tips.MapPost("/{id:long}/discard", DiscardAsync).WithName("DiscardTip")
            .WithSummary("Discard a tip as spam, with a reason: final at once, and its evidence is deleted now. Audited.");
        tips.MapPost("/{id:long}/messages", MessageAsync).WithName("OfficerTipMessage").WithSummary("Write to the whistleblower.");
        tips.MapGet("/{id:long}/attachments/{attachmentId:long}", DownloadAsync).WithName("DownloadTipEvidence")
            .WithSummary("Download evidence, verified against tampering first. Audited.");
        tips.MapPost("/{id:long}/identity", RevealIdentityAsync).WithName("RevealTipIdentity")
            .WithSummary("Reveal a real-name reporter's identity, with a reason. Audited.");
        tips.MapGet("/{id:long}/audit", AuditAsync).WithName("TipAudit").WithSummary("Who read or changed the tip, and when.");
        return tips;
    }

    private static async Task<Results<Ok<Paged<OfficerTipItem>>, ValidationProblem>> ListAsync(
        [AsParameters] OfficerTipQuery query, [AsParameters] PaginationRequest pagination, [AsParameters] OfficerServices officer, CancellationToken ct)
    {
        var (staff, tips, audit, time) = officer;
        var (status, category, overdue, dueWithin) = query;
        var errors = new FieldErrors();
        var paging = pagination.Check(errors);
        var statusFilter = EnumQuery.Parse<TipStatus>(status, "status", errors);
        TipRules.CheckDueWithin(dueWithin, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var now = time.GetUtcNow().UtcDateTime;
        var list = await tips.ListAsync(statusFilter, category, overdue, dueWithin, now, paging, ct);
        await audit.AuditAsync(list.Items.Select(t => t.Id), staff.StaffId(), "list", "在列表中查看", now, ct);
        return TypedResults.Ok(list);
    }

    private static async Task<Results<Ok<OfficerTip>, ProblemHttpResult>> GetAsync(
        long id, [AsParameters] OfficerServices officer, CancellationToken ct)
    {
        var (staff, tips, audit, time) = officer;
        var now = time.GetUtcNow().UtcDateTime;
        if (await tips.FindAsync(id, now, ct) is not { } tip)
        {
            return NotFound();
        }

        await audit.AuditAsync([id], staff.StaffId(), "read", "查看线索详情", now, ct);
        return TypedResults.Ok(tip);
    }

    private static async Task<Results<Ok<OfficerTip>, ValidationProblem, ProblemHttpResult>> TransitionAsync(
        long id, TipTransitionRequest request, [AsParameters] OfficerServices officer, CancellationToken ct)
    {
        if (TipRules.CheckTransition(request, out var note) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        var now = officer.Time.GetUtcNow().UtcDateTime;
        return await officer.Tips.TransitionAsync(id, request.To!.Value, note, officer.Staff.StaffId(), now, ct) switch
        {
            TipCaseStore.MoveOutcome.NotFound => NotFound(),
            TipCaseStore.MoveOutcome.NotAllowed => ApiProblem.Create(409, "tip.transition_invalid", "当前状态不能这样处理",
                "受理或不予受理只能针对新线索；调查、移送、办结须在受理之后。"),
            _ => await AuditedAsync(id, officer, "transition", $"状态改为 {request.To.Value.ToString().ToLowerInvariant()}", now, ct),
        };
    }

    private static async Task<Results<Ok<OfficerTip>, ValidationProblem, ProblemHttpResult>> ExtendAsync(
        long id, TipReasonRequest request, [AsParameters] OfficerServices officer, CancellationToken ct)
    {
        if (TipRules.CheckReason(request, 500, "请填写延期理由（不超过 500 字）", out var reason) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        var now = officer.Time.GetUtcNow().UtcDateTime;
        return await officer.Tips.ExtendAsync(id, reason, officer.Staff.StaffId(), now, ct) switch
        {
            TipCaseStore.ExtendOutcome.NotFound => NotFound(),
            TipCaseStore.ExtendOutcome.AlreadyExtended => ApiProblem.Create(409, "tip.already_extended", "该线索已延期过一次"),
            TipCaseStore.ExtendOutcome.AlreadyDecided => ApiProblem.Create(409, "tip.already_decided", "该线索已作出受理决定，无需延期"),
            TipCaseStore.ExtendOutcome.TooLate => ApiProblem.Create(409, "tip.extension_too_late", "已超过受理期限，不能再延期",
                "延期须在受理期限届满前作出；超期的线索请尽快作出受理决定。"),
            _ => await AuditedAsync(id, officer, "extend", "核查期限延长 15 个工作日", now, ct),
        };
    }

    private static async Task<Results<Ok<OfficerTip>, ValidationProblem, ProblemHttpResult>> NotifiedAsync(
        long id, TipReasonRequest request, [AsParameters] OfficerServices officer, CancellationToken ct)
    {
        if (TipRules.CheckReason(request, 500, "请说明告知的方式和内容（不超过 500 字）", out var how) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        var now = officer.Time.GetUtcNow().UtcDateTime;
        return await officer.Tips.MarkNotifiedAsync(id, how, officer.Staff.StaffId(), now, ct) switch
        {
            TipCaseStore.NotifyOutcome.NotFound => NotFound(),
            TipCaseStore.NotifyOutcome.NotApplicable => ApiProblem.Create(409, "tip.notify_not_due", "无需或已经告知",
                "只有已作出受理决定的实名举报需要告知，且只记录一次。"),
            _ => await AuditedAsync(id, officer, "notified", "记录已告知实名举报人", now, ct),
        };
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> MessageAsync(
        long id, TipMessageRequest request, [AsParameters] OfficerServices officer, CancellationToken ct)
    {
        var (staff, tips, audit, time) = officer;
        if (TipRules.CheckMessage(request.Text, out var text) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (!await tips.AddMessageAsync(id, staff.StaffId(), text!, now, ct))
        {
            return NotFound();
        }

        await audit.AuditAsync([id], staff.StaffId(), "message", "向举报人留言", now, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> DownloadAsync(
        long id, long attachmentId, [AsParameters] OfficerServices officer, [AsParameters] EvidenceServices evidence, HttpContext http,
        CancellationToken ct)
    {
        var (staff, _, audit, time) = officer;
        var (attachments, files, crypto) = evidence;
        if (await attachments.FindAsync(id, attachmentId, ct) is not { Ready: true } found
            || files.OpenRead(found.StorageKey) is not { } encrypted)
        {
            return ApiProblem.Create(404, "tip.attachment_not_found", "找不到该证据文件");
        }

        await audit.AuditAsync([id], staff.StaffId(), "download", $"下载证据 #{attachmentId}", time.GetUtcNow().UtcDateTime, ct);
        EvidenceChunks.Reader plaintext;
        // Verify every chunk before the first byte goes out, so a tampered file is a clear error, not a cut download.
        try
        {
            plaintext = new EvidenceChunks.Reader(found.Seal(crypto), encrypted);
            await plaintext.CopyToAsync(Stream.Null, ct);
        }
        catch (CryptographicException)
        {
            await encrypted.DisposeAsync();
            return ApiProblem.Create(500, "tip.attachment_tampered", "证据文件已损坏或被篡改", "文件未通过完整性校验，请联系系统管理员。");
        }

        plaintext.Position = 0;
        http.Response.Headers.CacheControl = "no-store";
        // Never the reporter's name or type: an opaque type and a name made of the id and the detected extension, so
        // nothing a reporter chose can make the officer's computer run the file.
        return TypedResults.Stream(async body =>
        {
            await using (plaintext)
            {
                await plaintext.CopyToAsync(body, ct);
            }
        }, "application/octet-stream", $"evidence-{id}-{attachmentId}.{found.Extension}");
    }

    private static async Task<Results<Ok<OfficerTip>, ValidationProblem, ProblemHttpResult>> DiscardAsync(
        long id, TipReasonRequest request, [AsParameters] OfficerServices officer, CancellationToken ct)
    {
        if (TipRules.CheckReason(request, 500, "请填写作为无效线索处理的理由（不超过 500 字）", out var reason) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        var now = officer.Time.GetUtcNow().UtcDateTime;
        return await officer.Tips.DiscardAsync(id, reason, officer.Staff.StaffId(), now, ct) switch
        {
            TipCaseStore.MoveOutcome.NotFound => NotFound(),
            TipCaseStore.MoveOutcome.NotAllowed => ApiProblem.Create(409, "tip.transition_invalid", "当前状态不能这样处理",
                "已办结、已移送或已作无效处理的线索不能再作无效处理。"),
            _ => await AuditedAsync(id, officer, "discard", $"作为无效线索处理，证据已删除：{reason}", now, ct),
        };
    }

    private static async Task<Results<Ok<TipIdentity>, ValidationProblem, ProblemHttpResult>> RevealIdentityAsync(
        long id, TipReasonRequest request, [AsParameters] OfficerServices officer, CancellationToken ct)
    {
        var (staff, tips, audit, time) = officer;
        if (TipRules.CheckReason(request, 300, "查看实名信息须填写理由（不超过 300 字）", out var reason) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        if (!await tips.ExistsAsync(id, ct))
        {
            return NotFound();
        }

        var identity = await tips.IdentityAsync(id, ct);
        await audit.AuditAsync([id], staff.StaffId(), "reveal_identity", reason, time.GetUtcNow().UtcDateTime, ct);
        return identity is null
            ? ApiProblem.Create(404, "tip.no_identity", "该线索为匿名举报，没有实名信息")
            : TypedResults.Ok(identity);
    }

    private static async Task<Results<Ok<IReadOnlyList<TipAuditEntry>>, ProblemHttpResult>> AuditAsync(
        long id, [AsParameters] OfficerServices officer, CancellationToken ct)
    {
        var (staff, tips, audit, time) = officer;
        if (!await tips.ExistsAsync(id, ct))
        {
            return NotFound();
        }

        await audit.AuditAsync([id], staff.StaffId(), "audit_read", "查看访问记录", time.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Ok(await audit.TrailAsync(id, ct));
    }

    /// <summary>A step that changed the tip: audited, then answered with the tip as it now stands.</summary>
    private static async Task<Results<Ok<OfficerTip>, ValidationProblem, ProblemHttpResult>> AuditedAsync(
        long id, OfficerServices officer, string action, string detail, DateTime now, CancellationToken ct)
    {
        await officer.Audit.AuditAsync([id], officer.Staff.StaffId(), action, detail, now, ct);
        return TypedResults.Ok((await officer.Tips.FindAsync(id, now, ct))!);
    }

    private static ProblemHttpResult NotFound() => ApiProblem.Create(404, "tip.not_found", "找不到该线索");
}

/// <summary>
/// What every officer step needs besides its own input: who acts, the case store, the audit log and the clock. Bound
/// with <c>[AsParameters]</c> so each handler names only its route values, its request and this.
/// </summary>
public readonly record struct OfficerServices(ClaimsPrincipal Staff, TipCaseStore Tips, TipAuditLog Audit, TimeProvider Time);

/// <summary>The desk list's filters, bound from the query.</summary>
public readonly record struct OfficerTipQuery(
    [FromQuery(Name = "status"), QueryEnum(typeof(TipStatus))] string? Status, [FromQuery(Name = "category")] string? Category,
    [FromQuery(Name = "overdue")] bool? Overdue, [FromQuery(Name = "dueWithin")] int? DueWithin);
