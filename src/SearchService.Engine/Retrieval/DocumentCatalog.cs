using System.Text.Json.Serialization;
using Lucene.Net.Index;
using Lucene.Net.Search;
using SearchService.Engine.Indexing;
using SearchService.Engine.Ingestion;

namespace SearchService.Engine.Retrieval;

/// <summary>How a source file fared in indexing.</summary>
public enum DocumentStatus
{
    /// <summary>Indexed as it is on disk.</summary>
    Indexed,

    /// <summary>Indexed, but something was off (invalid UTF-8 replaced, empty file): see the problem.</summary>
    IndexedWithWarning,

    /// <summary>The file changed into something that cannot be indexed; the last good version is still served.</summary>
    Stale,

    /// <summary>Never indexed: see the problem.</summary>
    Skipped,
}

/// <summary>A source document as listed by the API. <see cref="IndexedAt"/> and <see cref="ContentHash"/> are null for a skipped file.</summary>
/// <param name="Metadata">
/// What the document says about itself, the record <see cref="Citation"/> carries too. The HTTP JSON keeps its flat
/// shape: the fields below are read from it.
/// </param>
public sealed record DocumentSummary(
    [property: JsonIgnore] DocumentMetadata Metadata,
    int PassageCount,
    DateTimeOffset? IndexedAt,
    string? ContentHash,
    DocumentStatus Status = DocumentStatus.Indexed,
    string? Problem = null)
{
    // Order -1: the metadata fields come first in the JSON, where they were when DocumentSummary declared them itself.
    [JsonPropertyOrder(-1)]
    public string DocumentId => Metadata.DocumentId;

    [JsonPropertyOrder(-1)]
    public string Title => Metadata.Title;

    [JsonPropertyOrder(-1)]
    public DateTime? Published => Metadata.Published;

    [JsonPropertyOrder(-1)]
    public string? Publisher => Metadata.Publisher;

    [JsonPropertyOrder(-1)]
    public string? Url => Metadata.Url;

    [JsonPropertyOrder(-1)]
    public string? Byline => Metadata.Byline;

    [JsonPropertyOrder(-1)]
    public string SourcePath => Metadata.SourcePath;

    public static DocumentSummary Of(IndexedDocument document, SkippedSource? skipped = null) => new(
        document.Metadata,
        document.PassageCount,
        document.IndexedAt,
        document.Fingerprint.ContentHash,
        skipped is not null ? DocumentStatus.Stale : document.Warning is null ? DocumentStatus.Indexed : DocumentStatus.IndexedWithWarning,
        skipped is not null ? $"the current file is not indexed ({skipped.Reason}); the last good version is served" : document.Warning);

    public static DocumentSummary Of(string documentId, SkippedSource skipped) =>
        new(new DocumentMetadata(documentId, skipped.FileName, null, null, null, null, skipped.FileName), 0, null, null, DocumentStatus.Skipped, skipped.Reason);
}

/// <summary>A source document with its raw text and passages, so a citation can be opened in context.</summary>
public sealed record DocumentDetail(DocumentSummary Document, string RawText, IReadOnlyList<Passage> Passages);

/// <summary>Counts and sizes of the serving index.</summary>
/// <param name="SkippedSources">Source files the last pass could not index (see /documents for why).</param>
/// <param name="Recovery">Set when the index found at start was corrupt and was moved aside and rebuilt.</param>
/// <param name="Problem">What degrades the service, as /health/ready says it: an indexing failure, a stalled pass, missing or empty sources.</param>
/// <param name="Vectors">Sentence-encoder vectors of the current generation (<c>vectors 812/5000</c>); null without an encoder.</param>
/// <param name="EncoderError">The background encoder's last failure, if its last run failed.</param>
public sealed record IndexStats(long Documents, long Passages, long IndexSizeBytes, DateTimeOffset? LastIndexedAt, bool Ready, int SkippedSources = 0, string? Recovery = null, string? Problem = null, EncoderProgress? Vectors = null, string? EncoderError = null)
{
    /// <summary>Whether <c>mode=learned</c> can run: a re-ranking model is configured and loaded (a UI offers the mode only then).</summary>
    public bool LearnedRanking { get; init; }

