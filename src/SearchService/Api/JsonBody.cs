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
    public static Task<(T? Body, Dictionary<string, string[]>? Errors)> ReadAsync<T>(
        HttpRequest request, JsonSerializerOptions options, IReadOnlyList<string> known, string stringFields, string numberFields, CancellationToken cancellationToken)
        where T : class =>
        ReadAsync<T>(request, options, element => element.ValueKind != JsonValueKind.Object
            ? BodyError(ObjectExpected)
            : UnknownFields(element, known, ""), ObjectExpected, stringFields, numberFields, cancellationToken);

    /// <summary>
    /// A body that is a JSON list of objects, each with only <paramref name="known"/> properties (an unknown one is
    /// reported under "[index].name"); otherwise as <see cref="ReadAsync{T}(HttpRequest, JsonSerializerOptions, IReadOnlyList{string}, string, string, CancellationToken)"/>.
    /// </summary>
    public static Task<(T[]? Body, Dictionary<string, string[]>? Errors)> ReadListAsync<T>(
        HttpRequest request, JsonSerializerOptions options, IReadOnlyList<string> known, string example, string stringFields, string numberFields, CancellationToken cancellationToken)
    {
        var listExpected = $"The request body must be a JSON list such as {example}.";
        return ReadAsync<T[]>(request, options, element =>
        {
            if (element.ValueKind != JsonValueKind.Array)
            {
                return BodyError(listExpected);
            }

            var index = 0;
            foreach (var item in element.EnumerateArray())
            {
                var errors = item.ValueKind == JsonValueKind.Object
                    ? UnknownFields(item, known, $"[{index}].")
                    : new Dictionary<string, string[]>(StringComparer.Ordinal) { [$"[{index}]"] = [$"Each item must be a JSON object, as in {example}."] };
                if (errors is not null)
                {
                    return errors;
                }

                index++;
            }

            return null;
        }, listExpected, stringFields, numberFields, cancellationToken);
    }

    private const string ObjectExpected = "The request body must be a JSON object such as {\"q\": \"doi moi\"}.";

    private static Dictionary<string, string[]>? UnknownFields(JsonElement item, IReadOnlyList<string> known, string prefix)
    {
        var unknown = Engine.Retrieval.SearchRequestValidator.UnknownParameters(item.EnumerateObject().Select(p => p.Name), known);
        return unknown.Count == 0 ? null : unknown.ToDictionary(e => prefix + e.Key, e => e.Value, StringComparer.Ordinal);
    }

    private static async Task<(T? Body, Dictionary<string, string[]>? Errors)> ReadAsync<T>(
        HttpRequest request, JsonSerializerOptions options, Func<JsonElement, Dictionary<string, string[]>?> check, string shapeExpected,
        string stringFields, string numberFields, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            throw UnsupportedMediaType($"The request body must be JSON: send Content-Type: application/json (it was {Describe(request.ContentType)}).");
        }

        try
        {
            var element = await request.ReadFromJsonAsync<JsonElement>(options, cancellationToken);
            if (check(element) is { } errors)
            {
                return (null, errors);
            }

            var body = element.Deserialize<T>(options);
            return body is null ? (null, BodyError(shapeExpected)) : (body, null);
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
