using System.Text.Json;
using System.Text.Json.Serialization;

namespace SearchService.Engine.Indexing;

/// <summary>JSON used for stored fields: camelCase, enums as strings, so the stored form reads like the API.</summary>
internal static class EngineJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
