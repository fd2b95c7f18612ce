namespace SearchService.Evaluation;

/// <summary>
/// The five relevance numbers we report, named after their trec_eval measures:
/// <c>ndcg_cut.10</c>, <c>recip_rank</c> on the top 10, <c>recall.100</c>, <c>map_cut.100</c>, <c>P.10</c>.
/// </summary>
public sealed record MetricSet(double NdcgAt10, double MrrAt10, double RecallAt100, double MapAt100, double PrecisionAt10)
{
    public static MetricSet Zero { get; } = new(0, 0, 0, 0, 0);
}
