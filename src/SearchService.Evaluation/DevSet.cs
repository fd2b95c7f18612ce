using System.Text.Json;
using SearchService.Engine.Ingestion;

using SearchService.Engine.Judgments;

namespace SearchService.Evaluation;

/// <summary>
/// The hand-judged dev query set over the seed articles (<c>eval/devset/queries.jsonl</c>). One JSON object a line:
/// <code>{"id":"dev01","query":"...","judgments":[{"documentId":"003_…","contains":"exact phrase","grade":2}]}</code>
/// Judgments name passages by a phrase of their text; <see cref="ToQrels"/> turns them into passage-level qrels
/// (passage id → grade) against the documents as currently parsed.
/// </summary>
public sealed class DevSet
{
    private DevSet(IReadOnlyList<DevSetQuery> queries)
    {
        Queries = queries;
    }

    /// <summary>The queries in file order.</summary>
    public IReadOnlyList<DevSetQuery> Queries { get; }

    public static string DefaultPath(string repoRoot) => Path.Combine(repoRoot, "eval", "devset", "queries.jsonl");

    public static DevSet Create(IEnumerable<DevSetQuery> queries)
    {
        ArgumentNullException.ThrowIfNull(queries);
        return new DevSet(queries.ToArray());
    }

    /// <summary>Reads a dev set file; any malformed line throws <see cref="InvalidDataException"/> naming the file and line.</summary>
    public static DevSet Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var queries = new List<DevSetQuery>();
        var seenIds = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (lineNumber, obj) in JsonLinesFile.Read(path))
        {
            var id = RequiredString(obj, "id", path, lineNumber);
            if (seenIds.TryGetValue(id, out var firstLine))
            {
                throw MalformedLine.At(path, lineNumber, $"duplicate query id \"{id}\" (first on line {firstLine})");
            }

            seenIds[id] = lineNumber;
            var query = RequiredString(obj, "query", path, lineNumber);
            queries.Add(new DevSetQuery(id, query, ReadJudgments(obj, path, lineNumber)));
        }

        return new DevSet(queries);
    }

    /// <summary>
    /// Passage-level qrels: each judgment's grade goes to the passage(s) of its document whose text contains its phrase.
    /// A passage judged twice in one query keeps the higher grade. A judgment that matches nothing throws, because a
    /// silently dropped judgment would make every ranker look worse without saying why.
    /// </summary>
    public Qrels ToQrels(IEnumerable<ParsedDocument> documents)
    {
        var byId = IndexDocuments(documents);
        var judgments = new Dictionary<string, IReadOnlyDictionary<string, int>>(StringComparer.Ordinal);
        foreach (var query in Queries)
        {
            var grades = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var judgment in query.Judgments)
            {
                var matches = Resolve(byId, judgment);
                if (matches.Count == 0)
                {
                    throw new InvalidDataException(
                        $"Dev set query {query.Id}: no passage of {judgment.DocumentId} contains \"{judgment.Contains}\".");
                }

                foreach (var passageId in matches)
                {
                    grades[passageId] = grades.TryGetValue(passageId, out var existing)
                        ? Math.Max(existing, judgment.Grade)
                        : judgment.Grade;
                }
            }

            judgments[query.Id] = grades;
        }

        return new Qrels(judgments);
    }

    /// <summary>
    /// Everything that makes a judgment ambiguous against these documents: a phrase matching no passage, matching more
    /// than one passage, or two judgments of one query landing on the same passage. Empty when the dev set is clean.
    /// </summary>
    public IReadOnlyList<string> Problems(IEnumerable<ParsedDocument> documents)
    {
        var byId = IndexDocuments(documents);
        var problems = new List<string>();
        foreach (var query in Queries)
        {
            var judgedBy = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var judgment in query.Judgments)
            {
                var matches = Resolve(byId, judgment);
                if (matches.Count == 0)
                {
                    var reason = byId.ContainsKey(judgment.DocumentId) ? "matches no passage" : "names an unknown document";
                    problems.Add($"{query.Id}: \"{judgment.Contains}\" in {judgment.DocumentId} {reason}");
                    continue;
                }

                if (matches.Count > 1)
                {
                    problems.Add(
                        $"{query.Id}: \"{judgment.Contains}\" in {judgment.DocumentId} matches {matches.Count} passages ({string.Join(", ", matches)})");
                }

                foreach (var passageId in matches)
                {
                    if (judgedBy.TryGetValue(passageId, out var other))
                    {
                        problems.Add($"{query.Id}: \"{judgment.Contains}\" and \"{other}\" both judge {passageId}");
                    }
                    else
                    {
                        judgedBy[passageId] = judgment.Contains;
                    }
                }
            }
        }

        return problems;
    }

    private static Dictionary<string, ParsedDocument> IndexDocuments(IEnumerable<ParsedDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var byId = new Dictionary<string, ParsedDocument>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            byId[document.Metadata.DocumentId] = document;
        }

        return byId;
    }

    private static List<string> Resolve(Dictionary<string, ParsedDocument> byId, DevSetJudgment judgment) =>
        byId.TryGetValue(judgment.DocumentId, out var document)
            ? document.Passages
                .Where(p => p.Text.Contains(judgment.Contains, StringComparison.Ordinal))
                .Select(p => p.PassageId)
                .ToList()
            : [];

    private static IReadOnlyList<DevSetJudgment> ReadJudgments(JsonElement obj, string path, int lineNumber)
    {
        if (!obj.TryGetProperty("judgments", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw MalformedLine.At(path, lineNumber, "\"judgments\" must be an array");
        }

        var judgments = new List<DevSetJudgment>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var where = $"judgments[{index}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw MalformedLine.At(path, lineNumber, $"{where} must be an object");
            }

            var documentId = RequiredString(item, "documentId", path, lineNumber, where);
            var contains = RequiredString(item, "contains", path, lineNumber, where);
            if (!item.TryGetProperty("grade", out var gradeElement)
                || gradeElement.ValueKind != JsonValueKind.Number
                || !gradeElement.TryGetInt32(out var grade))
            {
                throw MalformedLine.At(path, lineNumber, $"{where}.grade must be an integer");
            }

            if (grade < 0)
            {
                throw MalformedLine.At(path, lineNumber, $"{where}.grade must not be negative, found {grade}");
            }

            judgments.Add(new DevSetJudgment(documentId, contains, grade));
            index++;
        }

        if (judgments.Count == 0)
        {
            throw MalformedLine.At(path, lineNumber, "\"judgments\" must not be empty");
        }

        return judgments;
    }

    private static string RequiredString(JsonElement obj, string name, string path, int lineNumber, string? parent = null)
    {
        var label = parent is null ? name : $"{parent}.{name}";
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String
            || string.IsNullOrWhiteSpace(value.GetString()))
        {
            throw MalformedLine.At(path, lineNumber, $"\"{label}\" must be a non-empty string");
        }

        return value.GetString()!;
    }
}
