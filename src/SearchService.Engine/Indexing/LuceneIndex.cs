using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging;
using SearchService.Engine.Analysis;
using SearchService.Engine.Ingestion;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace SearchService.Engine.Indexing;

/// <summary>
/// The on-disk Lucene index: one <see cref="IndexWriter"/> for the process lifetime, a <see cref="SearcherManager"/>
/// kept fresh by a near-real-time reopen thread, and BM25 on both sides. Thread-safe; no caller locks on the writer.
/// </summary>
public sealed class LuceneIndex : IDisposable
{
    // A reader may be at most this stale; WaitForGeneration forces a reopen sooner when a writer needs it.
    private const double MaxStaleSeconds = 1.0;
    private const double MinStaleSeconds = 0.02;

    private readonly LuceneDirectory _directory;
    private readonly IndexWriter _writer;
    private readonly TrackingIndexWriter _tracking;
    private readonly SearcherManager _searchers;
    private readonly ControlledRealTimeReopenThread<IndexSearcher> _reopenThread;
    private int _disposed;

    private LuceneIndex(string path, SearchAnalyzer analyzer, Similarity similarity, LuceneDirectory directory, IndexWriter writer, bool rebuilt)
    {
        Path = path;
        Analyzer = analyzer;
        Similarity = similarity;
        WasRebuilt = rebuilt;
        _directory = directory;
        _writer = writer;
        _tracking = new TrackingIndexWriter(writer);
        _searchers = new SearcherManager(writer, applyAllDeletes: true, new Bm25SearcherFactory(similarity));
        _reopenThread = new ControlledRealTimeReopenThread<IndexSearcher>(_tracking, _searchers, MaxStaleSeconds, MinStaleSeconds)
        {
            Name = "lucene-nrt-reopen",
            IsBackground = true,
        };
        _reopenThread.Start();
    }

    public string Path { get; }

    public SearchAnalyzer Analyzer { get; }

    public Similarity Similarity { get; }

    /// <summary>True when the index on disk was built with another schema or analysis chain and was emptied to be rebuilt.</summary>
    public bool WasRebuilt { get; }

    public static LuceneIndex Open(string path, SearchAnalyzer analyzer, RankingOptions ranking, ILogger logger)
    {
        System.IO.Directory.CreateDirectory(path);

        // NIOFSDirectory, not the MMap default: MMapDirectory crashes under Lucene.Net 4.8 (lucenenet #1013).
        var directory = new NIOFSDirectory(new DirectoryInfo(path));
        var similarity = new ExactLengthBm25Similarity(ranking.K1, ranking.B);
        var config = new IndexWriterConfig(SearchAnalyzer.Version, analyzer)
        {
            OpenMode = OpenMode.CREATE_OR_APPEND,
            Similarity = similarity,
        };
        var writer = new IndexWriter(directory, config);
        var expected = SchemaFingerprint(analyzer.Options);
        var rebuilt = false;
        if (DirectoryReader.IndexExists(directory) && ReadSchema(writer) != expected)
        {
            logger.LogWarning("Index at {Path} was built with schema '{Found}', expected '{Expected}': rebuilding it from the sources", path, ReadSchema(writer), expected);
            writer.DeleteAll();
            rebuilt = true;
        }

        writer.SetCommitData(new Dictionary<string, string> { [IndexFields.SchemaKey] = expected });
        writer.Commit();
        return new LuceneIndex(path, analyzer, similarity, directory, writer, rebuilt);
    }

    /// <summary>Replaces every record of the document atomically (a reader sees the old version or the new one, never a mix).</summary>
    public long Upsert(ParsedDocument parsed, SourceFingerprint fingerprint) =>
        _tracking.UpdateDocuments(
            new Term(IndexFields.DocumentId, parsed.Metadata.DocumentId),
            LuceneDocumentMapper.ToRecords(parsed, fingerprint, DateTimeOffset.UtcNow).ToList());

    /// <summary>Adds a document known to be new (a fresh throwaway index), skipping the delete-by-id an upsert pays for.</summary>
    public long Add(ParsedDocument parsed, SourceFingerprint fingerprint) =>
        _tracking.AddDocuments(LuceneDocumentMapper.ToRecords(parsed, fingerprint, DateTimeOffset.UtcNow).ToList());

    public long Delete(string documentId) => _tracking.DeleteDocuments(new Term(IndexFields.DocumentId, documentId));

    /// <summary>Makes the changes durable, then waits until searchers see them.</summary>
    public void Commit(long generation)
    {
        _writer.Commit();
        _reopenThread.WaitForGeneration(generation);
    }

    /// <summary>Runs <paramref name="read"/> on a current searcher and releases it however <paramref name="read"/> ends.</summary>
    public T Read<T>(Func<IndexSearcher, T> read)
    {
        var searcher = _searchers.Acquire();
        try
        {
            return read(searcher);
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    /// <summary>The manifest: every indexed document with its content fingerprint, read from the current snapshot.</summary>
    public IReadOnlyDictionary<string, IndexedDocument> ReadManifest() => Read(searcher =>
    {
        var query = new TermQuery(new Term(IndexFields.Type, IndexFields.DocumentType));
        var top = searcher.Search(query, Math.Max(1, searcher.IndexReader.MaxDoc));
        return top.ScoreDocs
            .Select(hit => LuceneDocumentMapper.ReadIndexedDocument(searcher.Doc(hit.Doc)))
            .ToDictionary(d => d.Metadata.DocumentId, StringComparer.Ordinal) as IReadOnlyDictionary<string, IndexedDocument>;
    });

    public long SizeOnDiskBytes() =>
        new DirectoryInfo(Path).EnumerateFiles().Sum(f => { try { return f.Length; } catch (IOException) { return 0L; } });

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Order matters: the reopen thread uses the manager, the manager holds readers of the writer.
        _reopenThread.Dispose();
        _searchers.Dispose();
        _writer.Dispose();
        _directory.Dispose();
    }

    internal static string SchemaFingerprint(AnalysisOptions analysis) => $"v{IndexFields.SchemaVersion};{analysis.Fingerprint}";

    private static string? ReadSchema(IndexWriter writer) =>
        writer.CommitData.TryGetValue(IndexFields.SchemaKey, out var schema) ? schema : null;
}
