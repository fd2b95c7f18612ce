using System.Text.Json;

using SearchService.Engine.Judgments;

namespace SearchService.Evaluation;

/// <summary>
/// Reads a JSON Lines file one object at a time, so a multi-gigabyte BEIR corpus is never held in memory,
/// and reports bad lines by file name and 1-based line number.
/// </summary>
internal static class JsonLinesFile
{
    /// <summary>Yields each non-blank line as a JSON object. The <see cref="JsonDocument"/> is disposed once the caller moves on.</summary>
    public static IEnumerable<(int LineNumber, JsonElement Object)> Read(string path)
    {
        using var reader = new StreamReader(path);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException e)
            {
                throw MalformedLine.At(path, lineNumber, $"invalid JSON ({e.Message})");
            }

            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw MalformedLine.At(path, lineNumber, "expected a JSON object");
                }

                yield return (lineNumber, document.RootElement);
            }
        }
    }

    /// <summary>
    /// The <c>_id</c> field. BEIR ids are strings, but some converted corpora write numeric ids; the number's literal
    /// text is used so that "0012" and 12 never collide silently.
    /// </summary>
    public static string RequiredId(JsonElement obj, string path, int lineNumber)
    {
        if (!obj.TryGetProperty("_id", out var id))
        {
            throw MalformedLine.At(path, lineNumber, "missing \"_id\"");
        }

        var text = id.ValueKind switch
        {
            JsonValueKind.String => id.GetString(),
            JsonValueKind.Number => id.GetRawText(),
            _ => null,
        };
        if (string.IsNullOrEmpty(text))
        {
            throw MalformedLine.At(path, lineNumber, "\"_id\" must be a non-empty string");
        }

        return text;
    }

    /// <summary>An optional string field; missing or null gives "" because BEIR corpora often omit titles.</summary>
    public static string OptionalString(JsonElement obj, string name, string path, int lineNumber)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return string.Empty;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw MalformedLine.At(path, lineNumber, $"\"{name}\" must be a string");
        }

        return value.GetString() ?? string.Empty;
    }
}
