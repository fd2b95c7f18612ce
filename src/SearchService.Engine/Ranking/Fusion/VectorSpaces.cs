using SearchService.Engine.Indexing;

namespace SearchService.Engine.Ranking.Fusion;

/// <summary>The semantic spaces a searcher carries, LSA first and the sentence encoder (when there is one) last.</summary>
internal static class VectorSpaces
{
    /// <summary>
    /// The spaces this searcher carries. Encoder vectors still being built are used for the passages that have one
    /// (hybrid says it is degraded; semantic mode is refused before it gets here, see <see cref="Retrieval.EncoderGate"/>).
    /// </summary>
    public static IReadOnlyList<IVectorSpace> Of(ServingSearcher searcher, LuceneIndex index, QueryEmbeddings? embeddings = null)
    {
        embeddings ??= new QueryEmbeddings();
        var spaces = new List<IVectorSpace>(2);
        // A generation whose model could not be read (it loads in the background after a restart) is left out, as
        // one without vectors is, until the next pass fits a new model (LuceneIndex.NeedsVectors).
        if (searcher.Vectors is { } lsa && lsa.Vectors.TryGetModel(out _))
        {
            spaces.Add(new LsaSpace(lsa, index, embeddings));
        }

        // Without a single row (a restart's searchers are bound before the model has loaded, to an empty placeholder
        // whose width is not the model's) the encoder has nothing to offer: the query is not embedded at all.
        if (searcher.Encoded is { Vectors.Count: > 0 } encoded)
        {
            spaces.Add(new EncoderSpace(encoded, embeddings));
        }

        return spaces;
    }
}
