using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using System.Globalization;
using Microsoft.Extensions.Logging;
using SearchService.Engine.Embeddings;
using SearchService.Engine.Embeddings.Encoder;
using SearchService.Engine.Analysis;
using SearchService.Engine.Ingestion;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace SearchService.Engine.Indexing;

/// <summary>
/// The on-disk Lucene index and the vectors of the same generation: one <see cref="IndexWriter"/> for the process
/// lifetime, a <see cref="SearcherManager"/> of <see cref="ServingSearcher"/>s, BM25 on both sides. Writes are
/// thread-safe; publishing (<see cref="Commit"/>) is done by one thread, the worker, which is also the only one that
/// refreshes the manager, so every searcher carries exactly the vectors of its own commit.
/// </summary>
public sealed class LuceneIndex : IDisposable
{
    private const string VectorsKey = "searchservice.vectors";

    private readonly LuceneDirectory _directory;
    private readonly IndexWriter _writer;
    private readonly ServingSearcherFactory _factory;
    private readonly SearcherManager _searchers;
    private readonly VectorStore _vectorStore;
    private readonly VectorIndexer? _vectorIndexer;
    private readonly EncoderVectors? _encoded;
    private readonly string _schema;
    private readonly Similarity _similarity;
    private VectorSet? _lastBuilt;
    private IndexFolderLock? _folderLock;
    private int _disposed;

    private LuceneIndex(string path, SearchAnalyzer analyzer, Similarity similarity, LuceneDirectory directory, IndexWriter writer, string schema, bool rebuilt, VectorStore vectorStore, VectorIndexer? vectorIndexer, VectorSet? vectors, EncoderVectors? encoded)
    {
        Path = path;
        Analyzer = analyzer;
        WasRebuilt = rebuilt;
        _directory = directory;
        _writer = writer;
        _schema = schema;
        _similarity = similarity;
        _vectorStore = vectorStore;
        _vectorIndexer = vectorIndexer;
        _factory = new ServingSearcherFactory(similarity, vectors) { BindEncoded = encoded is null ? null : encoded.Bind };
        _lastBuilt = vectors;
        _searchers = new SearcherManager(writer, applyAllDeletes: true, _factory);
        _encoded = encoded;
        encoded?.Start(AcquireReader, () => Read(searcher => { searcher.BindEncoded(encoded.Bind(searcher.IndexReader)); return 0; }));
    }

    public string Path { get; }

    public SearchAnalyzer Analyzer { get; }

    /// <summary>True when the index on disk was built with another schema or analysis chain and was emptied to be rebuilt.</summary>
    public bool WasRebuilt { get; }

    /// <summary>How many live document records the index held when it was opened (and verified).</summary>
    public int DocumentsAtOpen { get; private set; }

    /// <summary>Semantic retrieval is configured but the current generation has no vectors (first start, or they were lost).</summary>
    /// <remarks>Waits for the current generation's model when it is still loading: a model that cannot be read needs a refit too.</remarks>
    public bool NeedsVectors => _vectorIndexer is not null && (_factory.Vectors is not { } vectors || !vectors.TryGetModel(out _));

    /// <summary>How far the sentence-encoder vectors of the current generation are; null without an encoder.</summary>
    public EncoderProgress? EncoderProgress => _encoded is null ? null : Read(searcher => searcher.Encoded?.Progress);

    /// <summary>The last failure of the background encoder, if its last run failed.</summary>
    public string? EncoderError => _encoded?.LastError;

    /// <summary>Holds / releases the background encoder (tests of the incomplete-vector behaviour).</summary>
    internal void PauseEncoder() => _encoded?.Pause();

    internal void ResumeEncoder() => _encoded?.Resume();

    /// <summary>Passages the encoder ran / reused since open (tests prove reuse with these).</summary>
    internal (long Encoded, long Reused) EncoderWork => (_encoded?.PassagesEncoded ?? 0, _encoded?.PassagesReused ?? 0);

    /// <summary>
    /// Blocks until every passage of the current generation has its encoder vector (evaluation, tests), or the
    /// timeout passes; false then, or when the encoder failed. True at once without an encoder.
    /// </summary>
    public bool WaitForEncoder(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (EncoderProgress is { IsComplete: false })
        {
            if (clock.Elapsed > timeout || _encoded?.LastError is not null)
            {
                return false;
            }

            cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(25));
            cancellationToken.ThrowIfCancellationRequested();
        }

