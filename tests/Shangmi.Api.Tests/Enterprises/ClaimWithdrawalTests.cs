using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Infrastructure;
using static Shangmi.Api.Tests.Enterprises.EnterpriseClient;

namespace Shangmi.Api.Tests.Enterprises;

/// <summary>A loop of claim and withdraw cannot fill the disk: claims are rate-limited and a withdrawal drops the proof.</summary>
public class ClaimWithdrawalTests(ClaimWithdrawalTests.Factory factory) : IClassFixture<ClaimWithdrawalTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        public Factory()
        {
            Settings["RateLimits:EnterpriseClaim:PermitLimit"] = "3";
            Settings["RateLimits:EnterpriseClaim:Window"] = "01:00:00";
        }
    }

    [Fact]
    public async Task Withdrawing_a_pending_claim_deletes_its_proof_file_at_once_and_claims_from_one_address_are_rate_limited()
    {
        var (user, _) = await factory.SignInUserAsync($"w{Guid.NewGuid():N}:1");
        var claimId = await ClaimedAsync(factory, user, ClaimForm(NewCode(), proof: Pdf));
        Assert.Single(Directory.EnumerateFiles(factory.ProofFolder, "*", SearchOption.AllDirectories));

        Assert.Equal(HttpStatusCode.NoContent, (await factory.ClientWith(user).PostAsync("/api/v1/me/enterprise/leave", null)).StatusCode);

        Assert.Empty(Directory.EnumerateFiles(factory.ProofFolder, "*", SearchOption.AllDirectories));
        var claim = await (await ServiceAsync(factory)).GetFromJsonAsync<JsonElement>($"/api/v1/admin/enterprise-claims/{claimId}");
        Assert.Equal("left", claim.GetProperty("status").GetString());
        Assert.False(claim.GetProperty("hasProof").GetBoolean());

        HttpResponseMessage response;
        var attempts = 1;
        do
        {
            response = await ClaimAsync(factory, user, ClaimForm(NewCode(), proof: Pdf));
            attempts++;
            await factory.ClientWith(user).PostAsync("/api/v1/me/enterprise/leave", null);
        }
        while (response.StatusCode != HttpStatusCode.TooManyRequests && attempts < 10);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(attempts <= 4, $"limit 3 per window, refused only at attempt {attempts}");
        Assert.Empty(Directory.EnumerateFiles(factory.ProofFolder, "*", SearchOption.AllDirectories));
    }
}
