using Lucene.Net.Search;

namespace SearchService.Engine.Retrieval;

/// <summary>
/// A BM25 similarity whose per-posting score <see cref="TermDisjunction"/> may compute itself
/// (<see cref="Bm25Postings"/>): <see cref="Bm25Constants.Score"/> of the field's length as stored in the norms
/// (<see cref="FieldLengths"/>) and the posting's frequency. Declared here so retrieval does not depend on ranking;
/// the engine's <c>Ranking.ExactLengthBm25Similarity</c> implements it and scores through the same function.
/// </summary>
internal interface IDirectBm25Scoring
{
    /// <summary>
    /// The constants a top-level <c>TermQuery</c> with boost <paramref name="queryBoost"/> would score with, its weight
    /// normalized as <c>IndexSearcher.CreateNormalizedWeight</c> normalizes it.
    /// </summary>
    Bm25Constants Constants(float queryBoost, CollectionStatistics collectionStats, TermStatistics termStats);
}
