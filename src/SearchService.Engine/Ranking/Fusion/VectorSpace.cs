using SearchService.Engine.Embeddings;

namespace SearchService.Engine.Ranking.Fusion;

/// <summary>
/// Passage vectors of one generation bound to the current reader's doc ids, and the model that embeds a query into
/// the same space: what a semantic signal needs, whichever model made the vectors (LSA or a sentence encoder).
/// </summary>
internal interface IVectorSpace
{
    SignalKind Kind { get; }

    VectorMatrix Matrix { get; }

    /// <summary>Embeds the query into <paramref name="destination"/>; false when the query has nothing to embed.</summary>
    bool TryEmbedQuery(string query, Span<float> destination);

    /// <summary>The Lucene doc of a vector row, or -1 when the passage is not in this reader.</summary>
    int DocOf(int row);

    bool TryGetRow(int doc, out int row);
}
