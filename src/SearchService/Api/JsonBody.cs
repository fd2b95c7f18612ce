using System.Text.Json;

namespace SearchService.Api;

/// <summary>Reads a JSON request body, turning the serializer's failures into a message in the API's terms.</summary>
internal static class JsonBody
{
    public static async Task<(T? Body, string? Error)> ReadAsync<T>(HttpRequest request, JsonSerializerOptions options, string stringFields, string numberFields, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var body = await request.ReadFromJsonAsync<T>(options, cancellationToken);
            return body is null ? (null, "The request body must be a JSON object such as {\"q\": \"doi moi\"}.") : (body, null);
        }
        catch (JsonException ex)
        {
            // The serializer's own message names CLR types; say it in the API's terms instead.
            var where = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "the body" : $"field '{ex.Path.TrimStart('$', '.')}'";
            return (null, $"The request body is not valid: {where} is malformed or has the wrong type (line {(ex.LineNumber ?? 0) + 1}, position {ex.BytePositionInLine ?? 0}). Expected strings for {stringFields}, whole numbers for {numberFields}.");
        }
    }
}