    /// <summary>Cluster mode only (absent on a single node): the cluster's nodes and each shard's node, state and passages (set by the host).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public object? Cluster { get; init; }
}

/// <summary>Reads documents from the index (never from the file system, so an id cannot name a file outside the sources).</summary>
public sealed class DocumentCatalog(IndexHandle handle, IndexStatus status)
{
    /// <summary>Every indexed document, and every source file the last pass skipped, each with its status.</summary>
    public IReadOnlyList<DocumentSummary> List()
    {
        var manifest = handle.Current.ReadManifest();
        var skipped = status.Skipped;
        var indexed = manifest.Values.Select(d => DocumentSummary.Of(d, skipped.GetValueOrDefault(d.Metadata.DocumentId)));
        var neverIndexed = skipped.Where(s => !manifest.ContainsKey(s.Key)).Select(s => DocumentSummary.Of(s.Key, s.Value));
        return indexed.Concat(neverIndexed).OrderBy(d => d.DocumentId, StringComparer.Ordinal).ToList();
    }

    public DocumentDetail? Get(string documentId) => handle.Current.Read(searcher =>
    {
        // All records of a document come from the same snapshot, so text, passages and offsets agree.
        var record = searcher.Search(RecordsOf(documentId, IndexFields.DocumentType), 1).ScoreDocs;
        if (record.Length == 0)
        {
            return null;
        }

        var document = searcher.Doc(record[0].Doc);
        var passages = searcher.Search(RecordsOf(documentId, IndexFields.PassageType), 100_000).ScoreDocs
            .Select(hit => LuceneDocumentMapper.ReadHit(searcher.IndexReader, hit.Doc).Passage)
            .OrderBy(p => p.Ordinal)
            .ToList();
        var summary = DocumentSummary.Of(LuceneDocumentMapper.ReadIndexedDocument(document), status.Skipped.GetValueOrDefault(documentId));
        return new DocumentDetail(summary, document.Get(IndexFields.RawText), passages);
    });

    /// <summary>
    /// The raw source text of <paramref name="documentId"/> as <paramref name="searcher"/>'s snapshot holds it (null
    /// when that snapshot has no such document), so offsets computed from hits of the same searcher slice it exactly.
    /// </summary>
    public string? RawText(IndexSearcher searcher, string documentId)
    {
        var top = searcher.Search(RecordsOf(documentId, IndexFields.DocumentType), 1).ScoreDocs;
        return top.Length == 0 ? null : searcher.Doc(top[0].Doc).Get(IndexFields.RawText);
    }

    /// <summary>The records of one type (<see cref="IndexFields.PassageType"/> or <see cref="IndexFields.DocumentType"/>) of a document.</summary>
    private static BooleanQuery RecordsOf(string documentId, string type) => new()
    {
        { new TermQuery(new Term(IndexFields.DocumentId, documentId)), Occur.MUST },
        { new TermQuery(new Term(IndexFields.Type, type)), Occur.MUST },
    };

    /// <summary>Counts and sizes; never throws for a missing or reopening index (then the counts are zero).</summary>
    public IndexStats Stats()
    {
        var notServing = new IndexStats(0, 0, 0, status.LastIndexedAt, false, status.Skipped.Count, status.Recovery, status.Problem);
        var index = handle.TryGetCurrent();
        if (index is null)
        {
            return notServing;
        }

        try
        {
            var (documents, passages) = index.Read(searcher => (
                (long)searcher.Search(new TermQuery(new Term(IndexFields.Type, IndexFields.DocumentType)), 1).TotalHits,
                (long)searcher.Search(new TermQuery(new Term(IndexFields.Type, IndexFields.PassageType)), 1).TotalHits));
            return new IndexStats(documents, passages, index.SizeOnDiskBytes(), status.LastIndexedAt, status.IsReady, status.Skipped.Count, status.Recovery, status.Problem, index.EncoderProgress, index.EncoderError);
        }
        catch (ObjectDisposedException)
        {
            // The index was closed under this request (its folder was deleted and it is being reopened).
            return notServing;
        }
    }
}
