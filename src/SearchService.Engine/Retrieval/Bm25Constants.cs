using System.Runtime.CompilerServices;

namespace SearchService.Engine.Retrieval;

/// <summary>
/// The per-posting arithmetic of the engine's BM25 (<c>Ranking.ExactLengthBm25Similarity</c>) for one normalized term
/// weight: its scorer and the direct postings loop (<see cref="Bm25Postings"/>) both score through <see cref="Score"/>,
/// so the two cannot drift apart by a bit.
/// </summary>
/// <param name="Field">The field the term is in (its lengths are that field's norms).</param>
/// <param name="WeightTimesK1Plus1">idf · boost · (k1 + 1).</param>
/// <param name="ConstantPart">k1 · (1 − b).</param>
/// <param name="LengthPart">k1 · b / average length.</param>
public readonly record struct Bm25Constants(string Field, float WeightTimesK1Plus1, float ConstantPart, float LengthPart)
{
    /// <summary>
    /// The score of a posting: W·(k1+1)·freq / (freq + k1(1−b) + k1·b/avglen · length), in float, in this order.
    /// <paramref name="length"/> is the field's length as stored in the norms, converted to float (as a long
    /// multiplied by a float is).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Score(float freq, float length) => WeightTimesK1Plus1 * freq / (freq + ConstantPart + (LengthPart * length));
}
