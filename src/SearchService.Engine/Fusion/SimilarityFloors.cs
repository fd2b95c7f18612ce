namespace SearchService.Engine.Fusion;

/// <summary>
/// The cosine below which a passage is no semantic candidate, per model. Calibrated on the five shared collections
/// (docs/relevance-fusion.md): the floor keeps nearly every judged-relevant passage of a real query while random
/// passages, and every passage for a query about nothing in the corpus, fall below it.
/// </summary>
public static class SimilarityFloors
{
    /// <summary>LSA cosines (corpus-fitted, sparse evidence): a query sharing no latent topic scores near 0.</summary>
    public const double Lsa = 0.1;

    /// <summary>Sentence encoders (MiniLM and the like) give every pair of texts some similarity; this is where unrelated pairs end.</summary>
    public const double Encoder = 0.3;

    /// <summary>The floor for the encoder signal, or the configured override.</summary>
    public static double EncoderFloor(RankingOptions options) => options.EncoderFloor ?? Encoder;

    /// <summary>The floor for the LSA signal, or the configured override.</summary>
    public static double LsaFloor(RankingOptions options) => options.LsaFloor ?? Lsa;
}
