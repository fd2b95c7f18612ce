using SearchService.Engine.Ranking.Fusion;
using SearchService.Engine.Retrieval;

namespace SearchService.Engine.Ranking;

/// <summary>A passage (by Lucene doc id of the current reader) in one or more signals' lists, with its fused score.</summary>
/// <param name="Signals">Each signal's raw score, rank, normalized score and weight, by signal name (null in learned mode).</param>
internal readonly record struct Candidate(int Doc, double Fused, double? Lexical, int? LexicalRank, double? Semantic, int? SemanticRank, IReadOnlyDictionary<string, SignalScore>? Signals = null)
{
    public HitScores Scores => new(Lexical, LexicalRank, Semantic, SemanticRank, Fused) { Signals = Signals };

    /// <summary>
    /// A candidate with the legacy lexical/semantic fields filled from its signals (semantic: the encoder when it
    /// took part, else LSA).
    /// </summary>
    public static Candidate Of(int doc, double fused, IReadOnlyDictionary<string, SignalScore> signals)
    {
        var lexical = signals.GetValueOrDefault(SignalKind.Lexical.Name());
        var semantic = signals.GetValueOrDefault(SignalKind.Encoder.Name()) ?? signals.GetValueOrDefault(SignalKind.Lsa.Name());
        return new Candidate(doc, fused, lexical?.Raw, lexical?.Rank, semantic?.Raw, semantic?.Rank, signals);
    }
}
