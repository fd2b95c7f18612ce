using System.Net.Http.Headers;
using System.Text;
using SearchService.Engine.Pushing;

namespace SearchService.Push;

/// <summary>
/// Checks what a push received (HTTP <c>PUT /documents/{id}</c>, gRPC <c>PutDocument</c>), collecting every problem by
/// field name; the one copy of the rules and messages for both transports.
/// </summary>
internal static class PushValidation
{
    public const int MaxTitleLength = 1000;
    public const int MaxUrlLength = 2048;
    public const int MaxPublisherLength = 200;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void CheckId(string id, Dictionary<string, string[]> errors)
    {
        if (!PushedDocumentId.IsValid(id))
        {
            errors["id"] = [$"The document id must be {PushedDocumentId.Rule}."];
        }
    }

    /// <summary>
    /// A publication date sent as text (gRPC has no date type), read by the parser System.Text.Json uses for the HTTP
    /// body's <c>published</c>, so the same strings are accepted: ISO 8601, "2024-05-01" or "2024-05-01T08:30:00".
    /// </summary>
    public static DateTime? ParsePublished(string? published, Dictionary<string, string[]> errors)
    {
        if (published is null)
        {
            return null;
        }

        var quoted = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(published);
        var reader = new System.Text.Json.Utf8JsonReader(quoted);
        if (reader.Read() && reader.TryGetDateTime(out var date))
        {
            return date;
        }

        errors["published"] = ["'published' must be an ISO 8601 date, e.g. 2024-05-01 or 2024-05-01T08:30:00."];
        return null;
    }

    /// <summary>The document to store, or null with <paramref name="errors"/> saying what is missing or wrong.</summary>
    public static PushedDocument? Check(PushBody body, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(body.Title))
        {
            errors["title"] = ["'title' is required: the document's title, shown in results."];
        }
        else if (body.Title.Length > MaxTitleLength)
        {
            errors["title"] = [$"'title' is {body.Title.Length} characters long; the limit is {MaxTitleLength}."];
        }

        if (string.IsNullOrWhiteSpace(body.Text))
        {
            errors["text"] = ["'text' is required and must not be blank: the document's text, one paragraph per line."];
        }

        if (body.Url is not null && (body.Url.Length > MaxUrlLength || !Uri.TryCreate(body.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
        {
            errors["url"] = [$"'url' must be an absolute http or https URL of at most {MaxUrlLength} characters."];
        }

        if (body.Publisher is { Length: > MaxPublisherLength })
        {
            errors["publisher"] = [$"'publisher' is {body.Publisher.Length} characters long; the limit is {MaxPublisherLength}."];
        }

        return errors.Count > 0 ? null : new PushedDocument(body.Title!.Trim(), body.Text!, body.Published, body.Url, body.Publisher?.Trim());
    }

    /// <summary>A raw text body as a document whose metadata comes from its text, as for a file in the sources folder.</summary>
    public static PushedDocument? CheckText(byte[] bytes, string? contentType, Dictionary<string, string[]> errors)
    {
        var charset = MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? parsed.CharSet?.Trim('"') : null;
        if (charset is not null && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("us-ascii", StringComparison.OrdinalIgnoreCase))
        {
            throw new BadHttpRequestException($"A text body must be UTF-8 (charset '{(charset.Length > 40 ? charset[..40] : charset)}' is not supported).", StatusCodes.Status415UnsupportedMediaType);
        }

        string text;
        try
        {
            var start = bytes.AsSpan().StartsWith(StrictUtf8.Preamble) ? StrictUtf8.Preamble.Length : 0;
            text = StrictUtf8.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException)
        {
            errors["body"] = ["The text body is not valid UTF-8."];
            return null;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            errors["body"] = ["The text body is empty: send the document's text, one paragraph per line (its first line may be the title)."];
            return null;
        }

        if (text.Contains('\0'))
        {
            errors["body"] = ["The text body contains NUL characters: binary content is not a document."];
            return null;
        }

        return new PushedDocument(null, text, null, null, null);
    }
}
