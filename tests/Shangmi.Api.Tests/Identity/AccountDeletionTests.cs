using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shangmi.Api.Tests.Events;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Identity;

/// <summary>注销: DELETE /api/v1/me, as the mini-program's "delete my account" button calls it.</summary>
public class AccountDeletionTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Deleting_my_account_cancels_what_is_ahead_erases_contacts_and_openid_and_ends_my_token()
    {
        var editor = await factory.EditorAsync();
        var eventId = await EventClient.CreateAsync(factory, editor, capacity: 1);
        var me = factory.ClientWith((await factory.SignInUserAsync("leaver:1")).Token);
        var otherToken = (await factory.SignInUserAsync("stayer:1")).Token;
        var other = factory.ClientWith(otherToken);
        var meToken = me.DefaultRequestHeaders.Authorization!.Parameter!;
        var mine = (await EventClient.RegisteredAsync(factory, meToken, eventId)).GetProperty("id").GetInt64();
        Assert.Equal("waitlisted", (await EventClient.RegisteredAsync(factory, otherToken, eventId)).GetProperty("status").GetString());

        var response = await me.DeleteAsync("/api/v1/me");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await me.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await me.GetAsync("/api/v1/me/registrations")).StatusCode);
        Assert.Equal("cancelled", await factory.ScalarAsync<string>($"SELECT status FROM registrations WHERE id = {mine}"));
        Assert.Equal("", await factory.ScalarAsync<string>($"SELECT phone FROM registrations WHERE id = {mine}"));
        Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT COUNT(*) FROM users WHERE openid LIKE 'leaver%'"));
        var theirs = (await other.GetFromJsonAsync<JsonElement>("/api/v1/me/registrations")).GetProperty("items")[0];
        Assert.Equal("confirmed", theirs.GetProperty("status").GetString()); // my seat went to the waiting list

        var again = factory.ClientWith((await factory.SignInUserAsync("leaver:2")).Token);
        Assert.Equal(0, (await again.GetFromJsonAsync<JsonElement>("/api/v1/me/registrations")).GetProperty("total").GetInt32());
    }
}
