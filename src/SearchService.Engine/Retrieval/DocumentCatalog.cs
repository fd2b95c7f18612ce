using Lucene.Net.Index;
using Lucene.Net.Search;
using SearchService.Engine.Indexing;
using SearchService.Engine.Ingestion;

namespace SearchService.Engine.Retrieval;

/// <summary>A source document as listed by the API.</summary>
public sealed record DocumentSummary(
    string DocumentId,
    string Title,
    DateTime? Published,
    string? Publisher,
    string? Url,
    string? Byline,
    string SourcePath,
    int PassageCount,
    DateTimeOffset IndexedAt,
    string ContentHash)
{
    public static DocumentSummary Of(IndexedDocument document) => new(
        document.Metadata.DocumentId,
        document.Metadata.Title,
        document.Metadata.Published,
        document.Metadata.Publisher,
        document.Metadata.Url,
        document.Metadata.Byline,
        document.Metadata.SourcePath,
        document.PassageCount,
        document.IndexedAt,
        document.Fingerprint.ContentHash);
}

/// <summary>A source document with its raw text and passages, so a citation can be opened in context.</summary>
public sealed record DocumentDetail(DocumentSummary Document, string RawText, IReadOnlyList<Passage> Passages);

/// <summary>Counts and sizes of the serving index.</summary>
public sealed record IndexStats(long Documents, long Passages, long IndexSizeBytes, DateTimeOffset? LastIndexedAt, bool Ready);

/// <summary>Reads documents from the index (never from the file system, so an id cannot name a file outside the sources).</summary>
public sealed class DocumentCatalog(IndexHandle handle, IndexStatus status)
{
    public IReadOnlyList<DocumentSummary> List() =>
        handle.Current.ReadManifest().Values
            .OrderBy(d => d.Metadata.DocumentId, StringComparer.Ordinal)
            .Select(DocumentSummary.Of)
            .ToList();

    public DocumentDetail? Get(string documentId) => handle.Current.Read(searcher =>
    {
        // All records of a document come from the same snapshot, so text, passages and offsets agree.
        var records = searcher.Search(new TermQuery(new Term(IndexFields.DocumentId, documentId)), 100_000).ScoreDocs
            .Select(hit => searcher.Doc(hit.Doc))
            .ToList();
        var document = records.FirstOrDefault(r => r.Get(IndexFields.RawText) is not null);
        if (document is null)
        {
            return null;
        }

        var passages = records
            .Where(r => r.Get(IndexFields.PassageJson) is not null)
            .Select(LuceneDocumentMapper.ReadPassage)
            .OrderBy(p => p.Ordinal)
            .ToList();
        return new DocumentDetail(DocumentSummary.Of(LuceneDocumentMapper.ReadIndexedDocument(document)), document.Get(IndexFields.RawText), passages);
    });

    public IndexStats Stats()
    {
        if (!handle.IsOpen)
        {
            return new IndexStats(0, 0, 0, status.LastIndexedAt, false);
        }

        var index = handle.Current;
        var (documents, passages) = index.Read(searcher => (
            (long)searcher.Search(new TermQuery(new Term(IndexFields.Type, IndexFields.DocumentType)), 1).TotalHits,
            (long)searcher.Search(new TermQuery(new Term(IndexFields.Type, IndexFields.PassageType)), 1).TotalHits));
        return new IndexStats(documents, passages, index.SizeOnDiskBytes(), status.LastIndexedAt, status.IsReady);
    }
}
