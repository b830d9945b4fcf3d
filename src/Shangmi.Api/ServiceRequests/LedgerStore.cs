using Dapper;
using MySqlConnector;
using Shangmi.Api.Common;
using Shangmi.Api.Data;
using Shangmi.Api.Enterprises;
using Shangmi.Api.Identity.Staff;
using Shangmi.Api.Tips;
using static Shangmi.Api.ServiceRequests.ServiceWorkflow;

namespace Shangmi.Api.ServiceRequests;

/// <summary>
/// The ledger's filters, checked. Dates are China dates of submission, both ends included. <see cref="Unassigned"/>:
/// only the requests waiting in their district's queue for someone to take them (待分派), or only those someone has.
/// </summary>
public sealed record LedgerFilter(
    long? DistrictId, ServiceKind? Kind, ServiceStatus? Status, long? AssigneeId, bool? Unassigned, bool? Overdue, DateOnly? From,
    DateOnly? To, string? Q)
{
    public override string ToString() =>
        string.Join("，", new[]
        {
            DistrictId is null ? null : $"区 {DistrictId}", Kind is null ? null : $"类型 {Kind}", Status is null ? null : $"状态 {Status}",
            AssigneeId is null ? null : $"承办人 {AssigneeId}", Unassigned is null ? null : Unassigned.Value ? "待分派" : "已分派", Overdue is null ? null : $"超期 {Overdue}", From is null ? null : $"自 {From:yyyy-MM-dd}",
            To is null ? null : $"至 {To:yyyy-MM-dd}", Q is null ? null : $"关键词 {Q}",
        }.Where(s => s is not null)) is { Length: > 0 } text ? text : "无";
}

/// <summary>
/// The SQL of the staff side: the ledger and its rates, a request's detail, every staff action, the routes. Every
/// query carries the district scope: a request outside it is not found.
/// </summary>
public sealed class LedgerStore(MySqlDataSource db, ServiceRecords records, ServiceSecrets secrets)
{
    public enum ActOutcome { Done, NotFound, NotAllowed, UnknownStaff, UnknownTip }

    public enum RouteOutcome { Done, UnknownDistrict, UnknownStaff }

    /// <summary>What an action carries; each action reads its own part.</summary>
    public sealed record ActInput(ServiceAction Action, string Text = "", long? StaffId = null, ServiceVisit? Visit = null,
        TransferWrite? Transfer = null, long? TipId = null);

    /// <summary>The staff member's district (<c>@scope</c>; null: city-wide) on <c>service_requests r</c>.</summary>
    public const string Scope = "(@scope IS NULL OR r.district_id = @scope)";

    /// <summary>The counts behind the three rates, as a SELECT list over <c>service_requests r</c> (read into <see cref="RateCounts"/>).</summary>
    public const string RateCountsSql = $"""
        COUNT(*) AS requests,
        CAST(COALESCE(SUM({ResponseDueSql}), 0) AS SIGNED) AS response_due, CAST(COALESCE(SUM({RespondedInTimeSql}), 0) AS SIGNED) AS responded_in_time,
        CAST(COALESCE(SUM({FeedbackSql}), 0) AS SIGNED) AS feedback_given, CAST(COALESCE(SUM({SolvedSql}), 0) AS SIGNED) AS solved,
        CAST(COALESCE(SUM({RatedSql}), 0) AS SIGNED) AS ratings, CAST(COALESCE(SUM({SatisfiedSql}), 0) AS SIGNED) AS satisfied
        """;

    private const string LedgerSelect = $"""
        SELECT r.id, r.enterprise_id, e.name AS enterprise_name, r.district_id, d.name AS district_name, r.kind, r.status, r.subject,
               r.assignee_id, s.display_name AS assignee_name, r.contact_mask, r.created_at, r.respond_due_on, r.resolve_due_on,
               r.responded_at, r.resolved_at, r.closed_at, {OverdueSql} AS overdue, {ResponseDueSql} AS response_due,
               {RespondedInTimeSql} AS responded_in_time, {FeedbackSql} AS feedback_given, r.solved, r.rating, r.transfer_to,
               r.transfer_reference, r.tip_id
        FROM service_requests r JOIN enterprises e ON e.id = r.enterprise_id LEFT JOIN districts d ON d.id = r.district_id
             LEFT JOIN staff s ON s.id = r.assignee_id
        """;

