using SearchService.Engine.Embeddings;
using SearchService.Engine.Indexing;

namespace SearchService.Engine.Ranking.Fusion;

/// <summary>The corpus-fitted LSA vectors of a searcher; the query is analyzed as passages were before embedding.</summary>
internal sealed class LsaSpace(VectorBinding binding, LuceneIndex index, QueryEmbeddings embeddings) : IVectorSpace
{
    public SignalKind Kind => SignalKind.Lsa;

    public VectorMatrix Matrix => binding.Vectors.Vectors;

    public bool TryEmbedQuery(string query, Span<float> destination)
    {
        if (embeddings.Lsa(binding, index, query) is not { } vector)
        {
            return false;
        }

        vector.CopyTo(destination);
        return true;
    }

    public NearestNeighbours? Nearest => binding.Vectors.Nearest;

    public int DocOf(int row) => binding.DocOf(row);

    public bool TryGetRow(int doc, out int row) => binding.TryGetRow(doc, out row);
}
