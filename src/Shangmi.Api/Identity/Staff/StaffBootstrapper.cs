using Microsoft.Extensions.Options;
using Shangmi.Api.Common;
using Shangmi.Api.Data;

namespace Shangmi.Api.Identity.Staff;

/// <summary>Configuration section <c>Bootstrap</c>: the first admin, created when no staff account exists yet.</summary>
public sealed class BootstrapOptions
{
    public string? AdminUsername { get; set; }
    public string? AdminPassword { get; set; }

    public bool IsSet => !string.IsNullOrEmpty(AdminUsername) || !string.IsNullOrEmpty(AdminPassword);
}

/// <summary>Refuses to start with a first-admin password that would not pass the staff password rules.</summary>
internal sealed class BootstrapOptionsValidator : IValidateOptions<BootstrapOptions>
{
    public ValidateOptionsResult Validate(string? name, BootstrapOptions options)
    {
        if (!options.IsSet)
        {
            return ValidateOptionsResult.Success;
        }

        var username = StaffRules.NormaliseUsername(options.AdminUsername);
        var errors = new FieldErrors().CheckUsername(username).CheckPassword("password", options.AdminPassword, username);
        return errors.Any
            ? ValidateOptionsResult.Fail("Bootstrap:AdminUsername/AdminPassword are missing or too weak (at least "
                                         + $"{StaffRules.MinPasswordLength} characters mixing letters, digits or symbols).")
            : ValidateOptionsResult.Success;
    }
}

/// <summary>Creates the first admin from configuration once the schema exists, if there is no staff at all.</summary>
internal sealed partial class StaffBootstrapper(
    StaffStore store, PasswordCheck passwords, IOptions<BootstrapOptions> options, TimeProvider time,
    ILogger<StaffBootstrapper> logger) : IAfterMigration
{
    public async Task RunAsync(CancellationToken ct)
    {
        if (await store.AnyAsync(ct))
        {
            return;
        }

        var bootstrap = options.Value;
        if (!bootstrap.IsSet)
        {
            LogNoStaff(logger);
            return;
        }

        var username = StaffRules.NormaliseUsername(bootstrap.AdminUsername);
        await store.CreateAsync(username, "管理员", passwords.Hash(bootstrap.AdminPassword!),
            [AuthPolicies.Roles.Admin], actorId: null, time.GetUtcNow().UtcDateTime, ct);
        LogCreated(logger, username);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "No staff account exists and Bootstrap:AdminUsername/AdminPassword are not set; nobody can sign in to the admin routes.")]
    private static partial void LogNoStaff(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the first admin account {Username} from configuration")]
    private static partial void LogCreated(ILogger logger, string username);
}
