using SearchService.Engine.Embeddings;
using SearchService.Engine.Indexing;
using SearchService.Engine.Retrieval;

namespace SearchService.Engine.Ranking.Learned;

/// <summary>LSA cosines of given passages with a query (the learned ranker's semantic features).</summary>
internal static class VectorRetriever
{
    /// <summary>
    /// The cosine of each of <paramref name="docs"/> with the plain query vector and with the query vector after
    /// feedback from <paramref name="feedback"/> (as hybrid uses it); 0 for a passage without a vector.
    /// </summary>
    public static (float[] Plain, float[] WithFeedback) Cosines(ServingSearcher searcher, LuceneIndex index, AnalyzedQuery query, IReadOnlyList<int> docs, IReadOnlyList<int> feedback, float feedbackWeight)
    {
        using var span = Telemetry.SearchTelemetry.Start("vectors");
        var binding = searcher.Vectors ?? throw new SemanticUnavailableException();
        var plain = new float[docs.Count];
        var withFeedback = new float[docs.Count];
        // The LSA vector hybrid's signal already embedded for this request; it is shared, so feedback works on a copy.
        if (query.Embeddings.Lsa(binding, index, query.Text) is not { } q)
        {
            return (plain, withFeedback);
        }

        var expanded = (float[])q.Clone();
        AddFeedback(binding, expanded, feedback, feedbackWeight);
        for (var i = 0; i < docs.Count; i++)
        {
            if (binding.TryGetRow(docs[i], out var row))
            {
                var vector = binding.Vectors.Vectors.Row(row);
                plain[i] = System.Numerics.Tensors.TensorPrimitives.Dot(q, vector);
                withFeedback[i] = System.Numerics.Tensors.TensorPrimitives.Dot(expanded, vector);
            }
        }

        return (plain, withFeedback);
    }

    // Rocchio in the latent space: q ← q + w · centroid(feedback vectors), renormalized. A short query's vector is
    // thin; the passages BM25 trusts most describe the topic in more words.
    private static void AddFeedback(VectorBinding binding, Span<float> query, IReadOnlyList<int> feedback, float weight)
    {
        if (weight <= 0 || feedback.Count == 0)
        {
            return;
        }

        var rows = binding.RowsOf(feedback);
        if (rows.Count == 0)
        {
            return;
        }

        var share = weight / rows.Count;
        foreach (var row in rows)
        {
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(binding.Vectors.Vectors.Row(row), share, query, query);
        }

        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(query);
        if (norm > 0)
        {
            System.Numerics.Tensors.TensorPrimitives.Divide(query, norm, query);
        }
    }
}
