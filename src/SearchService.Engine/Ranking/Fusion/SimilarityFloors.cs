namespace SearchService.Engine.Ranking.Fusion;

/// <summary>
/// The cosine below which a passage is no semantic candidate, per model. Calibrated on the five shared collections
/// (docs/relevance-fusion.md): the floor keeps nearly every judged-relevant passage of a real query while random
/// passages, and every passage for a query about nothing in the corpus, fall below it.
/// </summary>
public static class SimilarityFloors
{
    /// <summary>LSA cosines (corpus-fitted, sparse evidence): a query sharing no latent topic scores near 0.</summary>
    public const double Lsa = 0.1;

    /// <summary>
    /// Sentence encoders give every pair of texts some similarity, each model on its own scale: this is where
    /// unrelated pairs end, by model name. A model of your own gets <see cref="OtherEncoder"/> unless configured.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, double> Encoder = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
    {
        ["minilm"] = 0.3,
        ["arctic-xs"] = 0.3,
    };

    public const double OtherEncoder = 0.3;

    /// <summary>The floor for the encoder <paramref name="model"/>, or the configured override.</summary>
    public static double EncoderFloor(RankingOptions options, string model) =>
        options.EncoderFloor ?? Encoder.GetValueOrDefault(model, OtherEncoder);

    /// <summary>The floor for the LSA signal, or the configured override.</summary>
    public static double LsaFloor(RankingOptions options) => options.LsaFloor ?? Lsa;

    /// <summary>The floor of <paramref name="space"/>: its encoder model's, or LSA's.</summary>
    internal static double For(RankingOptions options, IVectorSpace space) => space is EncoderSpace encoder
        ? EncoderFloor(options, encoder.Model)
        : LsaFloor(options);
}