    private const string Where = $"""
        WHERE {Scope} AND (@DistrictId IS NULL OR r.district_id = @DistrictId) AND (@kind IS NULL OR r.kind = @kind)
          AND (@status IS NULL OR r.status = @status) AND (@AssigneeId IS NULL OR r.assignee_id = @AssigneeId)
          AND (@Unassigned IS NULL OR (r.assignee_id IS NULL) = @Unassigned)
          AND (@Overdue IS NULL OR {OverdueSql} = @Overdue) AND (@fromUtc IS NULL OR r.created_at >= @fromUtc)
          AND (@toUtc IS NULL OR r.created_at < @toUtc)
          AND (@q IS NULL OR r.subject LIKE @q OR r.description LIKE @q OR e.name LIKE @q)
        """;

    public async Task<Paged<LedgerItem>> ListAsync(long? scope, LedgerFilter filter, DateTime now, PageRequest page, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var args = Args(scope, filter, now, page.Offset, page.PageSize);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM service_requests r JOIN enterprises e ON e.id = r.enterprise_id {Where}", args, cancellationToken: ct));
        var rows = await connection.QueryAsync<LedgerRow>(new CommandDefinition(
            $"{LedgerSelect} {Where} ORDER BY r.id DESC LIMIT @offset, @limit", args, cancellationToken: ct));
        return page.Of(rows.Select(r => r.ToItem()).ToList(), total);
    }

