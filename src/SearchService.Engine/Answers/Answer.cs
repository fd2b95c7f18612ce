using SearchService.Engine.Retrieval;

namespace SearchService.Engine.Answers;

/// <summary>
/// The sentence that best answers a question. <see cref="SentenceStart"/>/<see cref="SentenceEnd"/> are offsets into
/// the passage's text; <see cref="CharStart"/>/<see cref="CharEnd"/> into the source file (UTF-16, end exclusive),
/// so <c>raw[CharStart..CharEnd]</c> is the sentence as written.
/// </summary>
public sealed record Answer(
    string Text,
    string PassageId,
    double Confidence,
    int SentenceStart,
    int SentenceEnd,
    int CharStart,
    int CharEnd,
    Citation Citation);

/// <summary>An answer (or why there is none) and the passages it was drawn from.</summary>
public sealed record AskResponse(string Query, Answer? Answer, string? Reason, double TookMs, IReadOnlyList<SearchHit> Passages);

/// <summary>Defaults shared by every transport that asks.</summary>
public static class AskDefaults
{
    /// <summary>Passages read for an answer unless the caller says otherwise.</summary>
    public const int Passages = 5;
}
