using SearchService.Engine.Retrieval;

namespace SearchService.Engine.Ranking.Fusion;

/// <summary>One signal's list as the fusion sees it: its ranked candidates, its weight, and how to score a passage outside the list.</summary>
internal sealed record FusionInput(ISignalQuery Signal, double Weight, IReadOnlyList<ScoredDoc> List);

/// <summary>
/// Fuses signals over a pool of passages: fused(d) = Σ weightₛ · normₛ(d), where norm is the strategy's (min-max,
/// z-score, or RRF's 1/(k + rank)). Every passage of the pool gets every signal's raw score where the signal can
/// give one, so <c>explain</c> shows all three even for a passage only one signal retrieved.
/// </summary>
/// <remarks>
/// The per-passage signal scores are kept in one <see cref="FusedSignalTable"/> per fusion (arrays by pool row) and
/// each candidate's <see cref="Candidate.Signals"/> is a view of its row: a dictionary and three score records per
/// pooled passage were most of the fusion's cost (docs/benchmarks.md, issue 19), while only the page's hits are read.
/// </remarks>
internal static class SignalFusion
{
    public static List<Candidate> Fuse(IReadOnlyList<int> pool, IReadOnlyList<FusionInput> inputs, IScoreFusion fusion)
    {
        var columns = new FusionColumn[inputs.Count];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c] = FusionColumn.Of(inputs[c]);
        }

        var table = new FusedSignalTable(pool.Count, inputs);
        var fused = new List<Candidate>(pool.Count);
        for (var row = 0; row < pool.Count; row++)
        {
            var doc = pool[row];
            var total = 0.0;
            for (var c = 0; c < columns.Length; c++)
            {
                var column = columns[c];
                var inList = column.Ranks.TryGetValue(doc, out var listed);
                var raw = inList ? listed.Score : column.Input.Signal.Score(doc);
                int? rank = inList ? listed.Rank : null;
                var normalized = fusion.Normalize(column.Stats, raw, rank);
                total += column.Input.Weight * normalized;
                table.Set(row, c, raw, rank, normalized);
            }

            fused.Add(table.Candidate(row, doc, total));
        }

        // Ties go to the better lexical rank, then the lower doc id: deterministic (the pool has each doc once, so the
        // order is total and an unstable sort gives the one order).
        fused.Sort(FusedOrder);
        return fused;
    }

    /// <summary>A single signal's list as candidates (lexical or semantic mode): the raw score is the score.</summary>
    public static List<Candidate> Single(SignalCandidates list) =>
        list.Top
            .Select((hit, i) => Candidate.Of(hit.Doc, hit.Score, new Dictionary<string, SignalScore> { [list.Kind.Name()] = new(hit.Score, i + 1, hit.Score, 1) }))
            .ToList();

    private static int FusedOrder(Candidate a, Candidate b)
    {
        var byFused = b.Fused.CompareTo(a.Fused);
        if (byFused != 0)
        {
            return byFused;
        }

        var byRank = (a.LexicalRank ?? int.MaxValue).CompareTo(b.LexicalRank ?? int.MaxValue);
        return byRank != 0 ? byRank : a.Doc.CompareTo(b.Doc);
    }

    /// <summary>One input with its list's statistics and each listed passage's rank and raw score.</summary>
    private readonly record struct FusionColumn(FusionInput Input, ListStatistics Stats, Dictionary<int, (int Rank, double Score)> Ranks)
    {
        public static FusionColumn Of(FusionInput input)
        {
            var list = input.List;
            var ranks = new Dictionary<int, (int Rank, double Score)>(list.Count);
            for (var i = 0; i < list.Count; i++)
            {
                ranks.Add(list[i].Doc, (i + 1, list[i].Score));
            }

            return new FusionColumn(input, ListStatistics.Of(list), ranks);
        }
    }
}
