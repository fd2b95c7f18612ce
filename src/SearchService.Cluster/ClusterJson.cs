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

/// <summary>A document summary as it travels from a shard, its metadata beside it (left out of its JSON, as a citation's).</summary>
internal sealed record TransportedSummary(Engine.Retrieval.DocumentSummary Summary, Engine.Ingestion.DocumentMetadata Metadata)
{
    public static string Serialize(Engine.Retrieval.DocumentSummary summary) =>
        JsonSerializer.Serialize(new TransportedSummary(summary, summary.Metadata), ClusterJson.Options);

    public static Engine.Retrieval.DocumentSummary Deserialize(string json)
    {
        var transported = JsonSerializer.Deserialize<TransportedSummary>(json, ClusterJson.Options)!;
        return transported.Summary with { Metadata = transported.Metadata };
    }
}

/// <summary>A document's detail as it travels from a shard, its summary's metadata beside it.</summary>
internal sealed record TransportedDetail(Engine.Retrieval.DocumentDetail Detail, Engine.Ingestion.DocumentMetadata Metadata)
{
    public static string Serialize(Engine.Retrieval.DocumentDetail detail) =>
        JsonSerializer.Serialize(new TransportedDetail(detail, detail.Document.Metadata), ClusterJson.Options);

    public static Engine.Retrieval.DocumentDetail Deserialize(string json)
    {
        var transported = JsonSerializer.Deserialize<TransportedDetail>(json, ClusterJson.Options)!;
        return transported.Detail with { Document = transported.Detail.Document with { Metadata = transported.Metadata } };
    }
}
