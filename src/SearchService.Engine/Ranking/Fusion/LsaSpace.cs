using SearchService.Engine.Embeddings;
using SearchService.Engine.Indexing;

namespace SearchService.Engine.Ranking.Fusion;

/// <summary>The corpus-fitted LSA vectors of a searcher; the query is analyzed as passages were before embedding.</summary>
internal sealed class LsaSpace(VectorBinding binding, LuceneIndex index) : IVectorSpace
{
    public SignalKind Kind => SignalKind.Lsa;

    public VectorMatrix Matrix => binding.Vectors.Vectors;

    public bool TryEmbedQuery(string query, Span<float> destination)
    {
        var text = EmbeddingText.Of(index.Analyzer, null, query);
        if (text.Length == 0)
        {
            return false;
        }

        binding.Vectors.Model.Embed(text, destination);
        return true;
    }

    public int DocOf(int row) => binding.DocOf(row);

    public bool TryGetRow(int doc, out int row) => binding.TryGetRow(doc, out row);
}
