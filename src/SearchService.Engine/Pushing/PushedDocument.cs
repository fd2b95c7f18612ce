using System.Text.Json;

namespace SearchService.Engine.Pushing;

/// <summary>
/// A document pushed over the API, as it is kept on disk (one JSON file in the pushed folder): the text exactly as
/// uploaded, so citation offsets slice it, and the metadata the caller gave. A null title (a raw text upload) means
/// "take it from the text", as for a file in the sources folder.
/// </summary>
public sealed record PushedDocument(string? Title, string Text, DateTime? Published, string? Url, string? Publisher)
{
    // camelCase like the API; the store depends on nothing of indexing (indexing reads the store, not the reverse).
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public byte[] ToJsonBytes() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <summary>The document stored in <paramref name="json"/>, or null when the file is not one (hand-edited, truncated).</summary>
    public static PushedDocument? FromJson(string json)
    {
        try
        {
            var document = JsonSerializer.Deserialize<PushedDocument>(json, Json);
            return document?.Text is null ? null : document;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
