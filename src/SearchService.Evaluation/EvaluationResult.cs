namespace SearchService.Evaluation;

/// <summary>
/// The outcome of evaluating one run.
/// <see cref="PerQuery"/> holds exactly the queries averaged into <see cref="Mean"/>, in ordinal query-id order;
/// <see cref="QueriesWithoutRelevant"/> lists the qrels queries that had no relevant judgment, so an excluded query is
/// visible rather than silently dropped.
/// </summary>
public sealed record EvaluationResult(
    IReadOnlyList<QueryMetrics> PerQuery,
    MetricSet Mean,
    IReadOnlyList<string> QueriesWithoutRelevant)
{
    /// <summary>The mean over those of <paramref name="queryIds"/> that were measured (one cross-validation fold, say).</summary>
    public MetricSet MeanOver(IEnumerable<string> queryIds)
    {
        var wanted = queryIds.ToHashSet(StringComparer.Ordinal);
        var subset = PerQuery.Where(q => wanted.Contains(q.QueryId)).ToList();
        return subset.Count == 0 ? MetricSet.Zero : Evaluator.MeanOf(subset);
    }
}