        return true;
    }

    /// <summary>Set when the index found at start was corrupt or half-written and was moved aside to be rebuilt.</summary>
    public string? Recovery { get; private set; }

    /// <summary>
    /// Opens the index at <paramref name="path"/>, first taking the folder's <see cref="IndexFolderLock"/> (another
    /// process holding it is an <see cref="IndexFolderInUseException"/>). A corrupt or half-written index is detected
    /// here (opening its writer, a reader and its manifest); its files are moved aside to
    /// <c>&lt;path&gt;.corrupt-&lt;time&gt;</c> (kept for inspection, never deleted) and an empty index that the worker
    /// rebuilds from the sources takes their place. The folder's own files (README.md, .gitignore, the lock) stay.
    /// </summary>
    /// <param name="embedding">Null turns semantic retrieval off (lexical only).</param>
    /// <param name="encoder">Null: no sentence-encoder vectors.</param>
    /// <param name="annThreshold">LSA generations of at least this many vectors get a nearest-neighbour index (<see cref="EncoderOptions.AnnThreshold"/>; the encoder's own comes from <paramref name="encoder"/>).</param>
    /// <param name="backgroundAfter">
    /// The loads that follow a successful open (the encoder, the LSA model, the graph's check) also wait for the task
    /// this returns (called once the open has succeeded): the worker passes "ready has been reported, or a moment has
    /// passed", so that on two cores they do not compete with the first readiness probe. Null: at once after the open.
    /// </param>
    /// <param name="graph">How those graphs are built and searched (<see cref="EncoderOptions.Graph"/>; null: the defaults).</param>
    public static LuceneIndex Open(string path, SearchAnalyzer analyzer, RankingOptions ranking, EmbeddingOptions? embedding, ILogger logger, EncoderOptions? encoder = null, int annThreshold = EncoderOptions.DefaultAnnThreshold, Func<Task>? backgroundAfter = null, GraphOptions? graph = null)
    {
        // A missing model folder is a configuration error, found before the index is opened (not a corrupt index).
        // The model itself loads in the background once the index is open: on two cores, loading it during the open
        // would take the CPU the open (mostly JIT in a fresh process) needs to get the service ready.
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<SentenceEncoder>? sentenceEncoder = null;
        if (encoder is { Enabled: true })
        {
            EncoderModelSource.ThrowIfMissing(encoder);
            sentenceEncoder = AfterBoth(opened.Task, backgroundAfter).ContinueWith(
                _ => SentenceEncoder.LoadSharedInBackground(encoder), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default).Unwrap();
        }

        (Task<SentenceEncoder>, EncoderOptions)? encoderSettings = sentenceEncoder is null ? null : (sentenceEncoder, encoder!);
        var folderLock = IndexFolderLock.Acquire(path);
        try
        {
            var index = OpenOrRecover(path, analyzer, ranking, embedding, logger, encoderSettings, annThreshold, backgroundAfter, graph);
            index._folderLock = folderLock;
            opened.SetResult();
            return index;
        }
        catch
        {
            // No index to serve: the model is not loaded for nothing.
            opened.SetCanceled();
            folderLock.Dispose();
            throw;
        }
    }

    // Completes when first has, and then the task second returns (first must succeed: a failed or cancelled open cancels it, so nothing loads after it).
    private static Task AfterBoth(Task first, Func<Task>? second) => second is null
        ? first
        : first.ContinueWith(_ => second(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default).Unwrap();

    /// <summary>False once the index folder (or its lock) was deleted under the service: it must be reopened.</summary>
    public bool IsFolderIntact => _folderLock?.IsIntact ?? System.IO.Directory.Exists(Path);

    private static LuceneIndex OpenOrRecover(string path, SearchAnalyzer analyzer, RankingOptions ranking, EmbeddingOptions? embedding, ILogger logger, (Task<SentenceEncoder> Encoder, EncoderOptions Options)? encoderSettings, int annThreshold, Func<Task>? backgroundAfter, GraphOptions? graph)
    {
        try
        {
            return OpenVerified(path, analyzer, ranking, embedding, logger, encoderSettings, annThreshold, backgroundAfter, graph);
        }
        catch (Exception ex) when (ex is not LockObtainFailedException and not UnauthorizedAccessException and not OutOfMemoryException)
        {
            var aside = $"{System.IO.Path.TrimEndingDirectorySeparator(path)}.corrupt-{DateTime.UtcNow:yyyyMMdd-HHmmss}";
            logger.LogWarning(ex, "The index at {Path} is corrupt or half-written; moving its files to {Aside} and rebuilding from the sources", path, aside);
            MoveIndexFiles(path, aside);
            var index = OpenVerified(path, analyzer, ranking, embedding, logger, encoderSettings, annThreshold, backgroundAfter, graph);
            index.Recovery = $"At {DateTimeOffset.UtcNow:O} the index was found corrupt or half-written ({ex.GetType().Name}: {PublicText.WithoutPaths(FirstLine(ex.Message))}); its files were moved to {System.IO.Path.GetFileName(aside)} beside it and it was rebuilt from the sources.";
            return index;
        }
    }

    /// <summary>Files of the folder that are not the index: tracked in the repository, or the process lock.</summary>
    private static readonly HashSet<string> FolderFiles = new(StringComparer.Ordinal) { "README.md", ".gitignore", IndexFolderLock.FileName };

    private static void MoveIndexFiles(string path, string aside)
    {
        System.IO.Directory.CreateDirectory(aside);
        foreach (var entry in new DirectoryInfo(path).EnumerateFileSystemInfos())
        {
            if (FolderFiles.Contains(entry.Name))
            {
                continue;
            }

            var target = System.IO.Path.Combine(aside, entry.Name);
            if (entry is DirectoryInfo directory)
            {
                directory.MoveTo(target);
            }
            else
            {
                ((FileInfo)entry).MoveTo(target);
            }
        }
    }

    private static LuceneIndex OpenVerified(string path, SearchAnalyzer analyzer, RankingOptions ranking, EmbeddingOptions? embedding, ILogger logger, (Task<SentenceEncoder> Encoder, EncoderOptions Options)? encoder, int annThreshold, Func<Task>? backgroundAfter, GraphOptions? graph)
    {
        // The vectors' model and graph load in the background once this open has succeeded, not during it: on two
        // cores they would take the CPU that the open (mostly JIT in a fresh process) needs on the way to ready.
        var verified = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        LuceneIndex? index = null;
        try
        {
            index = OpenUnverified(path, analyzer, ranking, embedding, logger, encoder, new VectorStore(path, annThreshold, AfterBoth(verified.Task, backgroundAfter), graph));

            // Counting the document records touches every segment's postings, deletions and doc values (IndexManifest).
            index.DocumentsAtOpen = index.Read(searcher => IndexManifest.CountRecords(searcher.IndexReader));
            verified.SetResult();
            return index;
        }
        catch
        {
            verified.SetCanceled();
            index?.Dispose();
            throw;
        }
    }

    private static LuceneIndex OpenUnverified(string path, SearchAnalyzer analyzer, RankingOptions ranking, EmbeddingOptions? embedding, ILogger logger, (Task<SentenceEncoder> Encoder, EncoderOptions Options)? encoder, VectorStore vectorStore)
    {
        System.IO.Directory.CreateDirectory(path);

        // Not Lucene.Net's MMapDirectory, which crashes under 4.8 (lucenenet #1013), nor buffered reads, whose pread per
        // 1 KB of postings was half of a lexical query at 100k: our own maps, released only when unreferenced.
        var directory = new MappedReadDirectory(new DirectoryInfo(path));
        var similarity = ranking.CreateSimilarity();
        var config = new IndexWriterConfig(SearchAnalyzer.Version, analyzer)
        {
            OpenMode = OpenMode.CREATE_OR_APPEND,
            Similarity = similarity,

            // Merges of neighbouring segments only: a merge never moves documents past each other, so doc ids (BM25
            // ties go to the lower one) follow the order documents were written in, whatever merges ran when. The
            // default tiered policy merges any segments of similar size, which reorders them by timing.
            MergePolicy = new LogByteSizeMergePolicy(),
        };
        IndexWriter writer;
        try
        {
            writer = new IndexWriter(directory, config);
        }
        catch
        {
            directory.Dispose();
            throw;
        }

        // Anything failing from here on (a corrupt commit, an unreadable segment) must release the write lock,
        // or the caller could not move the folder aside and open a fresh index.
        try
        {
            var expected = SchemaFingerprint(analyzer.Options);
            var commitData = writer.CommitData;
            var found = commitData.TryGetValue(IndexFields.SchemaKey, out var schema) ? schema : null;

            // An index of the previous schema is served as it is (PassageReader reads both layouts) and keeps its label
            // until this version commits to it: then the code that wrote it, which needs every passage's stored JSON,
            // rebuilds it instead of misreading it. Opening alone writes nothing an older build would refuse.
            var readable = found == expected || found == SchemaFingerprint(analyzer.Options, IndexFields.ReadableSchemaVersion);
            var rebuilt = false;
            if (DirectoryReader.IndexExists(directory) && !readable)
            {
                logger.LogWarning("Index at {Path} was built with schema '{Found}', expected '{Expected}': rebuilding it from the sources", path, found, expected);
                writer.DeleteAll();
                rebuilt = true;
            }

            var vectors = rebuilt || embedding is null ? null : LoadVectors(vectorStore, commitData, logger);
            vectorStore.Prune(vectors?.Generation ?? -1);
            var vectorsValue = (vectors?.Generation ?? -1).ToString(CultureInfo.InvariantCulture);
            if (rebuilt || !readable || !commitData.TryGetValue(VectorsKey, out var committedVectors) || committedVectors != vectorsValue)
            {
                // A restart with unchanged data already has exactly this commit: writing it again is a commit (and
                // fsyncs) on the path to ready for nothing.
                var label = rebuilt || !readable ? expected : found!;
                writer.SetCommitData(new Dictionary<string, string> { [IndexFields.SchemaKey] = label, [VectorsKey] = vectorsValue });
                writer.Commit();
            }
            var vectorIndexer = embedding is null ? null : new VectorIndexer(analyzer, embedding, logger);
            var encoded = encoder is { } e ? new EncoderVectors(path, e.Encoder, EncoderModelSource.NameOf(e.Options), e.Options, logger) : null;
            return new LuceneIndex(path, analyzer, similarity, directory, writer, expected, rebuilt, vectorStore, vectorIndexer, vectors, encoded);
        }
        catch
        {
            Abandon(writer);
            directory.Dispose();
            throw;
        }
    }

    // Rollback, not Dispose: closing normally would try to commit into the broken index. Either way the lock goes.
    private static void Abandon(IndexWriter writer)
    {
        try
        {
            writer.Rollback();
        }
        catch (Exception)
        {
            // Already failing; what matters is that the write lock is released, which Rollback does first.
        }
    }

    /// <summary>Replaces every record of the document atomically (a reader sees the old version or the new one, never a mix).</summary>
    /// <param name="warning">What was wrong with the source but did not stop it being indexed; shown in /documents.</param>
    public void Upsert(ParsedDocument parsed, SourceFingerprint fingerprint, string? warning = null) =>
        UpsertAll([new DocumentToIndex(parsed, fingerprint, warning)]);

    /// <summary>
    /// Documents of at least this many passages in all are written through private segments (<see cref="PreparedChunk{TParsed}"/>:
    /// inverted on every core, copied in by the writer); fewer are prepared on every core and inverted by the writer.
    /// A segment per small write (one pushed document) would leave the merges more to do than the writer saves.
    /// </summary>
    internal int SegmentPassages { get; set; } = 256;

    /// <summary>A long list is cut into runs of about this many passages, each its own private segment.</summary>
    internal int ChunkPassages { get; set; } = 5_000;

    /// <summary>Runs in flight at once: one per core, and one more ready when the writer takes the next.</summary>
    private static int RunsAhead => Environment.ProcessorCount + 1;

    /// <summary>
    /// <see cref="Upsert"/> of each document, in the list's order: the index is the one a loop of <see cref="Upsert"/>
    /// builds, doc ids included. Records are prepared (and, for many passages, inverted) on every core.
    /// </summary>
    public void UpsertAll(IEnumerable<DocumentToIndex> documents) => Write(documents, upsert: true);

    /// <summary>
    /// <see cref="UpsertAll(IEnumerable{DocumentToIndex})"/> of sources still to be parsed, in runs (<paramref name="runs"/>,
    /// enumerated on this thread: reading sources stays here). Each run is parsed, prepared and, from
    /// <see cref="SegmentPassages"/> passages on, inverted into its own segment on a pool thread, several runs at once;
    /// this (the writing) thread adds them in order. A result without a document (<paramref name="documentOf"/> null: a
    /// source that cannot be indexed) writes nothing. <paramref name="written"/> sees every run's results on this
    /// thread, in order, once the run is in the index (not yet committed).
    /// </summary>
    public void UpsertAll<TSource, TParsed>(IEnumerable<IReadOnlyList<TSource>> runs, Func<TSource, TParsed> parse, Func<TParsed, DocumentToIndex?> documentOf, Action<IReadOnlyList<TParsed>> written)
    {
        foreach (var run in PrepareRuns(runs, parse, documentOf, upsert: true))
        {
            using (run)
            {
                Write(run, upsert: true);
            }

            written(run.Parsed);
        }
    }

    /// <summary>Adds a document known to be new (a fresh throwaway index), skipping the delete-by-id an upsert pays for.</summary>
    public void Add(ParsedDocument parsed, SourceFingerprint fingerprint) => AddAll([new DocumentToIndex(parsed, fingerprint)]);

    /// <summary><see cref="Add"/> of each document, in order, prepared and inverted on every core like <see cref="UpsertAll(IEnumerable{DocumentToIndex})"/>.</summary>
    public void AddAll(IEnumerable<DocumentToIndex> documents) => Write(documents, upsert: false);

    private void Write(IEnumerable<DocumentToIndex> documents, bool upsert)
    {
        if (documents is IReadOnlyList<DocumentToIndex> list && list.Sum(d => d.Parsed.Passages.Count) < SegmentPassages)
        {
            // Too few passages for a segment of their own: prepared on every core, inverted here, streamed.
            var indexedAt = DateTimeOffset.UtcNow;
            foreach (var (document, records) in OrderedParallel.Stream(list, document => (document, PreparedDocument.Prepare(Analyzer, document, indexedAt))))
            {
                WriteRecords(document.Parsed.Metadata.DocumentId, records, upsert);
            }

            return;
        }

        foreach (var run in PrepareRuns(ByPassages(documents, ChunkPassages), document => document, document => document, upsert))
        {
            using (run)
            {
                Write(run, upsert);
            }
        }
    }

    private IEnumerable<PreparedChunk<TParsed>> PrepareRuns<TSource, TParsed>(IEnumerable<IReadOnlyList<TSource>> runs, Func<TSource, TParsed> parse, Func<TParsed, DocumentToIndex?> documentOf, bool upsert)
    {
        var indexedAt = DateTimeOffset.UtcNow;
        var segmentPassages = SegmentPassages;
        return OrderedParallel.Ahead(
            runs,
            run => PreparedChunk<TParsed>.Prepare(run, parse, documentOf, Analyzer, _similarity, indexedAt, segmentPassages, upsert),
            RunsAhead,
            run => run.Dispose());
    }

    /// <summary>
    /// A run into the index. Its own segment: the older versions of its documents are deleted first (applied to the
    /// segments already there when the segment is copied in, never to it), then the segment is appended after every
    /// segment written before it. Otherwise its records are written one document at a time.
    /// </summary>
    private void Write<TParsed>(PreparedChunk<TParsed> run, bool upsert)
    {
        if (run.Segment is null)
        {
            foreach (var (documentId, records) in run.Documents)
            {
                WriteRecords(documentId, records, upsert);
            }

            return;
        }

        if (upsert)
        {
            _writer.DeleteDocuments(run.Documents.Select(d => new Term(IndexFields.DocumentId, d.DocumentId)).ToArray());
        }

        _writer.AddIndexes(run.Segment);

        // Copying segments in starts no merge by itself (a flush would): without this the segments would only pile up.
        _writer.MaybeMerge();
    }

    private void WriteRecords(string documentId, List<Lucene.Net.Documents.Document> records, bool upsert) =>
        WriteRecords(_writer, documentId, records, upsert);

    /// <summary>A document's records into <paramref name="writer"/>: replacing its older version by id, or added (known to be new).</summary>
    internal static void WriteRecords(IndexWriter writer, string documentId, List<Lucene.Net.Documents.Document> records, bool upsert)
    {
        if (upsert)
        {
            writer.UpdateDocuments(new Term(IndexFields.DocumentId, documentId), records);
        }
        else
        {
            writer.AddDocuments(records);
        }
    }

    /// <summary>Consecutive runs of <paramref name="documents"/> of about <paramref name="passages"/> passages each (a document is never split).</summary>
    private static IEnumerable<IReadOnlyList<DocumentToIndex>> ByPassages(IEnumerable<DocumentToIndex> documents, int passages)
    {
        var run = new List<DocumentToIndex>();
        var count = 0;
        foreach (var document in documents)
        {
            run.Add(document);
            count += document.Parsed.Passages.Count;
            if (count >= passages)
            {
                yield return run;
                run = [];
                count = 0;
            }
        }

        if (run.Count > 0)
        {
            yield return run;
        }
    }

    public void Delete(string documentId) => _writer.DeleteDocuments(new Term(IndexFields.DocumentId, documentId));

    /// <summary>
    /// Publishes the pending changes as one generation: embeds what changed, saves the vectors, commits Lucene with a
    /// pointer to them (so a crash leaves either the old pair or the new one), then opens searchers that carry both.
    /// Called by one thread at a time.
    /// </summary>
    /// <param name="changedDocuments">Documents added, changed or deleted since the vectors were last built.</param>
    /// <param name="final">
    /// False for an intermediate commit of a long pass: Lucene commits (so a crash loses at most a batch) but the
    /// vectors are not rebuilt; searchers keep the previous vectors minus the changed documents, and the commit names
    /// no vector generation, so a crash before the final commit rebuilds the vectors at the next start.
    /// </param>
    public void Commit(IReadOnlySet<string> changedDocuments, bool final = true)
    {
        var vectors = _factory.Vectors;
        var persisted = vectors?.Generation ?? -1;
        if (_vectorIndexer is not null && !final)
        {
            vectors = vectors?.Without(changedDocuments);
            persisted = -1;
        }
        else if (_vectorIndexer is not null)
        {
            using var pending = DirectoryReader.Open(_writer, applyAllDeletes: true);
            vectors = _vectorIndexer.Build(
                PassageRecords.Keys(pending),
                filter => PassageRecords.Load(pending, filter),
                _lastBuilt,
                changedDocuments,
                (_lastBuilt?.Generation ?? 0) + 1);
            if (vectors is not null)
            {
                _vectorStore.Save(vectors);
            }

            _lastBuilt = vectors;
            persisted = vectors?.Generation ?? -1;
        }

        _writer.SetCommitData(new Dictionary<string, string> { [IndexFields.SchemaKey] = _schema, [VectorsKey] = persisted.ToString(CultureInfo.InvariantCulture) });
        _writer.Commit();
        void Refresh()
        {
            _factory.Vectors = vectors;
            _searchers.MaybeRefreshBlocking();
            RebindIfUnchanged(vectors);
        }

        if (_encoded is null)
        {
            Refresh();
        }
        else
        {
            // Encoder vectors follow in the background; the new searchers serve those still valid.
            _encoded.Publish(changedDocuments, final, Refresh);
        }

        if (final)
        {
            _vectorStore.Prune(persisted);
        }
    }

    /// <summary>Runs <paramref name="read"/> on a current searcher and releases it however <paramref name="read"/> ends.</summary>
    public T Read<T>(Func<ServingSearcher, T> read)
    {
        var searcher = (ServingSearcher)_searchers.Acquire();
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
    public IReadOnlyDictionary<string, IndexedDocument> ReadManifest() => Read(searcher => IndexManifest.Read(searcher.IndexReader));

    /// <summary>The index's size on disk; 0 when its folder is gone (deleted under the service, about to be rebuilt).</summary>
    public long SizeOnDiskBytes()
    {
        try
        {
            return new DirectoryInfo(Path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => { try { return f.Length; } catch (IOException) { return 0L; } });
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // The background encoder reads from the manager's readers: stop it first.
        _encoded?.Dispose();

        // The manager holds readers of the writer: close it first. Then roll back rather than close: closing would
        // commit changes of an unfinished pass under the last commit's vector pointer, pairing new passages with old
        // vectors. Rolled-back documents are not in the manifest, so the next start indexes them again.
        _searchers.Dispose();
        Abandon(_writer);
        _directory.Dispose();
        _folderLock?.Dispose();
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    internal static string SchemaFingerprint(AnalysisOptions analysis, string version = IndexFields.SchemaVersion) => $"v{version};{analysis.Fingerprint}";

    private static VectorSet? LoadVectors(VectorStore store, IDictionary<string, string> commitData, ILogger logger)
    {
        if (!commitData.TryGetValue(VectorsKey, out var value) || !long.TryParse(value, CultureInfo.InvariantCulture, out var generation) || generation < 0)
        {
            return null;
        }

        var vectors = store.TryLoad(generation, out var problem);
        if (vectors is null)
        {
            logger.LogWarning("Vectors of generation {Generation} could not be loaded ({Problem}); rebuilding them from the index", generation, problem);
        }

        return vectors;
    }

    private IndexReader AcquireReader() => Read(searcher =>
    {
        searcher.IndexReader.IncRef();
        return searcher.IndexReader;
    });

    // A rebuild of vectors for an unchanged reader opens no new searcher: attach them to the current one.
    private void RebindIfUnchanged(VectorSet? vectors) => Read(searcher =>
    {
        if (!ReferenceEquals(searcher.Vectors?.Vectors, vectors))
        {
            searcher.Bind(vectors);
        }

        return 0;
    });
}
