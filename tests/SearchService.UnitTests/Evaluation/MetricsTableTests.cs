using SearchService.Evaluation;

namespace SearchService.UnitTests.Evaluation;

public sealed class MetricsTableTests
{
    [Fact]
    public void Render_OneRow_AlignsColumnsUnderHeaders()
    {
        var row = new MetricsRow(
            "cranfield", "lexical", new MetricSet(0.3671, 0.5268, 0.7359, 0.2994, 0.25), 0.6, new LatencySummary(0.214, 0.53, 225));

        var table = MetricsTable.Render([row]);

        Assert.Equal(
            "dataset   | mode    | nDCG@10 | MRR@10 | R@100 | MAP@100 |  P@10 | index s | median ms | p99 ms\n" +
            "----------+---------+---------+--------+-------+---------+-------+---------+-----------+-------\n" +
            "cranfield | lexical |   0.367 |  0.527 | 0.736 |   0.299 | 0.250 |    0.60 |      0.21 |   0.53\n",
            table);
    }

    [Fact]
    public void Render_WideValues_WidenTheirColumns()
    {
        var rows = new[]
        {
            new MetricsRow("scifact", "hybrid", MetricSet.Zero, 1234.5, new LatencySummary(1, 2, 1)),
            new MetricsRow("a-very-long-dataset", "lexical", MetricSet.Zero, 1, new LatencySummary(1, 2, 1)),
        };

        var lines = MetricsTable.Render(rows).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.All(lines, line => Assert.Equal(lines[0].Length, line.Length));
        Assert.StartsWith("scifact             | hybrid  |", lines[2]);
        Assert.Contains("| 1234.50 |", lines[2]);
    }
}
