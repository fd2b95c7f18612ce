namespace SearchService.Engine.Ingestion;

/// <summary>
/// Turns classified body lines into passages in reading order: assigns ordinals and ids, carries the current section,
/// and drops exact repeats (scraped pages often print the lead paragraph twice, once as a teaser).
/// </summary>
internal sealed class PassageAssembler(string documentId, string rawText)
{
    private readonly List<Passage> passages = [];
    private readonly HashSet<string> seenTexts = new(StringComparer.Ordinal);
    private readonly SectionTracker sections = new();

    public IReadOnlyList<Passage> Passages => passages;

    public void Add(SourceLine line, LineRole role)
    {
        switch (role)
        {
            case LineRole.Heading:
                sections.EnterHeading(line.Text);
                break;
            case LineRole.Question:
                // The question's own section is taken before it opens its scope, so it does not label itself.
                Emit(line, PassageKind.Question, line.Start, line.End, sections.ForQuestion);
                sections.EnterQuestion(line.Text);
                break;
            case LineRole.Caption:
                var (start, end) = CaptionRules.InsidePipes(rawText, line);
                Emit(line, PassageKind.Caption, start, end, sections.Current);
                break;
            default:
                Emit(line, PassageKind.Paragraph, line.Start, line.End, sections.Current);
                break;
        }
    }

    private void Emit(SourceLine line, PassageKind kind, int start, int end, string? section)
    {
        var text = WhitespaceNormalizer.Normalize(rawText.AsSpan(start, end - start));
        if (text.Length == 0 || !seenTexts.Add(text))
        {
            return;
        }

        var ordinal = passages.Count;
        passages.Add(new Passage(
            Passage.MakeId(documentId, ordinal), documentId, ordinal, kind, text, section, start, end, line.Number, line.Number));
    }
}
