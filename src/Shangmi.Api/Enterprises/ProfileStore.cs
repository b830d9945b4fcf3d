using Dapper;
using MySqlConnector;
using Shangmi.Api.Data;
using Shangmi.Api.Reference;

namespace Shangmi.Api.Enterprises;

/// <summary>
/// The SQL of profile changes: a verified member edits (the name and credit code wait for staff, the rest changes at
/// once and is recorded field by field), staff verify or refuse a waiting change.
/// </summary>
public sealed class ProfileStore(MySqlDataSource db)
{
    public enum UpdateOutcome { Done, NotMember, CodeTaken, DistrictLocked }

    public enum ChangeOutcome { Done, NotFound, NoChange, CodeTaken }

    public Task<UpdateOutcome> UpdateAsync(long userId, ProfileWrite profile, ReferenceVocabulary vocabulary, DateTime now, CancellationToken ct) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var enterpriseId = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition("""
                SELECT e.id FROM enterprise_claims c JOIN enterprises e ON e.id = c.enterprise_id
                WHERE c.active_user = @userId AND c.status = 'verified' FOR UPDATE
                """, new { userId }, transaction, cancellationToken: ct));
            if (enterpriseId is not { } id || await EnterpriseStore.ProfileAsync(connection, transaction, id, ct) is not { } old)
            {
                return UpdateOutcome.NotMember;
            }

            // The district decides which bureau's staff see the enterprise: a member may fill it in, never move it.
            if (old.DistrictId is not null && profile.DistrictId != old.DistrictId)
            {
                return UpdateOutcome.DistrictLocked;
            }

            var nameOrCodeChanged = profile.Name != old.Name || profile.CreditCode != old.CreditCode;
            if (profile.CreditCode != old.CreditCode && await CodeTakenAsync(connection, transaction, id, profile.CreditCode, ct))
            {
                return UpdateOutcome.CodeTaken;
            }

            var actor = EnterpriseLog.Actor.User(userId);
            var changes = new (string Field, string? Old, string? New)[]
            {
                ("district", old.DistrictName, vocabulary.NameOf(vocabulary.Districts, profile.DistrictId)),
                ("industry", old.IndustryName, vocabulary.NameOf(vocabulary.Industries, profile.IndustryId)),
                ("sizeBand", old.SizeBandName, vocabulary.NameOf(vocabulary.SizeBands, profile.SizeBandId)),
                ("tags", string.Join("、", old.Tags.Select(t => t.Name)),
                    string.Join("、", vocabulary.Tags.Where(t => profile.TagIds.Contains(t.Id)).Select(t => t.Name))),
                ("address", old.Address, profile.Address),
                ("employees", old.Employees?.ToString(), profile.Employees?.ToString()),
            };
            foreach (var (field, before, after) in changes.Where(c => c.Old != c.New))
            {
                await EnterpriseLog.RecordAsync(connection, transaction, id, null, actor, EnterpriseLog.Action.Changed, now, ct, field, before, after);
            }

            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE enterprises SET district_id = @DistrictId, industry_id = @IndustryId, size_band_id = @SizeBandId,
                                       address = @Address, employees = @Employees, updated_at = @now
                WHERE id = @id
                """, new { id, profile.DistrictId, profile.IndustryId, profile.SizeBandId, profile.Address, profile.Employees, now },
                transaction, cancellationToken: ct));
            await ReplaceTagsAsync(connection, transaction, id, profile.TagIds, ct);
            if (nameOrCodeChanged)
            {
                await connection.ExecuteAsync(new CommandDefinition("""
                    UPDATE enterprises SET status = 'reverify', pending_name = @Name, pending_credit_code = @CreditCode, pending_by = @userId,
                                           change_reason = NULL
                    WHERE id = @id
                    """, new { id, profile.Name, profile.CreditCode, userId }, transaction, cancellationToken: ct));
                await EnterpriseLog.RecordAsync(connection, transaction, id, null, actor, EnterpriseLog.Action.ChangeRequested, now, ct,
                    "name/creditCode", $"{old.Name} {old.CreditCode}", $"{profile.Name} {profile.CreditCode}");
            }

            await transaction.CommitAsync(ct);
            return UpdateOutcome.Done;
        });

    /// <summary>Staff apply a waiting name or credit code change: the enterprise is verified under them.</summary>
    public Task<ChangeOutcome> VerifyChangeAsync(long id, long? scope, long staffId, DateTime now, CancellationToken ct) =>
        DecideAsync(id, scope, staffId, now, EnterpriseLog.Action.ChangeVerified, null, ct, async (connection, transaction, code) =>
        {
            if (await CodeTakenAsync(connection, transaction, id, code, ct))
            {
                return false;
            }

            try
            {
                await connection.ExecuteAsync(new CommandDefinition("""
                    UPDATE enterprises SET name = pending_name, credit_code = pending_credit_code, status = 'verified', pending_name = NULL,
                                           pending_credit_code = NULL, pending_by = NULL, change_reason = NULL, updated_at = @now
                    WHERE id = @id
                    """, new { id, now }, transaction, cancellationToken: ct));
            }
            catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
            {
                // A claim of that code made its enterprise after the check above: the code is taken all the same.
                return false;
            }

            return true;
        });

    /// <summary>Staff refuse a waiting change with a reason: the verified name and code stay, the members see why.</summary>
    public Task<ChangeOutcome> RejectChangeAsync(long id, long? scope, long staffId, string reason, DateTime now, CancellationToken ct) =>
        DecideAsync(id, scope, staffId, now, EnterpriseLog.Action.ChangeRejected, reason, ct, async (connection, transaction, _) =>
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE enterprises SET status = 'verified', pending_name = NULL, pending_credit_code = NULL, pending_by = NULL,
                                       change_reason = @reason, updated_at = @now
                WHERE id = @id
                """, new { id, reason, now }, transaction, cancellationToken: ct));
            return true;
        });

    /// <summary>
    /// A name or code change lapses when the member who asked for it leaves or is revoked: staff would otherwise verify
    /// a change nobody still in the enterprise stands behind.
    /// </summary>
    public static Task DropChangeOfAsync(MySqlConnection connection, MySqlTransaction transaction, long? enterpriseId, long userId,
        DateTime now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("""
            UPDATE enterprises SET status = 'verified', pending_name = NULL, pending_credit_code = NULL, pending_by = NULL, updated_at = @now
            WHERE id = @enterpriseId AND status = 'reverify' AND pending_by = @userId
            """, new { enterpriseId, userId, now }, transaction, cancellationToken: ct));

    public static Task ReplaceTagsAsync(MySqlConnection connection, MySqlTransaction transaction, long id, IReadOnlyCollection<long> tagIds,
        CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("""
            DELETE FROM enterprise_tag_links WHERE enterprise_id = @id;
            INSERT INTO enterprise_tag_links (enterprise_id, tag_id) SELECT @id, t.id FROM enterprise_tags t WHERE t.id IN @tagIds;
            """, new { id, tagIds = tagIds.Count == 0 ? [-1L] : tagIds }, transaction, cancellationToken: ct));

    private Task<ChangeOutcome> DecideAsync(long id, long? scope, long staffId, DateTime now, EnterpriseLog.Action action, string? reason, CancellationToken ct,
        Func<MySqlConnection, MySqlTransaction, string, Task<bool>> decide) =>
        Deadlocks.RetryAsync(async () =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var row = await connection.QuerySingleOrDefaultAsync<(EnterpriseStatus Status, string? PendingCreditCode)?>(new CommandDefinition(
                $"SELECT e.status, e.pending_credit_code FROM enterprises e WHERE e.id = @id AND {EnterpriseScope.Sql} FOR UPDATE",
                new { id, scope }, transaction, cancellationToken: ct));
            if (row is not { } found)
            {
                return ChangeOutcome.NotFound;
            }

            if (found.Status != EnterpriseStatus.Reverify)
            {
                return ChangeOutcome.NoChange;
            }

            if (!await decide(connection, transaction, found.PendingCreditCode!))
            {
                return ChangeOutcome.CodeTaken;
            }

            await EnterpriseLog.RecordAsync(connection, transaction, id, null, EnterpriseLog.Actor.Staff(staffId), action, now, ct, newValue: reason);
            await transaction.CommitAsync(ct);
            return ChangeOutcome.Done;
        });

    private static Task<bool> CodeTakenAsync(MySqlConnection connection, MySqlTransaction transaction, long id, string code, CancellationToken ct) =>
        connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM enterprises WHERE credit_code = @code AND id <> @id)", new { id, code }, transaction,
            cancellationToken: ct));
}
