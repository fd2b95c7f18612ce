using System.Text.Json;

namespace SearchService.IntegrationTests;

/// <summary>Reads API JSON as a client would: by property name, without sharing the server's types.</summary>
internal static class JsonShapes
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static string Str(this JsonElement element, string name) => element.GetProperty(name).GetString()!;

    public static int Int(this JsonElement element, string name) => element.GetProperty(name).GetInt32();

    public static IEnumerable<JsonElement> Results(this JsonElement response, string property = "results") => response.GetProperty(property).EnumerateArray();

    public static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
