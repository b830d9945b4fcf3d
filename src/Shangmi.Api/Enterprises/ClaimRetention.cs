using System.ComponentModel.DataAnnotations;
using Dapper;
using MySqlConnector;
using Microsoft.Extensions.Options;
using Shangmi.Api.Data;

namespace Shangmi.Api.Enterprises;

/// <summary>Configuration section <c>Enterprises</c>.</summary>
public sealed class EnterpriseOptions
{
    /// <summary>
    /// PIPL Art 19/47: a claim's proof file is deleted this long after staff decided the claim (or the member left; a
    /// claim withdrawn before a decision loses it at once);
    /// a claim that ended (rejected, withdrawn, left, revoked) loses its contact data then too.
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "365.00:00:00")]
    public TimeSpan ProofRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// PIPL Art 19: a claim nobody decided keeps its contact and proof file this long after it was made; then both are
    /// erased (the claim stays pending, for staff to reject or the user to withdraw).
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "365.00:00:00")]
    public TimeSpan PendingClaimRetention { get; set; } = TimeSpan.FromDays(90);
}

/// <summary>
/// The hourly PIPL sweep of claims: proof files past <see cref="EnterpriseOptions.ProofRetention"/> after the decision
/// are deleted (file first, then the row forgets it, so a crash between the two leaves a row pointing at nothing, never
/// a file nobody knows), and ended claims past it keep no contact; claims pending past
/// <see cref="EnterpriseOptions.PendingClaimRetention"/> lose both. Idempotent, so several instances may run it.
/// </summary>
public sealed class ClaimRetention(
    MySqlDataSource db, ClaimProofStore proofs, IOptions<EnterpriseOptions> options, TimeProvider time, ILogger<ClaimRetention> logger)
    : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override Task RunRoundAsync(CancellationToken ct) => PurgeAsync(ct);

    /// <summary>One round; returns how many proof files were deleted.</summary>
    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        var now = Time.GetUtcNow().UtcDateTime;
        var (cutoff, pendingCutoff) = (now - options.Value.ProofRetention, now - options.Value.PendingClaimRetention);
        await using var connection = await db.OpenConnectionAsync(ct);
        var due = (await connection.QueryAsync<(long Id, string Key)>(new CommandDefinition($"""
            SELECT id, proof_key FROM enterprise_claims
            WHERE proof_key IS NOT NULL AND (decided_at < @cutoff OR {StalePending})
            ORDER BY id LIMIT 1000
            """, new { cutoff, pendingCutoff }, cancellationToken: ct))).ToList();
        foreach (var (id, key) in due)
        {
            proofs.Delete(key);
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE enterprise_claims SET proof_key = NULL, proof_type = NULL, proof_size = NULL WHERE id = @id AND proof_key = @key",
                new { id, key }, cancellationToken: ct));
        }

        await connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE enterprise_claims SET contact_sealed = NULL, mobile_mask = ''
            WHERE ((status IN ('rejected', 'left', 'revoked') AND decided_at < @cutoff) OR {StalePending})
              AND (contact_sealed IS NOT NULL OR mobile_mask <> '')
            """, new { cutoff, pendingCutoff }, cancellationToken: ct));
        return due.Count;
    }

    private const string StalePending = "(status = 'pending' AND created_at < @pendingCutoff)";
}
