using Microsoft.Extensions.Options;
using Shangmi.Api.Common;

namespace Shangmi.Api.WeChat;

public static class WeChatSetup
{
    public static IServiceCollection AddWeChat(this IServiceCollection services)
    {
        services.AddSettings<WeChatOptions>("WeChat");
        services.AddSingleton<IValidateOptions<WeChatOptions>, StandInOnlyForDevelopment>();
        services.AddSingleton<AccessTokenCache>();
        // The client enforces its own per-call timeout; HttpClient's own stays out of the way.
        services.AddHttpClient<WeChatClient>((provider, http) =>
        {
            http.BaseAddress = provider.GetRequiredService<IOptions<WeChatOptions>>().Value.ApiBaseUrl;
            http.Timeout = Timeout.InfiniteTimeSpan;
        })
        // The default HTTP client logs carry the full URL, and with it the app secret and the user's login code.
        .RemoveAllLoggers();
        return services;
    }

    /// <summary>The local stand-in lets anyone sign in with any code: it must never serve real users.</summary>
    private sealed class StandInOnlyForDevelopment(IConfiguration configuration, IHostEnvironment environment)
        : IValidateOptions<WeChatOptions>
    {
        public ValidateOptionsResult Validate(string? name, WeChatOptions options) =>
            (options.IsLocalStandIn || options.ApiBaseUrl.Scheme != Uri.UriSchemeHttps)
            && !Common.InsecureSwitches.Allowed(configuration, environment)
                ? ValidateOptionsResult.Fail(
                    $"WeChat:ApiBaseUrl points at a local stand-in or plain HTTP; {Common.InsecureSwitches.Rule}.")
                : ValidateOptionsResult.Success;
    }
}
