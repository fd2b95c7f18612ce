using System.Globalization;

namespace SearchService.Evaluation;

/// <summary>
/// Writes a run in the TREC format trec_eval reads: <c>qid Q0 docid rank score tag</c>, one hit per line,
/// queries in ordinal order (so two runs diff cleanly), hits in the order given with 1-based ranks.
/// <para>
/// trec_eval re-sorts by the score it parses, not by our rank column. Scores are written with the invariant culture
/// (a German locale would otherwise write "1,5") using <c>F6</c> by default; hits whose scores agree to 6 decimals
/// become ties that trec_eval breaks by doc id (see <see cref="RankingOrder"/>). Pass "R" to keep full precision.
/// </para>
/// </summary>
public static class TrecRunWriter
{
    public const string DefaultScoreFormat = "F6";

    public static void Write(
        TextWriter writer,
        IReadOnlyDictionary<string, IReadOnlyList<RankedDoc>> run,
        string runTag,
        string scoreFormat = DefaultScoreFormat)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(run);
        RequireToken(runTag, "run tag");

        foreach (var queryId in run.Keys.Order(StringComparer.Ordinal))
        {
            RequireToken(queryId, "query id");
            var rank = 0;
            foreach (var hit in run[queryId])
            {
                RequireToken(hit.DocId, "doc id");
                if (!double.IsFinite(hit.Score))
                {
                    // trec_eval's atof would read "NaN"/"Infinity" inconsistently across platforms; refuse to write it.
                    throw new ArgumentException($"Query {queryId}, document {hit.DocId}: score {hit.Score} is not finite.", nameof(run));
                }

                rank++;
                writer.Write(queryId);
                writer.Write(" Q0 ");
                writer.Write(hit.DocId);
                writer.Write(' ');
                writer.Write(rank.ToString(CultureInfo.InvariantCulture));
                writer.Write(' ');
                writer.Write(hit.Score.ToString(scoreFormat, CultureInfo.InvariantCulture));
                writer.Write(' ');
                writer.Write(runTag);
                // trec_eval reads lines; a fixed "\n" keeps files identical across operating systems.
                writer.Write('\n');
            }
        }
    }

    public static void WriteFile(
        string path,
        IReadOnlyDictionary<string, IReadOnlyList<RankedDoc>> run,
        string runTag,
        string scoreFormat = DefaultScoreFormat)
    {
        using var writer = new StreamWriter(path);
        Write(writer, run, runTag, scoreFormat);
    }

    // trec_eval splits on whitespace, so a field containing whitespace would shift every column after it.
    private static void RequireToken(string value, string what)
    {
        if (string.IsNullOrEmpty(value) || value.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"The {what} \"{value}\" must be non-empty and contain no whitespace to be written to a TREC run.");
        }
    }
}
