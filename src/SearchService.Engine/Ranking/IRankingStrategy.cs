using SearchService.Engine.Indexing;
using SearchService.Engine.Retrieval;

namespace SearchService.Engine.Ranking;

/// <summary>
/// How one search mode orders passages: lexical (BM25), semantic (vectors), hybrid (both, fused) or learned (a
/// LightGBM re-ranking of the hybrid pool). <see cref="SearchEngine"/> picks one per request from the mode
/// (<see cref="RankingStrategies"/>) and then only talks to this interface: every strategy reads the same
/// <see cref="AnalyzedQuery"/> on the same searcher the hits are loaded from.
/// </summary>
internal interface IRankingStrategy
{
    /// <summary>Notes for a degraded answer (null when nothing is missing).</summary>
    /// <exception cref="VectorsIncompleteException">The mode cannot be served on this searcher yet.</exception>
    IReadOnlyList<string>? Check(ServingSearcher searcher);

    /// <summary>At least the top <paramref name="depth"/> candidates, best first, with the real match count.</summary>
    RankedList Rank(ServingSearcher searcher, LuceneIndex index, AnalyzedQuery query, int depth, QueryDeadline deadline);
}
