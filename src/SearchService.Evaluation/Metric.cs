namespace SearchService.Evaluation;

/// <summary>
/// One of the five reported metrics, by the name <c>eval</c> prints (nDCG@10, MRR@10, R@100, MAP@100, P@10).
/// Names are matched case-insensitively so a CI line can say <c>ndcg@10</c>; <c>recall@100</c> is accepted for R@100.
/// </summary>
public sealed record Metric(string Name, Func<MetricSet, double> Of)
{
    public static Metric NdcgAt10 { get; } = new("nDCG@10", m => m.NdcgAt10);

    public static Metric MrrAt10 { get; } = new("MRR@10", m => m.MrrAt10);

    public static Metric RecallAt100 { get; } = new("R@100", m => m.RecallAt100);

    public static Metric MapAt100 { get; } = new("MAP@100", m => m.MapAt100);

    public static Metric PrecisionAt10 { get; } = new("P@10", m => m.PrecisionAt10);

    /// <summary>In the order of the results table.</summary>
    public static IReadOnlyList<Metric> All { get; } = [NdcgAt10, MrrAt10, RecallAt100, MapAt100, PrecisionAt10];

    public static bool TryParse(string? text, out Metric metric)
    {
        var name = text?.Trim() ?? "";
        if (string.Equals(name, "recall@100", StringComparison.OrdinalIgnoreCase))
        {
            name = RecallAt100.Name;
        }

        metric = All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))!;
        return metric is not null;
    }

    /// <summary>The names, for messages.</summary>
    public static string Names => string.Join(", ", All.Select(m => m.Name));

    public override string ToString() => Name;
}
