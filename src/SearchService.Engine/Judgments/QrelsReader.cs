using System.Globalization;

namespace SearchService.Engine.Judgments;

/// <summary>
/// Reads relevance judgments in either of the two formats we meet, detected from the first non-blank line:
/// <list type="bullet">
/// <item>BEIR TSV: optional header <c>query-id corpus-id score</c>, then <c>qid\tdocid\tgrade</c> (3 columns).</item>
/// <item>TREC qrels: <c>qid iter docid grade</c> (4 whitespace-separated columns; iter is ignored, as trec_eval does).</item>
/// </list>
/// </summary>
public static class QrelsReader
{
    private enum Format
    {
        BeirTsv,
        Trec,
    }

    public static Qrels Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var judgments = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        Format? format = null;
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (format is null)
            {
                if (IsBeirHeader(line))
                {
                    format = Format.BeirTsv;
                    continue;
                }

                format = SplitOnWhitespace(line).Length switch
                {
                    3 => Format.BeirTsv,
                    4 => Format.Trec,
                    var n => throw MalformedLine.At(
                        path, lineNumber, $"expected 3 columns (BEIR TSV) or 4 columns (TREC qrels), found {n}"),
                };
            }

            var (queryId, docId, gradeText) = format == Format.BeirTsv
                ? SplitBeir(line, path, lineNumber)
                : SplitTrec(line, path, lineNumber);
            if (!int.TryParse(gradeText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var grade))
            {
                throw MalformedLine.At(path, lineNumber, $"relevance grade \"{gradeText}\" is not an integer");
            }

            Add(judgments, queryId, docId, grade, path, lineNumber);
        }

        return new Qrels(judgments.ToDictionary(
            kv => kv.Key,
            kv => (IReadOnlyDictionary<string, int>)kv.Value,
            StringComparer.Ordinal));
    }

    private static bool IsBeirHeader(string line) =>
        line.TrimStart().StartsWith("query-id", StringComparison.OrdinalIgnoreCase);

    // BEIR splits on tabs only; tolerating other whitespace as well costs nothing because ids never contain it
    // (trec_eval could not read them back otherwise).
    private static (string, string, string) SplitBeir(string line, string path, int lineNumber)
    {
        var fields = SplitOnWhitespace(line);
        if (fields.Length != 3)
        {
            throw MalformedLine.At(path, lineNumber, $"expected 3 columns (query-id corpus-id score), found {fields.Length}");
        }

        return (fields[0], fields[1], fields[2]);
    }

    private static (string, string, string) SplitTrec(string line, string path, int lineNumber)
    {
        var fields = SplitOnWhitespace(line);
        if (fields.Length != 4)
        {
            throw MalformedLine.At(path, lineNumber, $"expected 4 columns (qid iter docid rel), found {fields.Length}");
        }

        return (fields[0], fields[2], fields[3]);
    }

    private static string[] SplitOnWhitespace(string line) =>
        line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    // trec_eval refuses a qrels file with a doc judged twice for one query. Repeating the same grade is harmless, so
    // only a conflicting repeat is an error: silently keeping either grade would change the measurement.
    private static void Add(
        Dictionary<string, Dictionary<string, int>> judgments, string queryId, string docId, int grade, string path, int lineNumber)
    {
        if (!judgments.TryGetValue(queryId, out var grades))
        {
            grades = new Dictionary<string, int>(StringComparer.Ordinal);
            judgments[queryId] = grades;
        }

        if (grades.TryGetValue(docId, out var existing) && existing != grade)
        {
            throw MalformedLine.At(
                path, lineNumber, $"document {docId} judged {existing} and {grade} for query {queryId}");
        }

        grades[docId] = grade;
    }
}
