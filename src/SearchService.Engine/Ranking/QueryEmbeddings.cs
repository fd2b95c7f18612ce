using SearchService.Engine.Embeddings;
using SearchService.Engine.Indexing;

namespace SearchService.Engine.Ranking;

/// <summary>
/// One request's query vectors, embedded on first use and then shared by every stage that needs them: hybrid's
/// vector signals and the learned ranker's features ask for the same vectors (a sentence-encoder pass is the
/// costliest step of a query), so each space embeds the query once per request. Vectors handed out are shared:
/// callers copy before changing one (feedback does).
/// </summary>
internal sealed class QueryEmbeddings
{
    private readonly Dictionary<(object Model, string Text), float[]?> _vectors = [];
    private readonly Lock _lock = new();

    /// <summary>The sentence encoder's vector of <paramref name="text"/> (with its query prefix); null when there is nothing to embed.</summary>
    public float[]? Encoder(EncodedBinding binding, string text) =>
        Of(binding.Encoder, text, t => string.IsNullOrWhiteSpace(t) ? null : binding.EmbedQuery(t));

    /// <summary>The LSA vector of <paramref name="text"/>, analysed as passages were; null when no term of it survives analysis.</summary>
    /// <exception cref="Retrieval.SemanticUnavailableException">The generation's model could not be read.</exception>
    public float[]? Lsa(VectorBinding binding, LuceneIndex index, string text)
    {
        var model = binding.Vectors.TryGetModel(out var loaded) ? loaded : throw new Retrieval.SemanticUnavailableException();
        return Of(model, text, t =>
        {
            var analysed = EmbeddingText.Of(index.Analyzer, null, t);
            if (analysed.Length == 0)
            {
                return null;
            }

            var vector = new float[model.Dimensions];
            model.Embed(analysed, vector);
            return vector;
        });
    }

    private float[]? Of(object model, string text, Func<string, float[]?> embed)
    {
        lock (_lock)
        {
            if (!_vectors.TryGetValue((model, text), out var vector))
            {
                vector = embed(text);
                _vectors[(model, text)] = vector;
            }

            return vector;
        }
    }
}
