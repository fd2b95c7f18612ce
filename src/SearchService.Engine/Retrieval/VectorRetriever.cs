using System.Buffers;
using SearchService.Engine.Embeddings;
using SearchService.Engine.Indexing;

namespace SearchService.Engine.Retrieval;

/// <summary>Semantic candidates: the query embedded by the model that embedded the passages, then top-k by cosine.</summary>
internal static class VectorRetriever
{
    public static List<(int Doc, double Score)> Search(ServingSearcher searcher, LuceneIndex index, string query, int depth)
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
            vectors.Model.Embed(text, queryVector.AsSpan(0, dimensions));
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
}

/// <summary>Semantic retrieval was asked for but this generation has no vectors (being built, or turned off).</summary>
public sealed class SemanticUnavailableException()
    : Exception("Semantic retrieval is not available yet: the passage vectors are still being built, or it is turned off (Search:SemanticEnabled). Use mode=lexical.");
