using System.Net;
using Shangmi.Api.Tests.Events;
using Shangmi.Api.Tests.Infrastructure;
using static Shangmi.Api.Tests.Enterprises.EnterpriseClient;

namespace Shangmi.Api.Tests.Enterprises;

/// <summary>Claims as a flaky network or an attacker sends them: replayed, and raced.</summary>
public class ClaimRaceTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Claims_sent_at_once_by_one_user_make_exactly_one_claim_and_the_rest_409()
    {
        var (token, userId) = await factory.SignInUserAsync($"race{Guid.NewGuid():N}:1");
        var codes = Enumerable.Range(0, 6).Select(_ => NewCode()).ToList();

        var responses = await Task.WhenAll(codes.Select(code => ClaimAsync(factory, token, ClaimForm(code, proof: Pdf))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(1L, await factory.ScalarAsync<long>("SELECT COUNT(*) FROM enterprise_claims WHERE user_id = @userId", new { userId }));
        Assert.Equal(1L, await factory.ScalarAsync<long>("SELECT COUNT(*) FROM enterprises WHERE credit_code IN @codes", new { codes }));
        Assert.Single(Directory.EnumerateFiles(factory.ProofFolder, "*", SearchOption.AllDirectories)); // the losers left no file
    }

    [Fact]
    public async Task The_same_code_claimed_by_several_users_at_once_makes_one_enterprise_with_all_their_claims()
    {
        var code = NewCode();
        var users = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => EventClient.UserAsync(factory)));

        var responses = await Task.WhenAll(users.Select(user => ClaimAsync(factory, user, ClaimForm(code))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal(1L, await factory.ScalarAsync<long>("SELECT COUNT(*) FROM enterprises WHERE credit_code = @code", new { code }));
        Assert.Equal(5L, await factory.ScalarAsync<long>("""
            SELECT COUNT(*) FROM enterprise_claims c JOIN enterprises e ON e.id = c.enterprise_id
            WHERE e.credit_code = @code AND c.status = 'pending'
            """, new { code }));

        // Verifying one makes the enterprise; the others are then members waiting, and can be verified too.
        var service = await ServiceAsync(factory);
        var ids = (await Task.WhenAll(users.Select(async u => (await MineAsync(factory, u)).GetProperty("claim").GetProperty("id").GetInt64()))).ToList();
        var verifications = await Task.WhenAll(ids.Select(id => service.PostAsync($"/api/v1/admin/enterprise-claims/{id}/verify", null)));
        Assert.All(verifications, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(5L, await factory.ScalarAsync<long>("""
            SELECT COUNT(*) FROM enterprise_claims c JOIN enterprises e ON e.id = c.enterprise_id
            WHERE e.credit_code = @code AND c.status = 'verified' AND e.status = 'verified'
            """, new { code }));
    }

    [Fact]
    public async Task Verifying_the_same_claim_twice_at_once_decides_it_once()
    {
        var claimId = await ClaimedAsync(factory, await EventClient.UserAsync(factory), ClaimForm(NewCode()));
        var service = await ServiceAsync(factory);

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => service.PostAsync($"/api/v1/admin/enterprise-claims/{claimId}/verify", null)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(1L, await factory.ScalarAsync<long>(
            "SELECT COUNT(*) FROM enterprise_log WHERE claim_id = @claimId AND action = 'claim_verified'", new { claimId }));
    }
}
