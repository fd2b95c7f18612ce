namespace SearchService.Engine.Ingestion;

/// <summary>
/// One searchable paragraph of a source document.
/// <see cref="CharStart"/>/<see cref="CharEnd"/> are UTF-16 offsets into the decoded source file (the same units a
/// browser uses for string indices), so <c>raw[CharStart..CharEnd]</c> is the passage before whitespace normalization.
/// Lines are 1-based and inclusive.
/// </summary>
public sealed record Passage(
    string PassageId,
    string DocumentId,
    int Ordinal,
    PassageKind Kind,
    string Text,
    string? Section,
    int CharStart,
    int CharEnd,
    int LineStart,
    int LineEnd)
{
    /// <summary>Stable id: the document id and the passage's 0-based ordinal within the document.</summary>
    public static string MakeId(string documentId, int ordinal) => $"{documentId}#{ordinal}";
}
