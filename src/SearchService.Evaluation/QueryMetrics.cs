namespace SearchService.Evaluation;

/// <summary>The metrics of one query; kept per query so regressions can be traced to the queries that moved.</summary>
public sealed record QueryMetrics(string QueryId, MetricSet Metrics);
