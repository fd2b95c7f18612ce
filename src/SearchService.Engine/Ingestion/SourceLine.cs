namespace SearchService.Engine.Ingestion;

/// <summary>
/// One non-blank line of the raw text. <see cref="Start"/>/<see cref="End"/> are the trimmed content's UTF-16 offsets
/// into the raw text (end exclusive), so they can be handed to a passage unchanged.
/// </summary>
internal sealed record SourceLine(int Number, int Start, int End, string Text)
{
    /// <summary>Word count of the normalized text; the normalizer guarantees single spaces.</summary>
    public int WordCount => Text.Length == 0 ? 0 : Text.Count(c => c == ' ') + 1;
}
