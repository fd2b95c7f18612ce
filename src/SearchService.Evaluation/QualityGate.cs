using System.Globalization;

namespace SearchService.Evaluation;

/// <summary>A minimum for one metric, from <c>--fail-below [MODE:]METRIC=MIN</c>; without a mode it holds for every reported run.</summary>
public sealed record MetricFloor(string? Run, Metric Metric, double Minimum)
{
    /// <summary>Parses <c>ndcg@10=0.70</c> or <c>hybrid:ndcg@10=0.70</c>.</summary>
    /// <exception cref="FormatException">The text names no metric <c>eval</c> prints, or no number in [0, 1].</exception>
    public static MetricFloor Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var equals = spec.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            throw new FormatException($"'{spec}' is not METRIC=MIN (e.g. ndcg@10=0.70).");
        }

        var name = spec[..equals].Trim();
        string? run = null;
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            run = name[..colon].Trim();
            name = name[(colon + 1)..];
        }

        if (!Metric.TryParse(name, out var metric))
        {
            throw new FormatException($"'{name}' is not a metric eval prints ({Metric.Names}).");
        }

        if (!double.TryParse(spec[(equals + 1)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var minimum) || minimum is < 0 or > 1 || double.IsNaN(minimum))
        {
            throw new FormatException($"'{spec[(equals + 1)..]}' is not a number between 0 and 1.");
        }

        return new MetricFloor(string.IsNullOrEmpty(run) ? null : run, metric, minimum);
    }
}

/// <summary>
/// What fails a CI run: a metric under its floor, or a run worse than a reference run. A drop counts as "worse" when it
/// is larger than the tolerance and, when a significance level is given, also significant (paired randomization
/// p &lt; alpha). Tolerance alone is the default because a small judged set rarely reaches significance (three queries
/// cannot go below p = 0.25), and a gate that can never fire protects nothing.
/// </summary>
public static class QualityGate
{
    /// <summary>One line per floor a run is below, e.g. <c>hybrid nDCG@10 0.612 &lt; 0.700</c>.</summary>
    public static IReadOnlyList<string> BelowFloors(IReadOnlyList<(string Label, EvaluationResult Result)> runs, IReadOnlyList<MetricFloor> floors)
    {
        var failures = new List<string>();
        foreach (var floor in floors)
        {
            var checkedRuns = runs.Where(r => floor.Run is null || string.Equals(r.Label, floor.Run, StringComparison.OrdinalIgnoreCase)).ToList();
            if (checkedRuns.Count == 0)
            {
                failures.Add($"no run named '{floor.Run}' to check {floor.Metric.Name} against");
            }

            foreach (var (label, result) in checkedRuns)
            {
                var value = floor.Metric.Of(result.Mean);
                if (value < floor.Minimum)
                {
                    failures.Add(Invariant($"{label} {floor.Metric.Name} {value:F3} < {floor.Minimum:F3}"));
                }
            }
        }

        return failures;
    }

    /// <summary>One line per comparison whose candidate is worse than its baseline on <paramref name="metric"/> by more than <paramref name="tolerance"/> (and, with <paramref name="alpha"/>, significantly).</summary>
    public static IReadOnlyList<string> WorseThanBaseline(IReadOnlyList<RunComparison> comparisons, Metric metric, double tolerance, double? alpha)
    {
        var failures = new List<string>();
        foreach (var comparison in comparisons)
        {
            var m = comparison.For(metric);
            var dropped = -m.Difference > tolerance;
            var significant = alpha is null || m.PValue < alpha;
            if (dropped && significant)
            {
                var why = alpha is null ? Invariant($"tolerance {tolerance:F3}") : Invariant($"tolerance {tolerance:F3}, p = {m.PValue:F4} < {alpha:F3}");
                failures.Add(Invariant($"{comparison.Candidate} {m.Metric} {m.Candidate:F3} is worse than {comparison.Baseline} {m.Baseline:F3} ({m.Difference:+0.000;-0.000}; {why})"));
            }
        }

        return failures;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
