using SearchService.Engine.Indexing;
using SearchService.Engine.Ingestion;

namespace SearchService.Engine.Evaluation;

/// <summary>A BEIR document becomes one passage: its text, with its title as the boosted title field.</summary>
public static class BeirPassages
{
    public static ParsedDocument ToParsedDocument(BeirDocument document)
    {
        var text = WhitespaceNormalizer.Normalize(document.Text ?? "");
        var title = WhitespaceNormalizer.Normalize(document.Title ?? "");
        var metadata = new DocumentMetadata(document.Id, title, null, null, null, null, "corpus.jsonl");
        var passage = new Passage(Passage.MakeId(document.Id, 0), document.Id, 0, PassageKind.Paragraph, text, null, 0, text.Length, 1, 1);

        // The raw text is not kept: evaluation needs rankings, not citations, and keeping it would double the index.
        return new ParsedDocument(metadata, "", [passage]);
    }

    public static SourceFingerprint FingerprintOf(BeirDocument document) => new(document.Id, (document.Text ?? "").Length, DateTime.UnixEpoch);
}
