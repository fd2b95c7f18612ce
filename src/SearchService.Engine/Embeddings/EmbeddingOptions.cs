namespace SearchService.Engine.Embeddings;

/// <summary>
/// Settings of the ML.NET text featurization behind semantic retrieval. Chosen by measurement with the eval
/// command (see the README's relevance section); part of the vector model, so changing them refits it.
/// </summary>
public sealed class EmbeddingOptions
{
    /// <summary>Fixed seed: the same corpus always yields the same model and vectors (deterministic CI).</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Word n-grams up to this length (TF-IDF weighted).</summary>
    public int WordNgrams { get; set; } = 2;

    /// <summary>Character n-grams of this length (0 = none); they match inflections and misspellings.</summary>
    public int CharNgrams { get; set; }

    /// <summary>
    /// Most dimensions of the latent (LSA) space the TF-IDF vectors are projected to with PCA. Small corpora get
    /// fewer (one per <see cref="PassagesPerDimension"/> passages): a rank close to the number of passages is no
    /// projection at all, and generalizes nothing.
    /// </summary>
    public int Dimensions { get; set; } = 128;

    public int PassagesPerDimension { get; set; } = 4;

    /// <summary>The rank used for a corpus of <paramref name="passages"/> passages.</summary>
    public int DimensionsFor(int passages) => Math.Max(1, Math.Min(Dimensions, Math.Max(16, passages / Math.Max(1, PassagesPerDimension))));

    /// <summary>Vocabulary cap per n-gram length, most frequent first: the PCA fit costs time in proportion to it.</summary>
    public int MaxNgrams { get; set; } = 20_000;

    /// <summary>Embed the document title with each passage (context for short passages).</summary>
    public bool IncludeTitle { get; set; } = true;

    /// <summary>Subtract the mean before projecting (PCA proper) rather than plain truncated SVD (LSA).</summary>
    public bool CenterData { get; set; }

    /// <summary>A corpus changed by more than this fraction since the model was fitted is refitted; smaller changes are re-embedded.</summary>
    public double RefitFraction { get; set; } = 0.2;

    public string Fingerprint => $"w{WordNgrams}-c{CharNgrams}-d{Dimensions}/{PassagesPerDimension}-v{MaxNgrams}-z{(CenterData ? 1 : 0)}-t{(IncludeTitle ? 1 : 0)}-s{Seed}";
}
