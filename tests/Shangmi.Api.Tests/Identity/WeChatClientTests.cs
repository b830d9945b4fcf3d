using Microsoft.Extensions.DependencyInjection;
using Shangmi.Api.Tests.Infrastructure;
using Shangmi.Api.WeChat;

namespace Shangmi.Api.Tests.Identity;

/// <summary>The access-token calls of the WeChat client, against the fake WeChat server over HTTP.</summary>
public class WeChatClientTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private WeChatClient Client => factory.Services.GetRequiredService<WeChatClient>();

    private static readonly Dictionary<string, string> Data = new() { ["thing1"] = "商业秘密保护论坛" };

    [Fact]
    public async Task Concurrent_callers_share_a_single_token_fetch()
    {
        // Past any token cached by another test, so this one starts with none.
        factory.Clock.Advance(TimeSpan.FromHours(3));
        var before = factory.WeChat.TokensIssued;

        var sends = Enumerable.Range(0, 20)
            .Select(_ => Client.SendSubscribeMessageAsync("o_concurrent", "tpl", "pages/index/index", Data, CancellationToken.None));
        var results = await Task.WhenAll(sends);

        Assert.All(results, r => Assert.Equal(SubscribeMessageResult.Sent, r));
        Assert.Equal(before + 1, factory.WeChat.TokensIssued);
    }

    [Fact]
    public async Task An_expired_token_is_refreshed_and_the_call_retried_once()
    {
        await Client.SendSubscribeMessageAsync("o_expiry", "tpl", "pages/index/index", Data, CancellationToken.None);
        var before = factory.WeChat.TokensIssued;
        factory.WeChat.ExpireAllTokens();
        factory.WeChat.ClearCalls();

        var result = await Client.SendSubscribeMessageAsync("o_expiry", "tpl", "pages/index/index", Data, CancellationToken.None);

        Assert.Equal(SubscribeMessageResult.Sent, result);
        Assert.Equal(before + 1, factory.WeChat.TokensIssued);
        Assert.Equal(2, factory.WeChat.Calls.Count(c => c.Path == "/cgi-bin/message/subscribe/send"));
    }

    [Fact]
    public async Task The_token_is_refreshed_five_minutes_before_it_expires()
    {
        await Client.SendSubscribeMessageAsync("o_clock", "tpl", "pages/index/index", Data, CancellationToken.None);
        var before = factory.WeChat.TokensIssued;

        factory.Clock.Advance(TimeSpan.FromHours(2) - TimeSpan.FromMinutes(6));
        await Client.SendSubscribeMessageAsync("o_clock", "tpl", "pages/index/index", Data, CancellationToken.None);
        Assert.Equal(before, factory.WeChat.TokensIssued);

        factory.Clock.Advance(TimeSpan.FromMinutes(2));
        await Client.SendSubscribeMessageAsync("o_clock", "tpl", "pages/index/index", Data, CancellationToken.None);
        Assert.Equal(before + 1, factory.WeChat.TokensIssued);
    }

    [Fact]
    public async Task A_user_who_did_not_subscribe_is_normal_not_a_failure()
    {
        factory.WeChat.UnsubscribedOpenIds["o_refuser"] = true;

        var result = await Client.SendSubscribeMessageAsync("o_refuser", "tpl", "pages/index/index", Data, CancellationToken.None);

        Assert.Equal(SubscribeMessageResult.NotSubscribed, result);
    }

    [Fact]
    public async Task A_share_code_arrives_as_image_bytes_and_an_error_as_an_exception()
    {
        var image = await Client.GetUnlimitedQrCodeAsync("e=42", "pages/event/detail", CancellationToken.None);
        Assert.Equal([0xFF, 0xD8], image[..2]);

        var error = await Assert.ThrowsAsync<WeChatException>(() =>
            Client.GetUnlimitedQrCodeAsync("e=42", "/pages/event/detail?x=1", CancellationToken.None));
        Assert.Equal(41030, error.ErrorCode);
    }

    [Fact]
    public async Task WeChat_busy_once_during_a_token_call_is_retried()
    {
        await Client.GetUnlimitedQrCodeAsync("e=1", "pages/event/detail", CancellationToken.None);
        factory.WeChat.BusyReplies = 1;

        var image = await Client.GetUnlimitedQrCodeAsync("e=1", "pages/event/detail", CancellationToken.None);

        Assert.Equal([0xFF, 0xD8], image[..2]);
        Assert.Equal(0, factory.WeChat.BusyReplies);
    }
}
