namespace SearchService.Engine.Retrieval;

/// <summary>
/// One signal's part in a fused score (shown by <c>explain</c>): its raw score (BM25 or cosine; null when the
/// signal did not score the passage), 1-based rank in its own list (null when not in it), the score after
/// normalization (RRF: 1/(k + rank)), and the weight it was multiplied by.
/// </summary>
public sealed record SignalScore(double? Raw, int? Rank, double Normalized, double Weight);
