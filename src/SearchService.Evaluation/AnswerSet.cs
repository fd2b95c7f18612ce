using System.Text.Json;

using SearchService.Engine.Judgments;

namespace SearchService.Evaluation;

/// <summary>
/// One question of the answer test set. <see cref="Answers"/> are exact substrings of the source text, any of which
/// makes an answer sentence right (empty: the corpus cannot answer it, and the right reply is no answer).
/// <see cref="Older"/> are spans of earlier, superseded answers (a figure that changed between articles): the
/// answer must be the newest and list these as alternatives.
/// </summary>
public sealed record AnswerQuestion(string Id, string Kind, string Question, IReadOnlyList<string> Answers, IReadOnlyList<string> Older)
{
    public bool Answerable => Answers.Count > 0;

    public bool ChangedOverTime => Older.Count > 0;
}

/// <summary>
/// The answer test set (<c>eval/answers/answers.jsonl</c>), one JSON object a line:
/// <code>{"id":"a01","kind":"changed","question":"…","answers":["span"],"older":["span"]}</code>
/// </summary>
public static class AnswerSet
{
    public static string DefaultPath(string repoRoot) => Path.Combine(repoRoot, "eval", "answers", "answers.jsonl");

    /// <summary>Reads the set; a malformed line throws <see cref="InvalidDataException"/> naming the file and line.</summary>
    public static IReadOnlyList<AnswerQuestion> Load(string path)
    {
        var questions = new List<AnswerQuestion>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (line, obj) in JsonLinesFile.Read(path))
        {
            var id = Text(obj, "id", path, line);
            if (!ids.Add(id))
            {
                throw MalformedLine.At(path, line, $"duplicate id \"{id}\"");
            }

            questions.Add(new AnswerQuestion(
                id,
                obj.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String ? kind.GetString()! : "factoid",
                Text(obj, "question", path, line),
                Spans(obj, "answers", path, line),
                Spans(obj, "older", path, line)));
        }

        return questions;
    }

    private static string Text(JsonElement obj, string name, string path, int line) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw MalformedLine.At(path, line, $"\"{name}\" must be a non-empty string");

    private static string[] Spans(JsonElement obj, string name, string path, int line)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(v.GetString())))
        {
            throw MalformedLine.At(path, line, $"\"{name}\" must be an array of non-empty strings");
        }

        return value.EnumerateArray().Select(v => v.GetString()!).ToArray();
    }
}
