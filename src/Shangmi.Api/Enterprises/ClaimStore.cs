using Dapper;
using MySqlConnector;
using Shangmi.Api.Common;
using Shangmi.Api.Data;

namespace Shangmi.Api.Enterprises;

/// <summary>A proof file as received: its bytes and the type read from its content.</summary>
public sealed record ProofUpload(byte[] Content, string ContentType);

/// <summary>
/// The SQL of claims: a user claims an enterprise, staff verify, reject or revoke, the user leaves. One active claim
/// (pending or verified) per user is the unique key <c>active_user</c>; a credit code is one enterprise row, made by the
/// first claim (unverified) or by a roster import.
/// </summary>
public sealed class ClaimStore(MySqlDataSource db, ClaimSecrets secrets, ClaimProofStore proofs)
{
    public enum CreateOutcome { Created, AlreadyPending, AlreadyMember }

    public enum DecideOutcome { Done, NotFound, NotPending }

    public enum RevokeOutcome { Done, NotFound, NotMember }

    public enum LeaveOutcome { Done, NotFound }

    /// <summary>
    /// Records a claim in one transaction: the enterprise row of the code (made unverified when the code is new), the
    /// claim (a member claim when the enterprise is verified already), its sealed contact, and its sealed proof file.
    /// A user's second active claim, however close in time to the first, meets the unique key and changes nothing.
    /// </summary>
    public Task<(CreateOutcome Outcome, long Id)> CreateAsync(long userId, ClaimWrite claim, ProofUpload? proof, DateTime now,
        CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            if (await ActiveStatusAsync(connection, null, userId, ct) is { } active)
            {
                return (Refusal(active), 0L);
            }

            await using var transaction = await connection.BeginTransactionAsync(ct);
            // The row of the code, new or existing, locked; two first claims of one code meet here and share one row.
            var enterpriseId = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
                INSERT INTO enterprises (credit_code, name, status, district_id, created_at, updated_at)
                VALUES (@CreditCode, @Name, 'unverified', @DistrictId, @now, @now)
                ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id);
                SELECT LAST_INSERT_ID();
                """, new { claim.CreditCode, claim.Name, claim.DistrictId, now }, transaction, cancellationToken: ct));
            var status = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
                "SELECT status FROM enterprises WHERE id = @enterpriseId FOR UPDATE", new { enterpriseId }, transaction, cancellationToken: ct));
            var kind = status == EnterpriseStatus.Unverified.ToDb() ? ClaimKind.Enterprise : ClaimKind.Member;
            long id;
            try
            {
                id = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
                    INSERT INTO enterprise_claims (enterprise_id, user_id, active_user, status, kind, credit_code, claimed_name,
                                                   district_id, mobile_mask, created_at, updated_at)
                    VALUES (@enterpriseId, @userId, @userId, 'pending', @kind, @CreditCode, @Name, @DistrictId, @mask, @now, @now);
                    SELECT LAST_INSERT_ID();
                    """, new
                {
                    enterpriseId, userId, kind = kind.ToDb(), claim.CreditCode, claim.Name, claim.DistrictId,
                    mask = PhoneNumbers.Mask(claim.Contact.Mobile), now,
                },
                    transaction, cancellationToken: ct));
            }
            catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
            {
                await transaction.RollbackAsync(ct);
                return (Refusal(await ActiveStatusAsync(connection, null, userId, ct) ?? ClaimStatus.Pending), 0L);
            }

            var proofKey = proof is null ? null : ClaimProofStore.NewKey();
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE enterprise_claims
                SET key_id = @keyId, contact_sealed = @contact, proof_key = @proofKey, proof_type = @proofType, proof_size = @proofSize
                WHERE id = @id
                """, new
            {
                id, keyId = secrets.ActiveKeyId, contact = secrets.SealContact(id, claim.Contact), proofKey,
                proofType = proof?.ContentType, proofSize = proof?.Content.Length,
            }, transaction, cancellationToken: ct));
            await EnterpriseLog.RecordAsync(connection, transaction, enterpriseId, id, EnterpriseLog.Actor.User(userId),
                EnterpriseLog.Action.Claimed, now, ct, newValue: kind.ToDb());
            try
            {
                if (proofKey is not null)
                {
                    await proofs.WriteAsync(proofKey, secrets.SealProof(id, proof!.Content), ct);
                }

                await transaction.CommitAsync(ct);
            }
            catch
            {
                if (proofKey is not null)
                {
                    proofs.Delete(proofKey);
                }

                throw;
            }

            return (CreateOutcome.Created, id);
        });

    /// <summary>The user's latest claim, or null when they never claimed.</summary>
    public async Task<ClaimRow?> LatestOfAsync(long userId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ClaimRow>(new CommandDefinition(
            ClaimRow.Select + " WHERE c.user_id = @userId ORDER BY c.id DESC LIMIT 1", new { userId }, cancellationToken: ct));
    }

    /// <summary>The enterprise a verified member acts for (its verified name and code, even while a change waits), or null.</summary>
    public async Task<ActingEnterprise?> ActingForAsync(long userId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ActingEnterprise>(new CommandDefinition("""
            SELECT e.id, e.name, e.credit_code AS CreditCode
            FROM enterprise_claims c JOIN enterprises e ON e.id = c.enterprise_id
            WHERE c.active_user = @userId AND c.status = 'verified' AND e.status <> 'unverified'
            """, new { userId }, cancellationToken: ct));
    }

    /// <summary>
    /// The user withdraws a pending claim or leaves the enterprise they act for. A withdrawn claim's proof file goes at
    /// once: nobody will decide on it, and keeping it would let a loop of claims and withdrawals fill the disk.
    /// </summary>
    public Task<LeaveOutcome> LeaveAsync(long userId, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var claim = await connection.QuerySingleOrDefaultAsync<(long Id, long? EnterpriseId, ClaimStatus Status, string? ProofKey)?>(
                new CommandDefinition("SELECT id, enterprise_id, status, proof_key FROM enterprise_claims WHERE active_user = @userId FOR UPDATE",
                    new { userId }, transaction, cancellationToken: ct));
            if (claim is not { } found)
            {
                return LeaveOutcome.NotFound;
            }

            await EndAsync(connection, transaction, found.Id, ClaimStatus.Left, null, null, now, ct);
            if (found is { Status: ClaimStatus.Pending, ProofKey: { } proofKey })
            {
                // The file first, as retention does: a failed commit leaves a row pointing at nothing, never a lost file.
                proofs.Delete(proofKey);
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE enterprise_claims SET proof_key = NULL, proof_type = NULL, proof_size = NULL WHERE id = @Id",
                    new { found.Id }, transaction, cancellationToken: ct));
            }

            await EnterpriseLog.RecordAsync(connection, transaction, found.EnterpriseId, found.Id, EnterpriseLog.Actor.User(userId),
                EnterpriseLog.Action.MemberLeft, now, ct);
            await ProfileStore.DropChangeOfAsync(connection, transaction, found.EnterpriseId, userId, now, ct);
            await DropUnclaimedAsync(connection, transaction, found.EnterpriseId, ct);
            await transaction.CommitAsync(ct);
            return LeaveOutcome.Done;
        });

    /// <summary>
    /// Account deletion (注销): the user leaves their enterprise or withdraws their claim, and every claim of theirs
    /// loses its contact and its proof file at once.
    /// </summary>
    public async Task ForgetUserAsync(long userId, DateTime now, CancellationToken ct)
    {
        await LeaveAsync(userId, now, ct);
        await using var connection = await db.OpenConnectionAsync(ct);
        var keys = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT proof_key FROM enterprise_claims WHERE user_id = @userId AND proof_key IS NOT NULL", new { userId }, cancellationToken: ct));
        foreach (var key in keys)
        {
            proofs.Delete(key);
        }

        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE enterprise_claims
            SET contact_sealed = NULL, mobile_mask = '', proof_key = NULL, proof_type = NULL, proof_size = NULL
            WHERE user_id = @userId
            """, new { userId }, cancellationToken: ct));
    }

    public async Task<Paged<StaffClaim>> ListAsync(long? scope, ClaimStatus status, PageRequest page, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var args = new { scope, status = status.ToDb(), page.PageSize, page.Offset };
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"""
            SELECT COUNT(*) FROM enterprise_claims c LEFT JOIN enterprises e ON e.id = c.enterprise_id
            WHERE c.status = @status AND {ClaimRow.Scope}
            """, args, cancellationToken: ct));
        var rows = await connection.QueryAsync<ClaimRow>(new CommandDefinition(
            ClaimRow.Select + $" WHERE c.status = @status AND {ClaimRow.Scope} ORDER BY c.id LIMIT @PageSize OFFSET @Offset",
            args, cancellationToken: ct));
        return page.Of(rows.Select(r => r.ToStaff(null)).ToList(), total);
    }

    /// <summary>A claim within the staff member's scope, or null (outside it is as good as absent).</summary>
    public async Task<ClaimRow?> FindAsync(long claimId, long? scope, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ClaimRow>(new CommandDefinition(
            ClaimRow.Select + $" WHERE c.id = @claimId AND {ClaimRow.Scope}", new { claimId, scope }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<ClaimRow>> OfEnterpriseAsync(long enterpriseId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<ClaimRow>(new CommandDefinition(
            ClaimRow.Select + " WHERE c.enterprise_id = @enterpriseId ORDER BY c.id", new { enterpriseId }, cancellationToken: ct))).ToList();
    }

    public ClaimContact? ContactOf(ClaimRow claim) =>
        claim is { ContactSealed: { } sealedContact, KeyId: { } keyId } ? secrets.OpenContact(claim.Id, keyId, sealedContact) : null;

    public async Task<byte[]?> ProofOfAsync(ClaimRow claim, CancellationToken ct) =>
        claim is { ProofKey: { } key, KeyId: { } keyId } && await proofs.ReadAsync(key, ct) is { } sealedProof
            ? secrets.OpenProof(claim.Id, keyId, sealedProof)
            : null;

    /// <summary>
    /// Staff verify a pending claim: the user becomes a member; an unverified enterprise becomes verified, under the
    /// name and in the district this claim gave (whichever claim came first).
    /// </summary>
    public Task<DecideOutcome> VerifyAsync(long claimId, long? scope, long staffId, DateTime now, CancellationToken ct) =>
        DecideAsync(claimId, scope, staffId, now, ct, async (connection, transaction, claim) =>
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE enterprise_claims SET status = 'verified', reason = NULL, decided_by = @staffId, decided_at = @now, updated_at = @now
                WHERE id = @claimId
                """, new { claimId, staffId, now }, transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE enterprises SET status = 'verified', name = @ClaimedName, district_id = @ClaimDistrictId, updated_at = @now
                WHERE id = @EnterpriseId AND status = 'unverified'
                """, new { claim.ClaimedName, claim.ClaimDistrictId, claim.EnterpriseId, now }, transaction, cancellationToken: ct));
            return EnterpriseLog.Action.ClaimVerified;
        }, null);

    /// <summary>Staff reject a pending claim with a reason; an enterprise nobody else claims or vouches for goes with it.</summary>
    public Task<DecideOutcome> RejectAsync(long claimId, long? scope, long staffId, string reason, DateTime now, CancellationToken ct) =>
        DecideAsync(claimId, scope, staffId, now, ct, async (connection, transaction, claim) =>
        {
            await EndAsync(connection, transaction, claimId, ClaimStatus.Rejected, reason, staffId, now, ct);
            return EnterpriseLog.Action.ClaimRejected;
        }, reason);

    /// <summary>Staff revoke a member, with a reason.</summary>
    public Task<RevokeOutcome> RevokeAsync(long claimId, long? scope, long staffId, string reason, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            if (await LockAsync(connection, transaction, claimId, scope, ct) is not { } claim)
            {
                return RevokeOutcome.NotFound;
            }

            if (claim.Status != ClaimStatus.Verified)
            {
                return RevokeOutcome.NotMember;
            }

            await EndAsync(connection, transaction, claimId, ClaimStatus.Revoked, reason, staffId, now, ct);
            await EnterpriseLog.RecordAsync(connection, transaction, claim.EnterpriseId, claimId, EnterpriseLog.Actor.Staff(staffId),
                EnterpriseLog.Action.MemberRevoked, now, ct, newValue: reason);
            await ProfileStore.DropChangeOfAsync(connection, transaction, claim.EnterpriseId, claim.UserId, now, ct);
            await transaction.CommitAsync(ct);
            return RevokeOutcome.Done;
        });

    private Task<DecideOutcome> DecideAsync(long claimId, long? scope, long staffId, DateTime now, CancellationToken ct,
        Func<MySqlConnection, MySqlTransaction, ClaimRow, Task<EnterpriseLog.Action>> decide, string? reason) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            if (await LockAsync(connection, transaction, claimId, scope, ct) is not { } claim)
            {
                return DecideOutcome.NotFound;
            }

            if (claim.Status != ClaimStatus.Pending)
            {
                return DecideOutcome.NotPending;
            }

            var action = await decide(connection, transaction, claim);
            await EnterpriseLog.RecordAsync(connection, transaction, claim.EnterpriseId, claimId, EnterpriseLog.Actor.Staff(staffId),
                action, now, ct, newValue: reason);
            await DropUnclaimedAsync(connection, transaction, claim.EnterpriseId, ct);
            await transaction.CommitAsync(ct);
            return DecideOutcome.Done;
        });

    /// <summary>Locks the enterprise row, then the claim (the order every claim change takes), within the scope.</summary>
    private static async Task<ClaimRow?> LockAsync(MySqlConnection connection, MySqlTransaction transaction, long claimId, long? scope,
        CancellationToken ct)
    {
        var enterpriseId = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT enterprise_id FROM enterprise_claims WHERE id = @claimId", new { claimId }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT id FROM enterprises WHERE id = @enterpriseId FOR UPDATE", new { enterpriseId }, transaction, cancellationToken: ct));
        return await connection.QuerySingleOrDefaultAsync<ClaimRow>(new CommandDefinition(
            ClaimRow.Select + $" WHERE c.id = @claimId AND {ClaimRow.Scope} FOR UPDATE", new { claimId, scope }, transaction,
            cancellationToken: ct));
    }

    /// <summary>Ends a claim; it no longer counts as the user's active one. The retention period runs from now.</summary>
    private static Task EndAsync(MySqlConnection connection, MySqlTransaction transaction, long claimId, ClaimStatus status,
        string? reason, long? staffId, DateTime now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("""
            UPDATE enterprise_claims
            SET status = @status, active_user = NULL, reason = COALESCE(@reason, reason), decided_by = COALESCE(@staffId, decided_by),
                decided_at = @now, updated_at = @now
            WHERE id = @claimId
            """, new { claimId, status = status.ToDb(), reason, staffId, now }, transaction, cancellationToken: ct));

    /// <summary>An enterprise only an ended claim made (never verified, nobody else claiming it) is no enterprise at all.</summary>
    private static Task DropUnclaimedAsync(MySqlConnection connection, MySqlTransaction transaction, long? enterpriseId, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("""
            DELETE FROM enterprises
            WHERE id = @enterpriseId AND status = 'unverified'
              AND NOT EXISTS (SELECT 1 FROM enterprise_claims c WHERE c.enterprise_id = @enterpriseId AND c.active_user IS NOT NULL)
            """, new { enterpriseId }, transaction, cancellationToken: ct));

    private static async Task<ClaimStatus?> ActiveStatusAsync(MySqlConnection connection, MySqlTransaction? transaction, long userId,
        CancellationToken ct) =>
        await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT status FROM enterprise_claims WHERE active_user = @userId", new { userId }, transaction, cancellationToken: ct)) is { } status
            ? Enum.Parse<ClaimStatus>(status, ignoreCase: true)
            : null;

    private static CreateOutcome Refusal(ClaimStatus active) =>
        active == ClaimStatus.Verified ? CreateOutcome.AlreadyMember : CreateOutcome.AlreadyPending;
}

