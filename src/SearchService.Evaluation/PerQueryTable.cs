using System.Globalization;
using System.Text;

namespace SearchService.Evaluation;

/// <summary>
/// Every measured query's five metrics for each run, one row per (query, run), queries in ordinal order so two
/// reports diff line by line:
/// <code>
/// query | mode    | nDCG@10 | MRR@10 | R@100 | MAP@100 |  P@10
/// q1    | lexical |   0.613 |  1.000 | 1.000 |   0.500 | 0.200
/// </code>
/// </summary>
public static class PerQueryTable
{
    private static readonly string[] Headers = ["query", "mode", .. Metric.All.Select(m => m.Name)];

    public static string Render(IReadOnlyList<(string Label, EvaluationResult Result)> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var rows = runs
            .SelectMany(run => run.Result.PerQuery.Select(q => (q.QueryId, run.Label, q.Metrics)))
            .OrderBy(r => r.QueryId, StringComparer.Ordinal)
            .Select(r => new[] { r.QueryId, r.Label }.Concat(Metric.All.Select(m => m.Of(r.Metrics).ToString("F3", CultureInfo.InvariantCulture))).ToArray())
            .ToList();
        var widths = Headers.Select((h, c) => rows.Select(r => r[c].Length).Prepend(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        Append(text, Headers, widths);
        foreach (var row in rows)
        {
            Append(text, row, widths);
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, IReadOnlyList<string> cells, int[] widths)
    {
        // Text columns left-aligned, numbers right-aligned, as in MetricsTable.
        text.Append(string.Join(" | ", cells.Select((cell, c) => c < 2 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd());
        text.Append('\n');
    }
}
