using SearchService.Engine.Retrieval;

namespace SearchService.Engine.Answers;

/// <summary>
/// The sentence that best answers a question. <see cref="SentenceStart"/>/<see cref="SentenceEnd"/> are offsets into
/// the passage's text; <see cref="CharStart"/>/<see cref="CharEnd"/> into the source file (UTF-16, end exclusive),
/// so <c>raw[CharStart..CharEnd]</c> is the sentence as written. <see cref="Confidence"/> is the measured accuracy of
/// answers scored like this one on the project's answer set (<see cref="ConfidenceCalibration"/>).
/// <see cref="Alternatives"/> are sentences that answer the same question differently in other (older or undated)
/// sources, newest first. <see cref="Coverage"/> is the raw score behind the confidence: the share of the question's
/// idf-weighted terms the sentence covers.
/// </summary>
public sealed record Answer(
    string Text,
    string PassageId,
    double Confidence,
    int SentenceStart,
    int SentenceEnd,
    int CharStart,
    int CharEnd,
    Citation Citation,
    IReadOnlyList<AnswerAlternative> Alternatives,
    double Coverage);

/// <summary>
/// Another source's answer to the same question that disagrees with the chosen one (a figure that changed over
/// time: "earlier sources said 193"). <see cref="Published"/> is its document's date, null when the article states none.
/// </summary>
public sealed record AnswerAlternative(
    string Text,
    string PassageId,
    DateTime? Published,
    int SentenceStart,
    int SentenceEnd,
    int CharStart,
    int CharEnd,
    Citation Citation);

/// <summary>
/// An answer (or why there is none) and the passages it was drawn from. <see cref="IsQuestion"/> says whether the
/// query reads as a question (a keyword search such as "doi moi" does not, and gets no answer).
/// </summary>
public sealed record AskResponse(string Query, bool IsQuestion, Answer? Answer, string? Reason, double TookMs, IReadOnlyList<SearchHit> Passages);

/// <summary>Defaults shared by every transport that asks.</summary>
public static class AskDefaults
{
    /// <summary>Passages read for an answer unless the caller says otherwise.</summary>
    public const int Passages = 10;
}
