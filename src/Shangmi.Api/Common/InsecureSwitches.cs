using Microsoft.Extensions.Options;

namespace Shangmi.Api.Common;

/// <summary>
/// Switches that make the service unsafe for real users: the local WeChat stand-in (anyone signs in as anyone) and
/// demo content (staff accounts whose password sits on a developer's disk). They are allowed in Development, or
/// in another non-production environment (a test run, a demo box) only with the explicit top-level setting
/// <c>AllowInsecureTestSwitches</c>, which is logged loudly at start and refused in Production. A "Staging" that
/// forgot to set up WeChat therefore fails to start instead of letting anyone in.
/// </summary>
public static partial class InsecureSwitches
{
    public const string Key = "AllowInsecureTestSwitches";

    public static bool Allowed(IConfiguration configuration, IHostEnvironment environment) =>
        environment.IsDevelopment() || (Requested(configuration) && !environment.IsProduction());

    /// <summary>The sentence validators append to explain how the switch could be allowed.</summary>
    public const string Rule = "allowed only in Development, or with AllowInsecureTestSwitches=true outside Production";

    private static bool Requested(IConfiguration configuration) => configuration.GetValue<bool>(Key);

    public static IServiceCollection AddInsecureSwitchGuard(this IServiceCollection services)
    {
        services.AddOptions<Guard>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<Guard>, GuardValidator>();
        services.AddHostedService<Announcer>();
        return services;
    }

    /// <summary>An empty options type, so the Production refusal runs with the other start-up validations.</summary>
    public sealed class Guard;

    private sealed class GuardValidator(IConfiguration configuration, IHostEnvironment environment) : IValidateOptions<Guard>
    {
        public ValidateOptionsResult Validate(string? name, Guard options) =>
            Requested(configuration) && environment.IsProduction()
                ? ValidateOptionsResult.Fail($"{Key} is on; refusing to run in Production.")
                : ValidateOptionsResult.Success;
    }

    private sealed partial class Announcer(IConfiguration configuration, IHostEnvironment environment, ILogger<Announcer> logger)
        : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (Requested(configuration) && !environment.IsDevelopment())
            {
                LogInsecure(logger, Key, environment.EnvironmentName);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Warning,
            Message = "{Setting} is on in {Environment}: the WeChat stand-in and demo content are allowed. NEVER DO THIS WITH REAL USERS.")]
        private static partial void LogInsecure(ILogger logger, string setting, string environment);
    }
}
