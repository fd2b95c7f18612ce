using System.Globalization;

using SearchService.Engine.Judgments;

namespace SearchService.Evaluation;

/// <summary>
/// Reads a TREC run file (<c>qid Q0 docid rank score tag</c>, whitespace separated).
/// Hits are returned in file order; like trec_eval, the rank column is checked to be an integer but otherwise ignored.
/// Apply <see cref="RankingOrder.TrecEval(IReadOnlyDictionary{string, IReadOnlyList{RankedDoc}})"/> to get the order
/// trec_eval measures.
/// </summary>
public static class TrecRunReader
{
    public static IReadOnlyDictionary<string, IReadOnlyList<RankedDoc>> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var run = new Dictionary<string, List<RankedDoc>>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 6)
            {
                throw MalformedLine.At(path, lineNumber, $"expected 6 columns (qid Q0 docid rank score tag), found {fields.Length}");
            }

            if (!int.TryParse(fields[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            {
                throw MalformedLine.At(path, lineNumber, $"rank \"{fields[3]}\" is not an integer");
            }

            if (!double.TryParse(fields[4], NumberStyles.Float, CultureInfo.InvariantCulture, out var score))
            {
                throw MalformedLine.At(path, lineNumber, $"score \"{fields[4]}\" is not a number");
            }

            if (!run.TryGetValue(fields[0], out var hits))
            {
                hits = [];
                run[fields[0]] = hits;
            }

            hits.Add(new RankedDoc(fields[2], score));
        }

        return run.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<RankedDoc>)kv.Value, StringComparer.Ordinal);
    }
}
