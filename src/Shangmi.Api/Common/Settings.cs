using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Shangmi.Api.Common;

/// <summary>
/// How a feature registers its configuration section: bound, checked at start (the service refuses to start
/// rather than fail later deep inside a timer or a request), and every failure names its full key, e.g.
/// <c>Events:ContactRetention</c>, so the operator knows which line to fix. Rules are data annotations on the
/// options class; rules across properties go in an extra <see cref="IValidateOptions{TOptions}"/>.
/// </summary>
public static class Settings
{
    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, string section) where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new AnnotatedSettings<T>(section));
        return services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
    }

    private sealed class AnnotatedSettings<T>(string section) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var results = new List<ValidationResult>();
            if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
            {
                return ValidateOptionsResult.Success;
            }

            return ValidateOptionsResult.Fail(results.Select(r =>
                $"{section}:{string.Join(", ", r.MemberNames)}: {r.ErrorMessage}"));
        }
    }
}
