using System.Text.Json;

namespace SearchService.IntegrationTests;

/// <summary>JSON reading helpers for comparing HTTP responses with gRPC messages.</summary>
internal static class GrpcJsonShapes
{
    /// <summary>A string property that the HTTP API writes as null when unknown.</summary>
    public static string? OptStr(this JsonElement element, string name)
    {
        var value = element.GetProperty(name);
        return value.ValueKind == JsonValueKind.Null ? null : value.GetString();
    }

    public static double? OptDouble(this JsonElement element, string name)
    {
        var value = element.GetProperty(name);
        return value.ValueKind == JsonValueKind.Null ? null : value.GetDouble();
    }

    public static int? OptInt(this JsonElement element, string name)
    {
        var value = element.GetProperty(name);
        return value.ValueKind == JsonValueKind.Null ? null : value.GetInt32();
    }

    /// <summary>
    /// The HTTP JSON's flat metadata fields (of a citation or a document) against the gRPC metadata message. A citation's
    /// JSON has no byline (its metadata message does), so <paramref name="withByline"/> is false for citations.
    /// </summary>
    public static void AssertSameMetadata(this JsonElement json, SearchService.Grpc.V1.DocumentMetadata metadata, bool withByline)
    {
        Assert.Equal(json.Str("documentId"), metadata.DocumentId);
        Assert.Equal(json.Str("title"), metadata.Title);
        Assert.Equal(json.OptStr("published"), metadata.HasPublished ? metadata.Published : null);
        Assert.Equal(json.OptStr("publisher"), metadata.HasPublisher ? metadata.Publisher : null);
        Assert.Equal(json.OptStr("url"), metadata.HasUrl ? metadata.Url : null);
        Assert.Equal(json.Str("sourcePath"), metadata.SourcePath);
        if (withByline)
        {
            Assert.Equal(json.OptStr("byline"), metadata.HasByline ? metadata.Byline : null);
        }
    }
}
