using System.Text.Json;
using System.Text.Json.Serialization;

namespace Shangmi.Api.Common;

public static class JsonSetup
{
    /// <summary>camelCase (the web default), enums as camelCase strings, nulls omitted, times in China Standard Time.</summary>
    public static IServiceCollection AddApiJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            options.SerializerOptions.Converters.Add(new ChinaTime.JsonConverter());
        });
}