    public async Task<IReadOnlyList<LedgerItem>> ListAllAsync(long? scope, LedgerFilter filter, DateTime now, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<LedgerRow>(new CommandDefinition(
            $"{LedgerSelect} {Where} ORDER BY r.id LIMIT @offset, @limit", Args(scope, filter, now, 0, limit), cancellationToken: ct)))
            .Select(r => r.ToItem()).ToList();
    }

    /// <summary>
    /// The rates over the requests the ledger shows with the same filters (district, kind, period), counted with the
    /// very conditions the ledger's flags are (<see cref="ServiceWorkflow"/>), per district × kind and summed here.
    /// </summary>
    public async Task<ServiceRates> RatesAsync(long? scope, LedgerFilter filter, DateTime now, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var cells = (await connection.QueryAsync<Cell>(new CommandDefinition($"""
            SELECT r.district_id, d.name AS district_name, r.kind, {RateCountsSql}
            FROM service_requests r JOIN enterprises e ON e.id = r.enterprise_id LEFT JOIN districts d ON d.id = r.district_id
            {Where}
            GROUP BY r.district_id, d.name, r.kind
            """, Args(scope, filter, now, 0, 0), cancellationToken: ct))).ToList();
        return new ServiceRates(filter.From, filter.To, WorkCalendar.ChinaDate(now), Line("all", "全部", cells),
            cells.GroupBy(c => (c.DistrictId, c.DistrictName)).OrderBy(g => g.Key.DistrictId ?? long.MaxValue)
                .Select(g => Line(g.Key.DistrictId?.ToString() ?? "none", g.Key.DistrictName ?? "未填行政区", g)).ToList(),
            cells.GroupBy(c => c.Kind).OrderBy(g => g.Key).Select(g => Line(g.Key.ToDb(), KindName(g.Key), g)).ToList());
    }

    /// <summary>
    /// A request as staff see it. With <paramref name="readContact"/> (the detail page) the contact is opened and the
    /// read recorded; an action's answer leaves the contact out, so nothing is read that nobody looked at.
    /// </summary>
    public async Task<StaffServiceRequest?> FindAsync(long? scope, long id, long staffId, bool readContact, DateTime now, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var args = new { scope, id, today = Today(now) };
        var summary = await connection.QuerySingleOrDefaultAsync<LedgerRow>(new CommandDefinition(
            $"{LedgerSelect} WHERE r.id = @id AND {Scope}", args, cancellationToken: ct));
        if (summary is null)
        {
            return null;
        }

        var r = await connection.QuerySingleAsync<ServiceRecords.Detail>(new CommandDefinition(
            $"SELECT {ServiceRecords.Detail.Columns} FROM service_requests r WHERE r.id = @id", args, cancellationToken: ct));
        // The contact is personal information: each staff read of it is a line of the (internal) timeline.
        if (readContact)
        {
            await ServiceRecords.EventAsync(connection, null, id, "viewed", null, staffId, "查看诉求详情及联系人", now, ct);
        }

        var item = summary.ToItem();
        return new StaffServiceRequest(item, r.Description, r.Preferred, await ServiceRecords.DocumentsAsync(connection, id, ct),
            readContact && r.ContactSealed is { } sealedContact ? secrets.OpenContact(id, r.KeyId, sealedContact) : null, r.Visit, r.Feedback,
            await records.AttachmentsAsync(connection, id, ct), await ServiceRecords.TimelineAsync(connection, id, true, ct),
            Allowed(item.Status, item.Kind));
    }

    /// <summary>Whether the request is within the scope (for reads that then go elsewhere, e.g. an attachment).</summary>
    public async Task<bool> VisibleAsync(long? scope, long id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            $"SELECT EXISTS (SELECT 1 FROM service_requests r WHERE r.id = @id AND {Scope})", new { scope, id }, cancellationToken: ct));
    }

    public async Task RecordReadAsync(long id, long staffId, string what, DateTime now, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await ServiceRecords.EventAsync(connection, null, id, "viewed", null, staffId, what, now, ct);
    }

    /// <summary>
    /// One staff action, under the request's row lock: refused (with the allowed ones) when its state does not allow it,
    /// else the row changes, a timeline line is written and, for what the enterprise should hear of, a message queued.
    /// </summary>
    public Task<(ActOutcome Outcome, IReadOnlyList<ServiceAction> Allowed)> ActAsync(long? scope, long id, long staffId, ActInput input,
        DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var row = await connection.QuerySingleOrDefaultAsync<(string Status, string Kind, long? DistrictId)?>(new CommandDefinition(
                $"SELECT r.status, r.kind, r.district_id FROM service_requests r WHERE r.id = @id AND {Scope} FOR UPDATE",
                new { id, scope }, transaction, cancellationToken: ct));
            if (row is not { } found)
            {
                return (ActOutcome.NotFound, (IReadOnlyList<ServiceAction>)[]);
            }

            var (status, kind) = (Enum.Parse<ServiceStatus>(found.Status, true), Enum.Parse<ServiceKind>(found.Kind, true));
            if (!Allows(status, kind, input.Action))
            {
                return (ActOutcome.NotAllowed, Allowed(status, kind));
            }

            var (kindWord, text) = (input.Action.ToDb(), input.Text);
            switch (input.Action)
            {
                case ServiceAction.Take:
                    (kindWord, text) = ("taken", "领办");
                    await SetAsync(connection, transaction, id, "assignee_id = @staffId", new { staffId }, now, ct);
                    break;
                case ServiceAction.Assign:
                    var name = await ServiceStaffNameAsync(connection, transaction, input.StaffId!.Value, found.DistrictId, ct);
                    if (name is null)
                    {
                        return (ActOutcome.UnknownStaff, []);
                    }

                    (kindWord, text) = ("assigned", $"转派给 {name}");
                    await SetAsync(connection, transaction, id, "assignee_id = @assignee", new { assignee = input.StaffId }, now, ct);
                    break;
                case ServiceAction.Accept:
                    (kindWord, text) = ("accepted", text.Length > 0 ? text : "已受理");
                    await SetAsync(connection, transaction, id, "status = 'accepted', assignee_id = COALESCE(assignee_id, @staffId)", new { staffId }, now, ct);
                    break;
                case ServiceAction.Schedule:
                    var visit = input.Visit!;
                    (kindWord, text) = ("scheduled",
                        $"上门时间：{ChinaTime.ToChina(visit.At):yyyy-MM-dd HH:mm}；地点：{visit.Place}；人员：{visit.Staff}");
                    await SetAsync(connection, transaction, id, "status = 'scheduled', visit_at = @at, visit_place = @Place, visit_staff = @Staff",
                        new { at = visit.At.UtcDateTime, visit.Place, visit.Staff }, now, ct);
                    break;
                case ServiceAction.Resolve:
                    kindWord = "resolved";
                    await SetAsync(connection, transaction, id, "status = 'resolved', resolved_at = @now", new { }, now, ct);
                    break;
                case ServiceAction.Reject:
                    kindWord = "rejected";
                    await SetAsync(connection, transaction, id, "status = 'rejected', closed_at = @now", new { }, now, ct);
                    break;
                case ServiceAction.Transfer:
                    var transfer = input.Transfer!;
                    (kindWord, text) = ("transferred", $"移送{TargetName(transfer.To)}：{transfer.Reason}（文书编号 {transfer.Reference}）");
                    await SetAsync(connection, transaction, id, "status = 'transferred', closed_at = @now, transfer_to = @to, transfer_reference = @Reference",
                        new { to = transfer.To.ToDb(), transfer.Reference }, now, ct);
                    break;
                case ServiceAction.LinkTip:
                    if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM tips WHERE id = @TipId)",
                            new { input.TipId }, transaction, cancellationToken: ct)))
                    {
                        return (ActOutcome.UnknownTip, []);
                    }

                    (kindWord, text) = ("linked", $"关联线索 {input.TipId}");
                    await SetAsync(connection, transaction, id, "tip_id = @TipId", new { input.TipId }, now, ct);
                    break;
            }

            if (IsResponse(input.Action))
            {
                await SetAsync(connection, transaction, id, "responded_at = COALESCE(responded_at, @now)", new { }, now, ct);
            }

            await ServiceRecords.EventAsync(connection, transaction, id, kindWord, null, staffId, text, now, ct);
            await transaction.CommitAsync(ct);
            return (ActOutcome.Done, (IReadOnlyList<ServiceAction>)[]);
        });

    public async Task<IReadOnlyList<ServiceRoute>> RoutesAsync(long? scope, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<ServiceRoute>(new CommandDefinition("""
            SELECT d.id AS DistrictId, d.name AS DistrictName, sr.staff_id AS StaffId, s.display_name AS StaffName
            FROM districts d LEFT JOIN service_routes sr ON sr.district_id = d.id LEFT JOIN staff s ON s.id = sr.staff_id
            WHERE (@scope IS NULL OR d.id = @scope) ORDER BY d.sort_order, d.id
            """, new { scope }, cancellationToken: ct))).ToList();
    }

    /// <summary>
    /// Sets (or with null clears) who receives a district's new requests: an active service account able to act there.
    /// The change is recorded in the staff audit log against the account that gains (or loses) the district's requests.
    /// </summary>
    public Task<RouteOutcome> SetRouteAsync(long districtId, long? staffId, long? actorId, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var district = await connection.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT name FROM districts WHERE id = @districtId",
                new { districtId }, transaction, cancellationToken: ct));
            if (district is null)
            {
                return RouteOutcome.UnknownDistrict;
            }

            if (staffId is not null && await ServiceStaffNameAsync(connection, transaction, staffId.Value, districtId, ct) is null)
            {
                return RouteOutcome.UnknownStaff;
            }

            var previous = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT staff_id FROM service_routes WHERE district_id = @districtId FOR UPDATE", new { districtId }, transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(staffId is null
                ? "DELETE FROM service_routes WHERE district_id = @districtId"
                : """
                  INSERT INTO service_routes (district_id, staff_id, updated_at) VALUES (@districtId, @staffId, @now)
                  ON DUPLICATE KEY UPDATE staff_id = @staffId, updated_at = @now
                  """, new { districtId, staffId, now }, transaction, cancellationToken: ct));
            if ((staffId ?? previous) is { } target && staffId != previous)
            {
                await StaffStore.AuditAsync(connection, transaction, actorId, target, StaffAudit.Actions.ServiceRouteChanged,
                    staffId is null ? $"不再接收{district}的新诉求" : $"接收{district}的新诉求", false, now, ct);
            }

            await transaction.CommitAsync(ct);
            return RouteOutcome.Done;
        });

    private static readonly string MayActInDistrict = ServiceAccounts.MayActIn("@districtId");

    /// <summary>Who request <paramref name="id"/> may be assigned to (<see cref="ServiceAccounts"/>); null when it is outside the scope.</summary>
    public async Task<IReadOnlyList<LiaisonCandidate>?> AssigneesAsync(long? scope, long id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var found = await connection.QuerySingleOrDefaultAsync<(long Id, long? DistrictId)?>(new CommandDefinition(
            $"SELECT r.id, r.district_id FROM service_requests r WHERE r.id = @id AND {Scope}", new { id, scope }, cancellationToken: ct));
        return found is { } request ? await CandidatesAsync(request.DistrictId, ct) : null;
    }

    /// <summary>Who may act in <paramref name="districtId"/> (<see cref="ServiceAccounts"/>): a request's assignee, a district's receiver.</summary>
    public async Task<IReadOnlyList<LiaisonCandidate>> CandidatesAsync(long? districtId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<LiaisonCandidate>(new CommandDefinition(
            $"SELECT {ServiceAccounts.Columns} {MayActInDistrict} {ServiceAccounts.Order}", new { districtId }, cancellationToken: ct))).ToList();
    }

    /// <summary>Who may receive <paramref name="districtId"/>'s new requests; null when there is no such district.</summary>
    public async Task<IReadOnlyList<LiaisonCandidate>?> DistrictCandidatesAsync(long districtId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var batch = await connection.QueryMultipleAsync(new CommandDefinition($"""
            SELECT EXISTS (SELECT 1 FROM districts WHERE id = @districtId);
            SELECT {ServiceAccounts.Columns} {MayActInDistrict} {ServiceAccounts.Order};
            """, new { districtId }, cancellationToken: ct));
        return await batch.ReadSingleAsync<bool>() ? (await batch.ReadAsync<LiaisonCandidate>()).ToList() : null;
    }

    /// <summary>
    /// The service accounts a ledger within <paramref name="scope"/> can name as assignee (its filter): a district's
    /// own and the city-wide ones; for city-wide staff, all.
    /// </summary>
    public async Task<IReadOnlyList<LiaisonCandidate>> ColleaguesAsync(long? scope, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<LiaisonCandidate>(new CommandDefinition(
            $"SELECT {ServiceAccounts.Columns} {MayActInDistrict} OR (@districtId IS NULL AND s.disabled = 0) {ServiceAccounts.Order}",
            new { districtId = scope }, cancellationToken: ct))).ToList();
    }

    /// <summary>The name of an active service account that may act in <paramref name="districtId"/> (city-wide or of it), or null.</summary>
    private static Task<string?> ServiceStaffNameAsync(MySqlConnection connection, MySqlTransaction? transaction, long staffId, long? districtId,
        CancellationToken ct) =>
        connection.ExecuteScalarAsync<string?>(new CommandDefinition($"SELECT s.display_name {MayActInDistrict} AND s.id = @staffId",
            new { staffId, districtId }, transaction, cancellationToken: ct));

    private static Task SetAsync(MySqlConnection connection, MySqlTransaction transaction, long id, string assignments, object args, DateTime now,
        CancellationToken ct)
    {
        var parameters = new DynamicParameters(args);
        parameters.AddDynamicParams(new { id, now });
        // assignments are constants of ActAsync, never input.
        return connection.ExecuteAsync(new CommandDefinition($"UPDATE service_requests SET {assignments}, updated_at = @now WHERE id = @id",
            parameters, transaction, cancellationToken: ct));
    }

    private static DateTime Today(DateTime now) => WorkCalendar.ChinaDate(now).ToDateTime(TimeOnly.MinValue);

    private static object Args(long? scope, LedgerFilter f, DateTime now, int offset, int limit) => new
    {
        scope, f.DistrictId, kind = f.Kind?.ToDb(), status = f.Status?.ToDb(), f.AssigneeId, f.Unassigned, f.Overdue,
        fromUtc = f.From?.ToDateTime(TimeOnly.MinValue) - ChinaTime.Offset, toUtc = f.To?.AddDays(1).ToDateTime(TimeOnly.MinValue) - ChinaTime.Offset,
        q = f.Q is null ? null : SqlLike.Contains(f.Q), today = Today(now), offset, limit,
    };

    public static string KindName(ServiceKind kind) => kind switch
    {
        ServiceKind.Consultation => "一对一咨询",
        ServiceKind.Visit => "上门指导",
        ServiceKind.Rights => "维权诉求",
        ServiceKind.Documents => "资料申领",
        _ => "培训需求",
    };

    /// <summary>One line of the rates: the counts summed, each rate divided once from the sums.</summary>
    public static RateLine Line(string key, string name, IEnumerable<RateCounts> cells)
    {
        var c = cells.ToList();
        var (requests, due, inTime, feedback, solved, ratings, satisfied) = (c.Sum(x => x.Requests), c.Sum(x => x.ResponseDue),
            c.Sum(x => x.RespondedInTime), c.Sum(x => x.FeedbackGiven), c.Sum(x => x.Solved), c.Sum(x => x.Ratings), c.Sum(x => x.Satisfied));
        return new RateLine(key, name, requests, due, inTime, Rate(inTime, due), feedback, solved, Rate(solved, feedback), ratings, satisfied,
            Rate(satisfied, ratings));
    }

    private sealed class Cell : RateCounts
    {
        public long? DistrictId { get; init; }
        public string? DistrictName { get; init; }
        public ServiceKind Kind { get; init; }
    }

    /// <summary>What <see cref="RateCountsSql"/> reads.</summary>
    public class RateCounts
    {
        public long Requests { get; init; }
        public long ResponseDue { get; init; }
        public long RespondedInTime { get; init; }
        public long FeedbackGiven { get; init; }
        public long Solved { get; init; }
        public long Ratings { get; init; }
        public long Satisfied { get; init; }
    }

    private sealed class LedgerRow
    {
        public long Id { get; init; }
        public long EnterpriseId { get; init; }
        public string EnterpriseName { get; init; } = "";
        public long? DistrictId { get; init; }
        public string? DistrictName { get; init; }
        public ServiceKind Kind { get; init; }
        public ServiceStatus Status { get; init; }
        public string Subject { get; init; } = "";
        public long? AssigneeId { get; init; }
        public string? AssigneeName { get; init; }
        public string ContactMask { get; init; } = "";
        public DateTime CreatedAt { get; init; }
        public DateTime RespondDueOn { get; init; }
        public DateTime ResolveDueOn { get; init; }
        public DateTime? RespondedAt { get; init; }
        public DateTime? ResolvedAt { get; init; }
        public DateTime? ClosedAt { get; init; }
        public long Overdue { get; init; }
        public long ResponseDue { get; init; }
        public long RespondedInTime { get; init; }
        public long FeedbackGiven { get; init; }
        public bool? Solved { get; init; }
        public int? Rating { get; init; }
        public TransferTarget? TransferTo { get; init; }
        public string? TransferReference { get; init; }
        public long? TipId { get; init; }

        private static DateTimeOffset? At(DateTime? utc) => utc is { } at ? DbTime.FromUtc(at) : null;

        public LedgerItem ToItem() =>
            new(Id, EnterpriseId, EnterpriseName, DistrictId, DistrictName, Kind, Status, Subject, AssigneeId, AssigneeName, ContactMask,
                DbTime.FromUtc(CreatedAt), DateOnly.FromDateTime(RespondDueOn), DateOnly.FromDateTime(ResolveDueOn), At(RespondedAt),
                At(ResolvedAt), At(ClosedAt), Overdue == 1, ResponseDue == 1, RespondedInTime == 1, FeedbackGiven == 1, Solved, Rating,
                TransferTo, TransferReference, TipId);
    }
}
