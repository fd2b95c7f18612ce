namespace SearchService.Engine.Evaluation;

/// <summary>
/// The outcome of evaluating one run.
/// <see cref="PerQuery"/> holds exactly the queries averaged into <see cref="Mean"/>, in ordinal query-id order;
/// <see cref="QueriesWithoutRelevant"/> lists the qrels queries that had no relevant judgment, so an excluded query is
/// visible rather than silently dropped.
/// </summary>
public sealed record EvaluationResult(
    IReadOnlyList<QueryMetrics> PerQuery,
    MetricSet Mean,
    IReadOnlyList<string> QueriesWithoutRelevant);
