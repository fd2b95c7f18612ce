using SearchService.Engine.Indexing;

namespace SearchService.Engine.Fusion;

/// <summary>The semantic spaces a searcher carries, LSA first and the sentence encoder (when there is one) last.</summary>
internal static class VectorSpaces
{
    public static IReadOnlyList<IVectorSpace> Of(ServingSearcher searcher, LuceneIndex index)
    {
        var spaces = new List<IVectorSpace>(2);
        if (searcher.Vectors is { } lsa)
        {
            spaces.Add(new LsaSpace(lsa, index));
        }

        return spaces;
    }
}
