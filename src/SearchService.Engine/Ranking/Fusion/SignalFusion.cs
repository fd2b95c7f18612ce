using SearchService.Engine.Retrieval;

namespace SearchService.Engine.Ranking.Fusion;

/// <summary>One signal's list as the fusion sees it: its ranked candidates, its weight, and how to score a passage outside the list.</summary>
internal sealed record FusionInput(ISignalQuery Signal, double Weight, IReadOnlyList<ScoredDoc> List);

/// <summary>
/// Fuses signals over a pool of passages: fused(d) = Σ weightₛ · normₛ(d), where norm is the strategy's (min-max,
/// z-score, or RRF's 1/(k + rank)). Every passage of the pool gets every signal's raw score where the signal can
/// give one, so <c>explain</c> shows all three even for a passage only one signal retrieved.
/// </summary>
internal static class SignalFusion
{
    public static List<Candidate> Fuse(IReadOnlyList<int> pool, IReadOnlyList<FusionInput> inputs, IScoreFusion fusion)
    {
        var columns = inputs
            .Select(input => (
                Input: input,
                Stats: ListStatistics.Of(input.List),
                Rank: input.List.Select((hit, i) => (hit.Doc, Rank: i + 1, hit.Score)).ToDictionary(h => h.Doc, h => (h.Rank, h.Score))))
            .ToList();

        var fused = new List<Candidate>(pool.Count);
        foreach (var doc in pool)
        {
            var signals = new Dictionary<string, SignalScore>(columns.Count, StringComparer.Ordinal);
            var total = 0.0;
            foreach (var (input, stats, ranks) in columns)
            {
                var inList = ranks.TryGetValue(doc, out var listed);
                var raw = inList ? listed.Score : input.Signal.Score(doc);
                int? rank = inList ? listed.Rank : null;
                var normalized = fusion.Normalize(stats, raw, rank);
                total += input.Weight * normalized;
                signals[input.Signal.Kind.Name()] = new SignalScore(raw, rank, normalized, input.Weight);
            }

            fused.Add(Candidate.Of(doc, total, signals));
        }

        // Ties go to the better lexical rank, then the lower doc id: deterministic.
        return fused
            .OrderByDescending(c => c.Fused)
            .ThenBy(c => c.LexicalRank ?? int.MaxValue)
            .ThenBy(c => c.Doc)
            .ToList();
    }

    /// <summary>A single signal's list as candidates (lexical or semantic mode): the raw score is the score.</summary>
    public static List<Candidate> Single(SignalCandidates list) =>
        list.Top
            .Select((hit, i) => Candidate.Of(hit.Doc, hit.Score, new Dictionary<string, SignalScore> { [list.Kind.Name()] = new(hit.Score, i + 1, hit.Score, 1) }))
            .ToList();
}
