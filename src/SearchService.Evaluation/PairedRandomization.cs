namespace SearchService.Evaluation;

/// <summary>
/// Paired randomization (sign-flip) test of the mean difference of two systems' per-query scores, two-sided: under
/// the null hypothesis each query's difference is as likely to have either sign, so the p-value is the share of sign
/// assignments whose |sum| is at least the observed |sum|.
/// <list type="bullet">
/// <item>Queries with no difference cannot change any sum and are left out.</item>
/// <item>With few differing queries (2^n ≤ <c>permutations</c>) every assignment is enumerated: the exact p-value,
/// e.g. three queries that all gained give 2/8 = 0.25 (only all-plus and all-minus reach the observed sum).</item>
/// <item>Otherwise <c>permutations</c> assignments are drawn from a seeded generator (deterministic) and
/// p = (1 + #{at least as extreme}) / (1 + permutations), which never reports 0.</item>
/// </list>
/// Identical runs give p = 1.
/// </summary>
public static class PairedRandomization
{
    public const int DefaultPermutations = 10_000;
    public const int DefaultSeed = 20261123;

    // Sums are compared with a tolerance: differences of means are not exact in floating point.
    private const double Tolerance = 1e-12;

    public static double PValue(IReadOnlyList<double> a, IReadOnlyList<double> b, int permutations = DefaultPermutations, int seed = DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentOutOfRangeException.ThrowIfLessThan(permutations, 1);
        if (a.Count != b.Count)
        {
            throw new ArgumentException("Paired scores need the same number of queries.", nameof(b));
        }

        var diff = a.Select((x, i) => x - b[i]).Where(d => Math.Abs(d) > Tolerance).ToArray();
        if (diff.Length == 0)
        {
            return 1;
        }

        var observed = Math.Abs(diff.Sum()) - Tolerance;
        return diff.Length < 31 && (1L << diff.Length) <= permutations
            ? Exact(diff, observed)
            : Sampled(diff, observed, permutations, seed);
    }

    private static double Exact(double[] diff, double observed)
    {
        var assignments = 1L << diff.Length;
        long atLeast = 0;
        for (long signs = 0; signs < assignments; signs++)
        {
            double sum = 0;
            for (var i = 0; i < diff.Length; i++)
            {
                sum += ((signs >> i) & 1) == 0 ? diff[i] : -diff[i];
            }

            if (Math.Abs(sum) >= observed)
            {
                atLeast++;
            }
        }

        return (double)atLeast / assignments;
    }

    private static double Sampled(double[] diff, double observed, int permutations, int seed)
    {
        var random = new Random(seed);
        var atLeast = 0;
        for (var p = 0; p < permutations; p++)
        {
            double sum = 0;
            foreach (var d in diff)
            {
                sum += random.Next(2) == 0 ? d : -d;
            }

            if (Math.Abs(sum) >= observed)
            {
                atLeast++;
            }
        }

        return (atLeast + 1.0) / (permutations + 1.0);
    }
}
