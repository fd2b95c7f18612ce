using System.Text.Json;
using SearchService.Engine.Indexing;

namespace SearchService.Engine.Pushing;

/// <summary>
/// A document pushed over the API, as it is kept on disk (one JSON file in the pushed folder): the text exactly as
/// uploaded, so citation offsets slice it, and the metadata the caller gave. A null title (a raw text upload) means
/// "take it from the text", as for a file in the sources folder.
/// </summary>
public sealed record PushedDocument(string? Title, string Text, DateTime? Published, string? Url, string? Publisher)
{
    public byte[] ToJsonBytes() => JsonSerializer.SerializeToUtf8Bytes(this, EngineJson.Options);

    /// <summary>The document stored in <paramref name="json"/>, or null when the file is not one (hand-edited, truncated).</summary>
    public static PushedDocument? FromJson(string json)
    {
        try
        {
            var document = JsonSerializer.Deserialize<PushedDocument>(json, EngineJson.Options);
            return document?.Text is null ? null : document;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
