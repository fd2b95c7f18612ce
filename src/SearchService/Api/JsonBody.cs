using System.Text.Json;

namespace SearchService.Api;

/// <summary>Reads a JSON request body, turning the serializer's failures into a message in the API's terms.</summary>
internal static class JsonBody
{
    /// <summary>
    /// The body as <typeparamref name="T"/>, or the errors by field: a malformed body (under "body") or a property
    /// that is not one of <paramref name="known"/> (under its own name; an unknown field is refused, never ignored).
    /// </summary>
    /// <exception cref="BadHttpRequestException">415 when the body is not declared as JSON in a known encoding.</exception>
    public static async Task<(T? Body, Dictionary<string, string[]>? Errors)> ReadAsync<T>(
        HttpRequest request, JsonSerializerOptions options, IReadOnlyList<string> known, string stringFields, string numberFields, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            throw UnsupportedMediaType($"The request body must be JSON: send Content-Type: application/json (it was {Describe(request.ContentType)}).");
        }

        try
        {
            var element = await request.ReadFromJsonAsync<JsonElement>(options, cancellationToken);
            if (element.ValueKind != JsonValueKind.Object)
            {
                return (null, BodyError("The request body must be a JSON object such as {\"q\": \"doi moi\"}."));
            }

            var unknown = Engine.Retrieval.SearchRequestValidator.UnknownParameters(element.EnumerateObject().Select(p => p.Name), known);
            if (unknown.Count > 0)
            {
                return (null, unknown);
            }

            var body = element.Deserialize<T>(options);
            return body is null ? (null, BodyError("The request body must be a JSON object such as {\"q\": \"doi moi\"}.")) : (body, null);
        }
        catch (JsonException ex)
        {
            // The serializer's own message names CLR types; say it in the API's terms instead.
            var where = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "the body" : $"field '{ex.Path.TrimStart('$', '.')}'";
            return (null, BodyError($"The request body is not valid: {where} is malformed or has the wrong type (line {(ex.LineNumber ?? 0) + 1}, position {ex.BytePositionInLine ?? 0}). Expected strings for {stringFields}, whole numbers for {numberFields}."));
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

    private static Dictionary<string, string[]> BodyError(string message) => new(StringComparer.Ordinal) { ["body"] = [message] };

    private static BadHttpRequestException UnsupportedMediaType(string message) => new(message, StatusCodes.Status415UnsupportedMediaType);

    private static string Describe(string? contentType) =>
        string.IsNullOrEmpty(contentType) ? "missing" : $"'{(contentType.Length > 100 ? contentType[..100] + "…" : contentType)}'";
}
