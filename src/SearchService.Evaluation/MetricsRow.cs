namespace SearchService.Evaluation;

/// <summary>One line of the results table: a dataset searched in one mode (e.g. "lexical", "hybrid").</summary>
public sealed record MetricsRow(string Dataset, string Mode, MetricSet Metrics, double IndexSeconds, LatencySummary Latency);
