namespace SearchService.Evaluation;

/// <summary>
/// Median and 99th percentile of query latencies, by the nearest-rank method: the value at 1-based position
/// ⌈p·n⌉ of the sorted sample. Nearest-rank always reports a latency that was actually observed (no interpolation),
/// and the median uses the same rule so both columns mean the same kind of thing; for an even count that is the lower
/// of the two middle values.
/// </summary>
public sealed record LatencySummary(double MedianMs, double P99Ms, int Count)
{
    public static LatencySummary From(IEnumerable<TimeSpan> latencies)
    {
        ArgumentNullException.ThrowIfNull(latencies);
        return From(latencies.Select(t => t.TotalMilliseconds));
    }

    public static LatencySummary From(IEnumerable<double> latenciesMs)
    {
        ArgumentNullException.ThrowIfNull(latenciesMs);
        var sorted = latenciesMs.ToArray();
        if (sorted.Length == 0)
        {
            // A percentile of no observations is undefined; a 0 in the table would read as "instant".
            throw new ArgumentException("At least one latency is needed.", nameof(latenciesMs));
        }

        if (sorted.Any(ms => !double.IsFinite(ms) || ms < 0))
        {
            throw new ArgumentException("Latencies must be finite and non-negative.", nameof(latenciesMs));
        }

        Array.Sort(sorted);
        return new LatencySummary(NearestRank(sorted, 50), NearestRank(sorted, 99), sorted.Length);
    }

    private static double NearestRank(double[] sorted, int percent)
    {
        // ⌈percent·n/100⌉ in integers, so the rank never depends on how 0.99 rounds in binary floating point.
        var rank = (int)((percent * (long)sorted.Length + 99) / 100);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
