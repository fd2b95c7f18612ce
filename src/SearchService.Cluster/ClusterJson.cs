using System.Text.Json;
using System.Text.Json.Serialization;

namespace SearchService.Cluster;

/// <summary>How engine records (hits) travel between silos: System.Text.Json, enums by name, as the HTTP API writes them.</summary>
internal static class ClusterJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
}

/// <summary>
/// A hit as it travels from a shard: the API's JSON of a citation leaves out its nested document metadata (the flat
/// fields are computed from it), so the metadata travels beside it and is put back on arrival.
/// </summary>
internal sealed record FetchedHit(Engine.Retrieval.SearchHit Hit, Engine.Ingestion.DocumentMetadata Metadata)
{
    public Engine.Retrieval.SearchHit Restored => Hit with { Citation = Hit.Citation with { Metadata = Metadata } };
}
