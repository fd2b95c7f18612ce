using System.Text.Json;
using System.Text.Json.Serialization;

namespace SearchService.Cluster;

/// <summary>How engine records (hits) travel between silos: System.Text.Json, enums by name, as the HTTP API writes them.</summary>
internal static class ClusterJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
}
