using System.Buffers;
using SearchService.Engine.Embeddings;
using SearchService.Engine.Indexing;

namespace SearchService.Engine.Retrieval;

/// <summary>Semantic candidates: the query embedded by the model that embedded the passages, then top-k by cosine.</summary>
internal static class VectorRetriever
{
    /// <param name="feedback">Lexical hits (best first) whose vectors are blended into the query; may be empty.</param>
    /// <param name="only">When given, score just these documents (re-ranking) instead of searching every vector.</param>
    public static List<(int Doc, double Score)> Search(ServingSearcher searcher, LuceneIndex index, string query, int depth, IReadOnlyList<int> feedback, float feedbackWeight, IReadOnlyList<int>? only = null)
    {
        using var span = Telemetry.SearchTelemetry.Start("vectors");
        if (searcher.Vectors is null && HasNoPassages(searcher))
        {
            return [];
        }

        var binding = searcher.Vectors ?? throw new SemanticUnavailableException();
        var vectors = binding.Vectors;
        var queryVector = ArrayPool<float>.Shared.Rent(vectors.Model.Dimensions);
        var top = ArrayPool<(int Row, float Score)>.Shared.Rent(depth);
        try
        {
            var dimensions = vectors.Model.Dimensions;
            var q = queryVector.AsSpan(0, dimensions);
            if (!TryEmbed(binding, index, query, q))
            {
                return [];
            }

            AddFeedback(binding, q, feedback, feedbackWeight);
            if (only is not null)
            {
                return ScoreOnly(binding, q, only);
            }

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

    /// <summary>
    /// The cosine of each of <paramref name="docs"/> with the plain query vector and with the query vector after
    /// feedback from <paramref name="feedback"/> (as hybrid uses it); 0 for a passage without a vector.
    /// </summary>
    public static (float[] Plain, float[] WithFeedback) Cosines(ServingSearcher searcher, LuceneIndex index, string query, IReadOnlyList<int> docs, IReadOnlyList<int> feedback, float feedbackWeight)
    {
        using var span = Telemetry.SearchTelemetry.Start("vectors");
        if (searcher.Vectors is null && HasNoPassages(searcher))
        {
            return (new float[docs.Count], new float[docs.Count]);
        }

        var binding = searcher.Vectors ?? throw new SemanticUnavailableException();
        var plain = new float[docs.Count];
        var withFeedback = new float[docs.Count];
        var q = new float[binding.Vectors.Model.Dimensions];
        if (!TryEmbed(binding, index, query, q))
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

    /// <summary>Embeds the query as the passages were embedded; false when no term of it survives analysis.</summary>
    private static bool TryEmbed(VectorBinding binding, LuceneIndex index, string query, Span<float> destination)
    {
        var text = EmbeddingText.Of(index.Analyzer, null, query);
        if (text.Length == 0)
        {
            return false;
        }

        binding.Vectors.Model.Embed(text, destination);
        return true;
    }

    private static List<(int Doc, double Score)> ScoreOnly(VectorBinding binding, ReadOnlySpan<float> query, IReadOnlyList<int> docs)
    {
        var scored = new List<(int Doc, double Score)>(docs.Count);
        foreach (var doc in docs)
        {
            if (binding.TryGetRow(doc, out var row))
            {
                scored.Add((doc, System.Numerics.Tensors.TensorPrimitives.Dot(query, binding.Vectors.Vectors.Row(row))));
            }
        }

        return scored.OrderByDescending(s => s.Score).ThenBy(s => s.Doc).ToList();
    }

    // An index with no passages (sources missing or empty) has no vectors to build: nothing matches, as in lexical
    // mode, instead of a 503 saying vectors are "still being built" forever.
    private static bool HasNoPassages(ServingSearcher searcher) =>
        searcher.Search(new Lucene.Net.Search.TermQuery(new Lucene.Net.Index.Term(IndexFields.Type, IndexFields.PassageType)), 1).TotalHits == 0;

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
