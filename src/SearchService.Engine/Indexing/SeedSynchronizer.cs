using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SearchService.Engine.Ingestion;
using SearchService.Engine.Pushing;

namespace SearchService.Engine.Indexing;

/// <summary>
/// Brings the index in line with the source folder: indexes new and changed files, removes deleted ones, leaves
/// the rest alone. Unchanged files are recognised by size and time, then by content hash, so a restart on the same
/// sources re-indexes nothing. Sources are read in batches of <see cref="BatchSize"/> documents, lazily, while the
/// batches before them are parsed, analysed and inverted (a batch per core, into its own segment) and written in
/// reading order (the index is the one a one-by-one loop builds, doc ids included). Commits
/// after a batch once <see cref="CommitInterval"/> has passed since the last commit, so a crash loses at most the last
/// seconds of work, which the next pass redoes because the committed manifest does not list them. Only regular files inside the folder
/// are read (see <see cref="SourceFolder"/>); anything else, and any file that fails, is skipped with a reason and
/// never stops the pass. Documents pushed over the API (<paramref name="pushedPath"/>, see <see cref="PushedStore"/>)
/// are a second source read the same way; each source only ever deletes its own documents, so a rescan of the
/// sources folder never drops a pushed document, and a pushed document wins over a folder file with its id.
/// </summary>
public sealed class SeedSynchronizer(
    LuceneIndex index,
    ArticleParser parser,
    string seedsPath,
    IReadOnlyList<string> patterns,
    long maxFileBytes,
    ILogger logger,
    SourceQuarantine? quarantine = null,
    string? pushedPath = null,
    TimeSpan? commitInterval = null)
{
    /// <summary>
    /// Documents per batch. A batch is parsed, analysed and inverted into a private segment on one core while other
    /// batches are on the others (<see cref="LuceneIndex.UpsertAll{TSource, TParsed}"/>); each segment costs a flush
    /// (its own terms dictionary) and later merging, so batches are large: at 64 documents (~640 passages) a 100k
    /// pass spent 92 CPU-s instead of 65 (155 segments, 3× the merging, a private writer's set-up per batch).
    /// </summary>
    public const int BatchSize = 512;

    /// <summary>
    /// How long a pass writes before an intermediate commit. Committing every batch of 64 documents (as it once did) cost
    /// ~150 commits per 100,000 passages: each flushed a tiny segment (written as a compound file, then merged again
    /// and again), fsynced and reopened the searchers. Time bounds what a crash loses and how stale a first pass's
    /// searchable part is, whatever the batches' size; <see cref="TimeSpan.Zero"/> commits after every batch.
    /// </summary>
    public static readonly TimeSpan CommitInterval = TimeSpan.FromSeconds(2);

    private readonly TimeSpan _commitInterval = commitInterval ?? CommitInterval;

    /// <summary>A batch is also cut at this many characters of source text, so a batch of large files stays small in memory.</summary>
    private const long BatchChars = 8 * 1024 * 1024;

    public SyncReport Synchronize(CancellationToken cancellationToken = default) => Synchronize(new PassProgress(), cancellationToken);

    /// <param name="progress">Told of every step, so a watchdog can tell a stuck pass from a long one.</param>
    public SyncReport Synchronize(PassProgress progress, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        progress.Enter(PassStage.Starting);
        var manifest = index.ReadManifest();
        var added = new List<string>();
        var changed = new List<string>();
        var skipped = new Dictionary<string, SkippedSource>(StringComparer.Ordinal);
        var unchanged = 0;
        var pending = new HashSet<string>(StringComparer.Ordinal);
        var changedInPass = new HashSet<string>(StringComparer.Ordinal);

        var folder = SourceFolder.Find(seedsPath);
        var files = ListSources(folder, skipped);
        var pushedFolder = pushedPath is null ? null : SourceFolder.Find(pushedPath);
        var pushed = PushedSources.List(pushedFolder);
        SkipFilesShadowedByPushed(files, pushed, skipped);
        var sinceCommit = Stopwatch.StartNew();

        // Batches are read here, lazily, while the ones before them are parsed and inverted on every core; each is
        // written (in reading order) and, once the interval has passed, committed by this thread.
        var batches = ReadBatches(InReadingOrder(files, pushed), manifest, folder, pushedFolder, progress, skipped, () => unchanged++, cancellationToken);
        IndexRead(batches, progress, skipped, cancellationToken, indexed =>
        {
            (indexed.IsNew ? added : changed).Add(indexed.DocumentId);
            pending.Add(indexed.DocumentId);
            changedInPass.Add(indexed.DocumentId);
        }, () =>
        {
            if (pending.Count > 0 && sinceCommit.Elapsed >= _commitInterval)
            {
                progress.Enter(PassStage.Committing);
                index.Commit(pending, final: false);
                pending.Clear();
                sinceCommit.Restart();
            }
        });

        var deleted = manifest.Values.Where(known => IsGone(known, files, pushed)).Select(known => known.Metadata.DocumentId).Order(StringComparer.Ordinal).ToList();
        progress.Enter(PassStage.Deleting);
        foreach (var documentId in deleted)
        {
            index.Delete(documentId);
            changedInPass.Add(documentId);
        }

        // Vectors lost or never built (first start with semantic retrieval on) are rebuilt even when no source changed.
        if (changedInPass.Count > 0 || index.NeedsVectors)
        {
            progress.Enter(PassStage.Committing);
            index.Commit(changedInPass, final: true);
        }

        progress.Enter(PassStage.Finished);
        var report = new SyncReport(added, changed, deleted, unchanged, skipped, clock.Elapsed, DateTimeOffset.UtcNow)
        {
            SourcesProblem = pushed.Count > 0 && files is not null ? null : SourcesProblem(files),
        };
        if (report.HasChanges)
        {
            logger.LogInformation(
                "Indexed sources in {Elapsed} ms: {Added} added, {Changed} changed, {Deleted} deleted, {Unchanged} unchanged, {Skipped} skipped",
                (int)clock.ElapsedMilliseconds, added.Count, changed.Count, deleted.Count, unchanged, skipped.Count);
        }

        return report;
    }

    /// <summary>
    /// The new and changed sources in reading order, read in batches of <see cref="BatchSize"/> documents (or
    /// <see cref="BatchChars"/> characters); unchanged and unreadable ones are counted or skipped here.
    /// </summary>
    private IEnumerable<IReadOnlyList<ReadSource>> ReadBatches(
        IEnumerable<(string DocumentId, FileInfo File, bool FromPushed)> sources,
        IReadOnlyDictionary<string, IndexedDocument> manifest,
        SourceFolder? folder,
        SourceFolder? pushedFolder,
        PassProgress progress,
        Dictionary<string, SkippedSource> skipped,
        Action countUnchanged,
        CancellationToken cancellationToken)
    {
        var batch = new List<ReadSource>();
        long batchChars = 0;
        foreach (var (documentId, file, fromPushed) in sources)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress.Enter(PassStage.Reading, file.Name);
            manifest.TryGetValue(documentId, out var known);
            if (LooksUnchanged(known, file))
            {
                countUnchanged();
                continue;
            }

            var source = TryRead(fromPushed ? pushedFolder! : folder!, file, documentId, known, skipped, out var failed);

            // A pass abandoned by the watchdog while it was stuck reading must not touch the index once it wakes.
            cancellationToken.ThrowIfCancellationRequested();
            if (source is null)
            {
                if (!failed)
                {
                    countUnchanged();
                }

                continue;
            }

            batch.Add(new ReadSource(documentId, file, source, fromPushed, known is null));
            batchChars += source.Text.Length;
            if (batch.Count >= BatchSize || batchChars >= BatchChars)
            {
                yield return batch;
                batch = [];
                batchChars = 0;
            }
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    /// <summary>
    /// Gone from its own source: a folder document when the listed folder lacks it (a missing folder deletes
    /// nothing), a pushed document when the pushed folder lacks it (or when the pass has no pushed folder: never).
    /// </summary>
    private bool IsGone(IndexedDocument known, SortedDictionary<string, FileInfo>? files, SortedDictionary<string, FileInfo> pushed)
    {
        var id = known.Metadata.DocumentId;
        return PushedStore.IsPushed(known.Metadata)
            ? pushedPath is not null && !pushed.ContainsKey(id)
            : files is not null && !files.ContainsKey(id) && !pushed.ContainsKey(id);
    }

    /// <summary>Folder files first (as before), then pushed ones; a folder file is listed only when no pushed document has its id.</summary>
    private static IEnumerable<(string DocumentId, FileInfo File, bool FromPushed)> InReadingOrder(
        SortedDictionary<string, FileInfo>? files, SortedDictionary<string, FileInfo> pushed) =>
        (files ?? new SortedDictionary<string, FileInfo>()).Select(f => (f.Key, f.Value, false)).Concat(pushed.Select(p => (p.Key, p.Value, true)));

    private void SkipFilesShadowedByPushed(SortedDictionary<string, FileInfo>? files, SortedDictionary<string, FileInfo> pushed, Dictionary<string, SkippedSource> skipped)
    {
        foreach (var id in files?.Keys.Where(pushed.ContainsKey).ToList() ?? [])
        {
            // Keyed by the file's name, not the id: the id is the pushed document's, which is indexed and well.
            var name = files![id].Name;
            logger.LogWarning("Skipping {File}: a document pushed over the API has its id {DocumentId}", name, id);
            skipped[name] = new SkippedSource(name, $"has the id '{id}' of a document pushed over the API, which takes precedence");
            files.Remove(id);
        }
    }

    /// <summary>
    /// Parses and indexes the batches read, in their reading order. Parsing, mapping, analysis and inversion run on
    /// every core, a batch per thread (<see cref="LuceneIndex.UpsertAll{TSource, TParsed}"/>); the writes, the skip
    /// reasons, the logs, <paramref name="indexed"/> and then <paramref name="batchWritten"/> follow the reading order
    /// on this thread.
    /// </summary>
    private void IndexRead(IEnumerable<IReadOnlyList<ReadSource>> batches, PassProgress progress, Dictionary<string, SkippedSource> skipped, CancellationToken cancellationToken, Action<ReadSource> indexed, Action batchWritten)
    {
        index.UpsertAll(batches, Parse, parsed => parsed.Document, parsedBatch =>
        {
            // The watchdog hears of every batch written; one abandoned while its batch was inverted changes nothing more.
            cancellationToken.ThrowIfCancellationRequested();
            progress.Enter(PassStage.Indexing, parsedBatch[0].Read.File.Name);
            foreach (var parsed in parsedBatch)
            {
                var source = parsed.Read;
                if (parsed.Document is null)
                {
                    logger.LogWarning("Skipping pushed {File}: {Reason}", source.File.Name, parsed.Problem);
                    skipped[source.DocumentId] = new SkippedSource(PushedStore.SourcePathOf(source.DocumentId), parsed.Problem!);
                    continue;
                }

                if (source.Source.Warning is not null)
                {
                    logger.LogWarning("Indexed {File} with a warning: {Warning}", source.File.Name, source.Source.Warning);
                }

                indexed(source);
            }

            batchWritten();
        });
    }

    /// <summary>The document to index, or null and why a pushed source cannot be indexed (thread-safe: the parser keeps no state).</summary>
    private ParsedSource Parse(ReadSource read)
    {
        if (!read.FromPushed)
        {
            return new ParsedSource(read, Indexable(read, parser.Parse(read.DocumentId, read.File.Name, read.Source.Text)), null);
        }

        try
        {
            return new ParsedSource(read, Indexable(read, PushedSources.Parse(parser, read.DocumentId, read.Source)), null);
        }
        catch (UnindexableSourceException ex)
        {
            return new ParsedSource(read, null, ex.Message);
        }
    }

    private static DocumentToIndex Indexable(ReadSource read, ParsedDocument parsed) => new(parsed, read.Source.Fingerprint, read.Source.Warning);

    /// <summary>A new or changed source read in this pass, waiting for its batch to be parsed and indexed.</summary>
    private sealed record ReadSource(string DocumentId, FileInfo File, SourceFile Source, bool FromPushed, bool IsNew);

    /// <summary>A source read and parsed: its document, or (a pushed source that cannot be indexed) why not.</summary>
    private sealed record ParsedSource(ReadSource Read, DocumentToIndex? Document, string? Problem);

    /// <summary>Why there is nothing to index, when there is nothing: the folder is missing, or has no source files.</summary>
    private string? SourcesProblem(SortedDictionary<string, FileInfo>? files) => files switch
    {
        null => $"The sources folder '{PublicName}' does not exist (Search:SeedsPath); the index keeps what it had.",
        { Count: 0 } => $"The sources folder '{PublicName}' has no files matching {string.Join(", ", patterns)}; nothing is indexed.",
        _ => null,
    };

    // Public messages name the folder, never its absolute path (which says where the server keeps things).
    private string PublicName => Path.GetFileName(Path.TrimEndingDirectorySeparator(seedsPath));

    /// <summary>The source files by document id, or null when the folder itself is missing (then nothing is deleted).</summary>
    private SortedDictionary<string, FileInfo>? ListSources(SourceFolder? folder, Dictionary<string, SkippedSource> skipped)
    {
        if (folder is null)
        {
            logger.LogWarning("Sources folder {Path} does not exist; keeping the index as it is", seedsPath);
            return null;
        }

        var files = new SortedDictionary<string, FileInfo>(StringComparer.Ordinal);
        foreach (var file in patterns.SelectMany(p => new DirectoryInfo(folder.Path).EnumerateFiles(p, SearchOption.TopDirectoryOnly)))
        {
            var documentId = ArticleParser.DocumentIdFromPath(file.Name);
            if (!files.TryAdd(documentId, file))
            {
                skipped[documentId] = new SkippedSource(file.Name, $"has the same document id as '{files[documentId].Name}'");
            }
        }

        return files;
    }

    // Size and time from the directory listing (a stat, no open, so safe on anything): the common case costs no
    // open. Content is only ever read through TryRead, which checks what the file is.
    private static bool LooksUnchanged(IndexedDocument? known, FileInfo file)
    {
        try
        {
            return known is not null && known.Fingerprint.Length == file.Length && known.Fingerprint.ModifiedUtc == file.LastWriteTimeUtc;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// The file's content when it is new or changed; null when it is unchanged (size and time, then hash) or skipped
    /// (then <paramref name="skipped"/> says why). Whatever goes wrong with one file stays with that file.
    /// </summary>
    private SourceFile? TryRead(SourceFolder folder, FileInfo file, string documentId, IndexedDocument? known, Dictionary<string, SkippedSource> skipped, out bool failed)
    {
        failed = true;
        if (quarantine?.ReasonFor(file.Name) is { } stalled)
        {
            skipped[documentId] = new SkippedSource(file.Name, stalled);
            return null;
        }

        try
        {
            using var opened = OpenedSource.Open(folder, file.FullName);
            if (known is not null && known.Fingerprint.Length == opened.Length && known.Fingerprint.ModifiedUtc == opened.ModifiedUtc)
            {
                failed = false;
                return null;
            }

            var source = opened.Read(maxFileBytes);
            failed = false;
            return known is not null && known.Fingerprint.ContentHash == source.Fingerprint.ContentHash ? null : source;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Keep whatever version is indexed: an unreadable file must not lose what was searchable. The public
            // reason never carries a path (an exception message would); the log has the whole story.
            var reason = ex switch
            {
                UnindexableSourceException => ex.Message,
                FileNotFoundException or DirectoryNotFoundException => SourceFolder.Disappeared,
                UnauthorizedAccessException => "permission denied",
                OutOfMemoryException => "could not be read: out of memory",
                _ => $"could not be read ({ex.GetType().Name})",
            };
            if (ex is UnindexableSourceException)
            {
                logger.LogWarning("Skipping {File}: {Reason}", file.Name, reason);
            }
            else
            {
                logger.LogWarning(ex, "Skipping {File}: {Reason}", file.FullName, reason);
            }

            skipped[documentId] = new SkippedSource(file.Name, reason);
            return null;
        }
    }
}
