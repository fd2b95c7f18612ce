namespace SearchService.Engine.Ranking.Fusion;

/// <summary>Summary statistics of one signal's candidate list, what a normalization needs.</summary>
internal readonly record struct ListStatistics(double Min, double Max, double Mean, double StandardDeviation, int Count)
{
    public static ListStatistics Of(IReadOnlyList<ScoredDoc> list)
    {
        if (list.Count == 0)
        {
            return new ListStatistics(0, 0, 0, 0, 0);
        }

        var mean = list.Average(h => h.Score);
        var variance = list.Sum(h => (h.Score - mean) * (h.Score - mean)) / list.Count;
        return new ListStatistics(list.Min(h => h.Score), list.Max(h => h.Score), mean, Math.Sqrt(variance), list.Count);
    }
}

/// <summary>
/// Maps a signal's raw score (or rank) for a passage to the value the fusion weighs. A passage the signal did not
/// retrieve scores as the list's worst (a raw score below the list is clamped to it): the same rule for every
/// signal, so a missing BM25 score and a cosine under the floor mean the same thing.
/// </summary>
internal interface IScoreFusion
{
    double Normalize(ListStatistics list, double? raw, int? rank);
}

/// <summary>Reciprocal Rank Fusion: 1 / (k + rank); scores are ignored.</summary>
internal sealed class ReciprocalRankFusion(int k) : IScoreFusion
{
    public double Normalize(ListStatistics list, double? raw, int? rank) => rank is { } r ? 1.0 / (k + r) : 0;
}

/// <summary>Min-max: the list's best is 1, its worst (and anything below) 0.</summary>
internal sealed class MinMaxFusion : IScoreFusion
{
    public double Normalize(ListStatistics list, double? raw, int? rank)
    {
        if (raw is not { } score || list.Count == 0)
        {
            return 0;
        }

        var range = list.Max - list.Min;
        return range > 0 ? Math.Clamp((score - list.Min) / range, 0, 1) : (score >= list.Max ? 1 : 0);
    }
}

/// <summary>Z-score: standard deviations above the list mean, never below the list's worst.</summary>
internal sealed class ZScoreFusion : IScoreFusion
{
    public double Normalize(ListStatistics list, double? raw, int? rank)
    {
        if (list.Count == 0 || !(list.StandardDeviation > 0))
        {
            return 0;
        }

        var worst = (list.Min - list.Mean) / list.StandardDeviation;
        return raw is { } score ? Math.Max((score - list.Mean) / list.StandardDeviation, worst) : worst;
    }
}

internal static class ScoreFusions
{
    /// <summary>The fusion the options name.</summary>
    public static IScoreFusion For(RankingOptions options) => options.Fusion switch
    {
        FusionMethod.Rrf => new ReciprocalRankFusion(options.RrfK),
        _ when options.Normalization == ScoreNormalization.ZScore => new ZScoreFusion(),
        _ => new MinMaxFusion(),
    };
}
