using System.Buffers;
using SearchService.Engine.Embeddings;
using SearchService.Engine.Indexing;

namespace SearchService.Engine.Retrieval;

/// <summary>Semantic candidates: the query embedded by the model that embedded the passages, then top-k by cosine.</summary>
internal static class VectorRetriever
{
    /// <param name="feedback">Lexical hits (best first) whose vectors are blended into the query; may be empty.</param>
    public static List<(int Doc, double Score)> Search(ServingSearcher searcher, LuceneIndex index, string query, int depth, IReadOnlyList<int> feedback, float feedbackWeight)
    {
        var binding = searcher.Vectors ?? throw new SemanticUnavailableException();
        var text = EmbeddingText.Of(index.Analyzer, null, query);
        if (text.Length == 0)
        {
            return [];
        }

        var vectors = binding.Vectors;
        var queryVector = ArrayPool<float>.Shared.Rent(vectors.Model.Dimensions);
        var top = ArrayPool<(int Row, float Score)>.Shared.Rent(depth);
        try
        {
            var dimensions = vectors.Model.Dimensions;
            var q = queryVector.AsSpan(0, dimensions);
            vectors.Model.Embed(text, q);
            AddFeedback(binding, q, feedback, feedbackWeight);
            var count = vectors.Vectors.TopK(queryVector.AsSpan(0, dimensions), depth, top.AsSpan(0, depth));
            var results = new List<(int Doc, double Score)>(count);
            for (var i = 0; i < count; i++)
            {
                var doc = binding.DocOf(top[i].Row);
                if (doc >= 0)
                {
                    results.Add((doc, top[i].Score));
                }
            }

            return results;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(queryVector);
            ArrayPool<(int Row, float Score)>.Shared.Return(top);
        }
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

/// <summary>Semantic retrieval was asked for but this generation has no vectors (being built, or turned off).</summary>
public sealed class SemanticUnavailableException()
    : Exception("Semantic retrieval is not available yet: the passage vectors are still being built, or it is turned off (Search:SemanticEnabled). Use mode=lexical.");