/// <summary>The district scope of staff in SQL: city-wide (<c>@scope</c> null) or the enterprise's district only.</summary>
public static class EnterpriseScope
{
    public const string Sql = "(@scope IS NULL OR e.district_id = @scope)";
}

/// <summary>
/// A claim row with the district it belongs to: its enterprise's once the enterprise is verified, else the claim's own
/// (the first claim of a code must not decide which district bureau sees the later ones).
/// </summary>
public sealed class ClaimRow
{
    private const string District = "(CASE WHEN e.status IN ('verified', 'reverify') THEN e.district_id ELSE c.district_id END)";

    /// <summary>The district scope of staff over claims (see <see cref="EnterpriseScope"/>).</summary>
    public const string Scope = $"(@scope IS NULL OR {District} = @scope)";

    public const string Select = $"""
        SELECT c.id, c.enterprise_id, c.user_id, c.kind, c.status, c.credit_code, c.claimed_name, c.district_id AS claim_district_id,
               c.key_id, c.contact_sealed, c.mobile_mask, c.proof_key, c.proof_type, c.reason, c.created_at, c.decided_at,
               d.name AS district_name
        FROM enterprise_claims c LEFT JOIN enterprises e ON e.id = c.enterprise_id LEFT JOIN districts d ON d.id = {District}
        """;

    public long Id { get; init; }
    public long? EnterpriseId { get; init; }
    public long UserId { get; init; }
    public ClaimKind Kind { get; init; }
    public ClaimStatus Status { get; init; }
    public string CreditCode { get; init; } = "";
    public string ClaimedName { get; init; } = "";
    public long ClaimDistrictId { get; init; }
    public string? KeyId { get; init; }
    public byte[]? ContactSealed { get; init; }
    public string MobileMask { get; init; } = "";
    public string? ProofKey { get; init; }
    public string? ProofType { get; init; }
    public string? Reason { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? DecidedAt { get; init; }
    public string? DistrictName { get; init; }

    public MyClaim ToMine() =>
        new(Id, Kind, Status, CreditCode, ClaimedName, ProofKey is not null, Reason, DbTime.FromUtc(CreatedAt),
            DecidedAt is { } at ? DbTime.FromUtc(at) : null);

    public StaffClaim ToStaff(string? contactName) =>
        new(Id, EnterpriseId, Kind, Status, CreditCode, ClaimedName, DistrictName, contactName, MobileMask, ProofKey is not null, Reason,
            DbTime.FromUtc(CreatedAt), DecidedAt is { } at ? DbTime.FromUtc(at) : null);
}
