using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Shangmi.Api.Common;

/// <summary>
/// China Standard Time (UTC+8, no daylight saving). Stored times are UTC; every time the API writes is shown in
/// CST with its offset and always with milliseconds, e.g. <c>2026-06-07T09:30:00.000+08:00</c>, because that is what
/// the bureau and the public read, and one fixed format is what a client can parse without guessing.
/// </summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>
    /// The same instant in China Standard Time. Never throws: an instant within eight hours of the end of the
    /// calendar (a 9999-12-31 stored before dates were range-checked) becomes the last representable China time,
    /// so one bad row cannot fail every page that lists it.
    /// </summary>
    public static DateTimeOffset ToChina(DateTimeOffset value) =>
        value.UtcTicks > DateTime.MaxValue.Ticks - Offset.Ticks
            ? new DateTimeOffset(DateTime.MaxValue.Ticks, Offset)
            : value.ToOffset(Offset);

    /// <summary>The one output format: <c>2026-06-07T09:30:00.000+08:00</c>.</summary>
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffzzz";

    /// <summary>Reads any ISO-8601 time with an offset; writes it in China Standard Time.</summary>
    public sealed class JsonConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(ToChina(value).ToString(Format, CultureInfo.InvariantCulture));
    }
}
