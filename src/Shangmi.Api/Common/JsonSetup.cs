using System.Text.Json;
using System.Text.Json.Serialization;

namespace Shangmi.Api.Common;

public static class JsonSetup
{
    /// <summary>
    /// camelCase (the web default), enums as camelCase strings, times in China Standard Time. Nulls are written, not
    /// left out: the contract marks every response field required, and a strict client tells "no value" from "absent".
    /// </summary>
    public static IServiceCollection AddApiJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            options.SerializerOptions.Converters.Add(new ChinaTime.JsonConverter());
        });
}
