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

    /// <summary>The default of <see cref="FitSample"/>.</summary>
    public const int DefaultFitSample = 100_000;

    /// <summary>
    /// Most passages the model is fitted on: a larger corpus is fitted on a deterministic sample of this many (fixed
    /// <see cref="Seed"/>) and every passage is then embedded, streamed, so the fit's memory (every text and its
    /// TF-IDF row) stays bounded however large the corpus (at 1M passages the full fit held more than 4.8 GB). Corpora
    /// of at most this many passages are fitted on all of them, as before. At least 2.
    /// </summary>
    public int FitSample { get; set; } = DefaultFitSample;

    /// <summary>The sample size is part of the model only when it differs from the default (existing models stay valid).</summary>
    public string Fingerprint => $"w{WordNgrams}-c{CharNgrams}-d{Dimensions}/{PassagesPerDimension}-v{MaxNgrams}-z{(CenterData ? 1 : 0)}-t{(IncludeTitle ? 1 : 0)}-s{Seed}{(FitSample == DefaultFitSample ? "" : $"-f{FitSample}")}";
}
