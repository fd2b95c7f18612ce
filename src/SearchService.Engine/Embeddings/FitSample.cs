namespace SearchService.Engine.Embeddings;

/// <summary>Which passages the LSA model is fitted on when the corpus is larger than <see cref="EmbeddingOptions.FitSample"/>.</summary>
public static class FitSample
{
    /// <summary>
    /// A uniform sample of <paramref name="size"/> of <paramref name="count"/> rows, the same for the same arguments
    /// (a partial Fisher–Yates shuffle with a fixed seed), as a per-row flag; null when every row is taken
    /// (<paramref name="count"/> ≤ <paramref name="size"/>), so small corpora are fitted exactly as before.
    /// </summary>
    public static bool[]? Rows(int count, int size, int seed)
    {
        if (count <= size)
        {
            return null;
        }

        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        var random = new Random(seed);
        var taken = new bool[count];
        for (var i = 0; i < size; i++)
        {
            var j = random.Next(i, count);
            (order[i], order[j]) = (order[j], order[i]);
            taken[order[i]] = true;
        }

        return taken;
    }
}
