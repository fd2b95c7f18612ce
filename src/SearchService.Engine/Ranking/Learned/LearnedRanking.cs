using SearchService.Engine.Indexing;
using SearchService.Engine.Retrieval;

namespace SearchService.Engine.Ranking.Learned;

/// <summary>
/// The learned re-ranker as a ranking strategy: the features of the hybrid pool's top
/// <see cref="RankingFeatures.CandidateDepth"/> (more when a deeper list is asked for), re-ordered by the model.
/// </summary>
internal sealed class LearnedRanking(LearnedRanker ranker, RankingFeatures features) : IRankingStrategy
{
    // Learned mode has no degraded form: the features refuse incomplete encoder vectors themselves.
    public IReadOnlyList<string>? Check(ServingSearcher searcher) => null;

    public RankedList Rank(ServingSearcher searcher, LuceneIndex index, AnalyzedQuery query, int depth, QueryDeadline deadline)
    {
        deadline.CancellationToken.ThrowIfCancellationRequested();
        var rows = features.Extract(searcher, index, query, Math.Max(depth, RankingFeatures.CandidateDepth));
        deadline.CancellationToken.ThrowIfCancellationRequested();
        return new LearnedList(ranker, ranker.Rerank(rows));
    }

    /// <summary>Re-ranked rows; their explanations (per-feature contributions) cost a pass over the trees, so only pages pay for them.</summary>
    private sealed record LearnedList(LearnedRanker Ranker, IReadOnlyList<(FeatureRow Row, float Score)> Reranked)
        : RankedList(SearchMode.Learned, Reranked.Count, Reranked.Select(p => CandidateOf(p.Row, p.Score)).ToList())
    {
        public override IReadOnlyList<HitScores> Explain(int offset, int count)
        {
            var page = Reranked.Skip(offset).Take(count).ToList();
            var contributions = Ranker.Contributions(page.Select(p => p.Row).ToList());
            return page
                .Select((p, i) => CandidateOf(p.Row, p.Score).Scores with { Features = ByFeature(p.Row.Features), Contributions = ByFeature(contributions[i]) })
                .ToList();
        }

        private static Candidate CandidateOf(FeatureRow row, float score) =>
            new(row.Doc, score, row.LexicalRank is null ? null : (double?)row.Passage.Score, row.LexicalRank, null, null);

        /// <summary>Values in <see cref="RankingFeatures.Names"/> order, keyed by feature name.</summary>
        private static Dictionary<string, double> ByFeature(float[] values) =>
            RankingFeatures.Names.Select((name, f) => (name, value: (double)values[f])).ToDictionary(x => x.name, x => x.value);
    }
}
