namespace SearchService.Engine.Retrieval;

/// <summary>
/// Reciprocal Rank Fusion: fused(d) = Σ wᵢ / (k + rankᵢ(d)) over the lists that contain d. Ranks, not scores, so
/// BM25's unbounded scores and cosine similarities need no calibration against each other.
/// </summary>
internal static class HybridRanker
{
    public static List<Candidate> Fuse(IReadOnlyList<(int Doc, double Score)> lexical, IReadOnlyList<(int Doc, double Score)> semantic, RankingOptions options)
    {
        var byDoc = new Dictionary<int, Candidate>(lexical.Count + semantic.Count);
        for (var i = 0; i < lexical.Count; i++)
        {
            var (doc, score) = lexical[i];
            byDoc[doc] = new Candidate(doc, options.LexicalWeight / (options.RrfK + i + 1), score, i + 1, null, null);
        }

        for (var i = 0; i < semantic.Count; i++)
        {
            var (doc, score) = semantic[i];
            var contribution = options.SemanticWeight / (options.RrfK + i + 1);
            byDoc[doc] = byDoc.TryGetValue(doc, out var known)
                ? known with { Fused = known.Fused + contribution, Semantic = score, SemanticRank = i + 1 }
                : new Candidate(doc, contribution, null, null, score, i + 1);
        }

        // Ties (rare with two lists) go to the better lexical rank, then the lower doc id: deterministic.
        return byDoc.Values
            .OrderByDescending(c => c.Fused)
            .ThenBy(c => c.LexicalRank ?? int.MaxValue)
            .ThenBy(c => c.Doc)
            .ToList();
    }

    public static List<Candidate> Single(IReadOnlyList<(int Doc, double Score)> list, bool semantic) =>
        list.Select((hit, i) => semantic
                ? new Candidate(hit.Doc, hit.Score, null, null, hit.Score, i + 1)
                : new Candidate(hit.Doc, hit.Score, hit.Score, i + 1, null, null))
            .ToList();
}
