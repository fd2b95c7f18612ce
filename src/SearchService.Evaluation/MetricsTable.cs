using System.Globalization;

namespace SearchService.Evaluation;

/// <summary>
/// Renders evaluation rows as a fixed-width text table, for logs and pull-request descriptions:
/// <code>
/// dataset   | mode    | nDCG@10 | MRR@10 | R@100 | MAP@100 |  P@10 | index s | median ms | p99 ms
/// ----------+---------+---------+--------+-------+---------+-------+---------+-----------+-------
/// cranfield | lexical |   0.367 |  0.527 | 0.736 |   0.299 | 0.250 |    0.60 |      0.21 |   0.53
/// </code>
/// Text columns are left-aligned and numbers right-aligned so decimal points line up. Metrics get 3 decimals (the
/// precision at which differences between runs are worth discussing); seconds and milliseconds get 2.
/// Numbers use the invariant culture so the table reads the same on every machine. Lines end with "\n".
/// </summary>
public static class MetricsTable
{
    private static readonly string[] Headers =
        ["dataset", "mode", "nDCG@10", "MRR@10", "R@100", "MAP@100", "P@10", "index s", "median ms", "p99 ms"];

    // The first two columns are text; the rest are numbers.
    private const int TextColumns = 2;

    public static string Render(IEnumerable<MetricsRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var cells = rows.Select(Cells).ToList();
        var widths = Headers
            .Select((header, column) => cells.Select(row => row[column].Length).Prepend(header.Length).Max())
            .ToArray();

        var table = new System.Text.StringBuilder();
        AppendLine(table, Headers, widths);
        table.Append(string.Join('+', widths.Select((width, column) => new string('-', width + Padding(column)))));
        table.Append('\n');
        foreach (var row in cells)
        {
            AppendLine(table, row, widths);
        }

        return table.ToString();
    }

    private static string[] Cells(MetricsRow row) =>
    [
        row.Dataset,
        row.Mode,
        Metric(row.Metrics.NdcgAt10),
        Metric(row.Metrics.MrrAt10),
        Metric(row.Metrics.RecallAt100),
        Metric(row.Metrics.MapAt100),
        Metric(row.Metrics.PrecisionAt10),
        Measurement(row.IndexSeconds),
        Measurement(row.Latency.MedianMs),
        Measurement(row.Latency.P99Ms),
    ];

    private static string Metric(double value) => value.ToString("F3", CultureInfo.InvariantCulture);

    private static string Measurement(double value) => value.ToString("F2", CultureInfo.InvariantCulture);

    private static void AppendLine(System.Text.StringBuilder table, IReadOnlyList<string> cells, int[] widths)
    {
        var aligned = cells.Select((cell, column) =>
            column < TextColumns ? cell.PadRight(widths[column]) : cell.PadLeft(widths[column]));
        // The last text column may be padded on the right; trailing spaces are trimmed so diffs stay clean.
        table.Append(string.Join(" | ", aligned).TrimEnd());
        table.Append('\n');
    }

    // Cells are joined by " | ", so the dashes under a column span its width plus the spaces beside it:
    // one space for the first and last columns, two for the others.
    private static int Padding(int column) => column == 0 || column == Headers.Length - 1 ? 1 : 2;
}
