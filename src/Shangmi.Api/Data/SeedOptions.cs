using Microsoft.Extensions.Options;

namespace Shangmi.Api.Data;

/// <summary>Configuration section <c>Seed</c>: demo content for trying the service locally.</summary>
public sealed class SeedOptions
{
    /// <summary>Seed demo content into an empty database (on in Development only).</summary>
    public bool Demo { get; set; }

    /// <summary>Password of the demo staff accounts; run.sh generates one into .data/dev-secrets.env.</summary>
    public string? DemoPassword { get; set; }
}

/// <summary>Demo accounts with a password on a developer's disk have no place outside Development.</summary>
internal sealed class DemoOnlyForDevelopment(IConfiguration configuration, IHostEnvironment environment) : IValidateOptions<SeedOptions>
{
    public ValidateOptionsResult Validate(string? name, SeedOptions options) =>
        options.Demo && !Common.InsecureSwitches.Allowed(configuration, environment)
            ? ValidateOptionsResult.Fail($"Seed:Demo is on; {Common.InsecureSwitches.Rule}.")
            : ValidateOptionsResult.Success;
}
