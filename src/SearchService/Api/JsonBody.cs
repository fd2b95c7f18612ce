using System.Text.Json;

namespace SearchService.Api;

/// <summary>Reads a JSON request body, turning the serializer's failures into a message in the API's terms.</summary>
internal static class JsonBody
{
    /// <exception cref="BadHttpRequestException">415 when the body is not declared as JSON in a known encoding.</exception>
    public static async Task<(T? Body, string? Error)> ReadAsync<T>(HttpRequest request, JsonSerializerOptions options, string stringFields, string numberFields, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            throw UnsupportedMediaType($"The request body must be JSON: send Content-Type: application/json (it was {Describe(request.ContentType)}).");
        }

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
        catch (IOException ex) when (ex is not BadHttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            // Kestrel's framing errors surface here rather than as BadHttpRequestException: a chunk size of
            // FFFFFFFFFFFFFFFF is an IOException("Bad chunk size data.") around an OverflowException.
            throw new BadHttpRequestException($"The request body could not be read: {ex.Message}", StatusCodes.Status400BadRequest, ex);
        }
        catch (InvalidOperationException ex) when (ex.InnerException is ArgumentException)
        {
            // ReadFromJsonAsync's way of saying the charset is not an encoding .NET knows ("charset=x-bogus").
            throw UnsupportedMediaType($"The request body's charset is not a known encoding (Content-Type: {Describe(request.ContentType)}); send UTF-8.");
        }
    }

    private static BadHttpRequestException UnsupportedMediaType(string message) => new(message, StatusCodes.Status415UnsupportedMediaType);

    private static string Describe(string? contentType) =>
        string.IsNullOrEmpty(contentType) ? "missing" : $"'{(contentType.Length > 100 ? contentType[..100] + "…" : contentType)}'";
}
