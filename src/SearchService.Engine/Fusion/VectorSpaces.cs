using SearchService.Engine.Indexing;

namespace SearchService.Engine.Fusion;

/// <summary>The semantic spaces a searcher carries, LSA first and the sentence encoder (when there is one) last.</summary>
internal static class VectorSpaces
{
    /// <summary>
    /// The spaces ready to serve. Encoder vectors still being built are left out (hybrid fuses what it has; an
    /// explicit semantic request is refused until they are complete, see <see cref="EncoderPending"/>).
    /// </summary>
    public static IReadOnlyList<IVectorSpace> Of(ServingSearcher searcher, LuceneIndex index)
    {
        var spaces = new List<IVectorSpace>(2);
        if (searcher.Vectors is { } lsa)
        {
            spaces.Add(new LsaSpace(lsa, index));
        }

        if (searcher.Encoded is { IsComplete: true } encoded)
        {
            spaces.Add(new EncoderSpace(encoded));
        }

        return spaces;
    }

    /// <summary>True while this searcher's encoder vectors are being built.</summary>
    public static bool EncoderPending(ServingSearcher searcher) => searcher.Encoded is { IsComplete: false };
}
