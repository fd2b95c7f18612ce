using SearchService.Engine.Embeddings;
using SearchService.Engine.Indexing;

namespace SearchService.Engine.Ranking.Fusion;

/// <summary>The sentence encoder's vectors of a searcher; the query is embedded by the same encoder (with its query prefix).</summary>
internal sealed class EncoderSpace(EncodedBinding binding, QueryEmbeddings embeddings) : IVectorSpace
{
    public SignalKind Kind => SignalKind.Encoder;

    /// <summary>The encoder's short name (minilm, arctic-xs, or a folder name): the key of its similarity floor.</summary>
    public string Model => binding.Encoder.Name;

    public VectorMatrix Matrix => binding.Vectors.Vectors;

    public bool TryEmbedQuery(string query, Span<float> destination)
    {
        if (embeddings.Encoder(binding, query) is not { } vector)
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
