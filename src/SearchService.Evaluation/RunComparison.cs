using System.Globalization;
using System.Text;

namespace SearchService.Evaluation;

/// <summary>One metric's mean for the candidate and the baseline, the difference and its paired randomization p-value.</summary>
public sealed record MetricComparison(string Metric, double Candidate, double Baseline, double Difference, double PValue);

/// <summary>One query's score under both runs (on the comparison's metric).</summary>
public sealed record QueryDifference(string QueryId, double Candidate, double Baseline, double Difference);

/// <summary>
/// A candidate run against a baseline on the same judged queries: every metric's means, difference and two-sided
/// paired randomization p-value (<see cref="PairedRandomization"/>, fixed seed, so the same runs always give the same
/// p), and the queries that gained and lost most on <see cref="MovedBy"/> (nDCG@10 by default).
/// </summary>
public sealed record RunComparison(
    string Candidate,
    string Baseline,
    int Queries,
    IReadOnlyList<MetricComparison> Metrics,
    string MovedBy,
    IReadOnlyList<QueryDifference> Gained,
    IReadOnlyList<QueryDifference> Lost)
{
    public const int DefaultShown = 5;

    /// <summary>
    /// Pairs the queries both results measured (they share qrels, so normally all of them) and compares them.
    /// </summary>
    public static RunComparison Of(
        string candidateLabel, EvaluationResult candidate, string baselineLabel, EvaluationResult baseline,
        Metric? movedBy = null, int shown = DefaultShown, int permutations = PairedRandomization.DefaultPermutations, int seed = PairedRandomization.DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(baseline);
        var by = movedBy ?? Metric.NdcgAt10;
        var baselineOf = baseline.PerQuery.ToDictionary(q => q.QueryId, q => q.Metrics, StringComparer.Ordinal);
        var pairs = candidate.PerQuery
            .Where(q => baselineOf.ContainsKey(q.QueryId))
            .Select(q => (Id: q.QueryId, Candidate: q.Metrics, Baseline: baselineOf[q.QueryId]))
            .OrderBy(p => p.Id, StringComparer.Ordinal)
            .ToList();
        if (pairs.Count == 0)
        {
            throw new ArgumentException($"{candidateLabel} and {baselineLabel} have no measured query in common.", nameof(baseline));
        }

        var metrics = Metric.All.Select(metric =>
        {
            var a = pairs.Select(p => metric.Of(p.Candidate)).ToList();
            var b = pairs.Select(p => metric.Of(p.Baseline)).ToList();
            return new MetricComparison(metric.Name, a.Average(), b.Average(), a.Average() - b.Average(), PairedRandomization.PValue(a, b, permutations, seed));
        }).ToList();

        var moved = pairs
            .Select(p => new QueryDifference(p.Id, by.Of(p.Candidate), by.Of(p.Baseline), by.Of(p.Candidate) - by.Of(p.Baseline)))
            .ToList();
        var gained = moved.Where(q => q.Difference > 0).OrderByDescending(q => q.Difference).ThenBy(q => q.QueryId, StringComparer.Ordinal).Take(shown).ToList();
        var lost = moved.Where(q => q.Difference < 0).OrderBy(q => q.Difference).ThenBy(q => q.QueryId, StringComparer.Ordinal).Take(shown).ToList();
        return new RunComparison(candidateLabel, baselineLabel, pairs.Count, metrics, by.Name, gained, lost);
    }

    /// <summary>The comparison of one metric (by any name <see cref="Metric.TryParse"/> accepts).</summary>
    public MetricComparison For(Metric metric) => Metrics.First(m => m.Metric == metric.Name);

    /// <summary>
    /// <code>
    /// hybrid vs lexical (35 queries, paired randomization test, 10000 permutations, two-sided)
    ///   metric    hybrid  lexical     diff       p
    ///   nDCG@10    0.512    0.486   +0.026  0.3120
    ///   gained most (nDCG@10): 17 +0.412 (0.200 -> 0.612), …
    /// </code>
    /// </summary>
    public string Render(int permutations = PairedRandomization.DefaultPermutations)
    {
        var width = Math.Max(8, Math.Max(Candidate.Length, Baseline.Length));
        var text = new StringBuilder();
        text.Append(Invariant($"{Candidate} vs {Baseline} ({Queries} queries; paired randomization test, two-sided, exact or {permutations} seeded permutations; * p < 0.05, ** p < 0.01)\n"));
        text.Append(Invariant($"  {"metric",-8} {Candidate.PadLeft(width)} {Baseline.PadLeft(width)}     diff        p\n"));
        foreach (var m in Metrics)
        {
            var mark = m.PValue < 0.01 ? "**" : m.PValue < 0.05 ? "*" : "";
            text.Append(Invariant($"  {m.Metric,-8} {m.Candidate.ToString("F3", CultureInfo.InvariantCulture).PadLeft(width)} {m.Baseline.ToString("F3", CultureInfo.InvariantCulture).PadLeft(width)} {m.Difference,8:+0.000;-0.000;0.000} {m.PValue,8:F4} {mark}\n").TrimEnd(' ', '\n') + "\n");
        }

        text.Append(Invariant($"  gained most ({MovedBy}): {Describe(Gained)}\n"));
        text.Append(Invariant($"  lost most ({MovedBy}):   {Describe(Lost)}\n"));
        return text.ToString();
    }

    private static string Describe(IReadOnlyList<QueryDifference> queries) =>
        queries.Count == 0
            ? "none"
            : string.Join(", ", queries.Select(q => Invariant($"{q.QueryId} {q.Difference:+0.000;-0.000} ({q.Baseline:F3} -> {q.Candidate:F3})")));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
