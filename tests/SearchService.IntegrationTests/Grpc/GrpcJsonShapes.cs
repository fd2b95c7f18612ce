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
}
