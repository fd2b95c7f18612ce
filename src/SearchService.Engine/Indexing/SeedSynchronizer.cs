using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SearchService.Engine.Ingestion;

namespace SearchService.Engine.Indexing;

/// <summary>
/// Brings the index in line with the source folder: indexes new and changed files, removes deleted ones, leaves
/// the rest alone. Unchanged files are recognised by size and time, then by content hash, so a restart on the same
/// sources re-indexes nothing. Commits every <see cref="BatchSize"/> documents so a crash loses at most one batch,
/// which the next pass redoes because the committed manifest does not list it.
/// </summary>
public sealed class SeedSynchronizer(LuceneIndex index, ArticleParser parser, string seedsPath, IReadOnlyList<string> patterns, long maxFileBytes, ILogger logger)
{
    public const int BatchSize = 64;

    public SyncReport Synchronize(CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var manifest = index.ReadManifest();
        var added = new List<string>();
        var changed = new List<string>();
        var skipped = new Dictionary<string, SkippedSource>(StringComparer.Ordinal);
        var unchanged = 0;
        var pending = new HashSet<string>(StringComparer.Ordinal);
        var changedInPass = new HashSet<string>(StringComparer.Ordinal);

        var files = ListSources(skipped);
        foreach (var (documentId, file) in files ?? new SortedDictionary<string, FileInfo>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            manifest.TryGetValue(documentId, out var known);
            if (known is not null && known.Fingerprint.Length == file.Length && known.Fingerprint.ModifiedUtc == file.LastWriteTimeUtc)
            {
                unchanged++;
                continue;
            }

            if (!TryRead(file, documentId, skipped, out var source))
            {
                continue;
            }

            if (known is not null && known.Fingerprint.ContentHash == source.Fingerprint.ContentHash)
            {
                unchanged++;
                continue;
            }

            var parsed = parser.Parse(documentId, file.Name, source.Text);
            index.Upsert(parsed, source.Fingerprint, source.Warning);
            if (source.Warning is not null)
            {
                logger.LogWarning("Indexed {File} with a warning: {Warning}", file.Name, source.Warning);
            }

            (known is null ? added : changed).Add(documentId);
            pending.Add(documentId);
            changedInPass.Add(documentId);
            if (pending.Count >= BatchSize)
            {
                index.Commit(pending, final: false);
                pending.Clear();
            }
        }

        var deleted = files is null ? [] : manifest.Keys.Where(id => !files.ContainsKey(id)).Order(StringComparer.Ordinal).ToList();
        foreach (var documentId in deleted)
        {
            index.Delete(documentId);
            changedInPass.Add(documentId);
        }

        // Vectors lost or never built (first start with semantic retrieval on) are rebuilt even when no source changed.
        if (changedInPass.Count > 0 || index.NeedsVectors)
        {
            index.Commit(changedInPass, final: true);
        }

        var report = new SyncReport(added, changed, deleted, unchanged, skipped, clock.Elapsed, DateTimeOffset.UtcNow);
        if (report.HasChanges)
        {
            logger.LogInformation(
                "Indexed sources in {Elapsed} ms: {Added} added, {Changed} changed, {Deleted} deleted, {Unchanged} unchanged, {Skipped} skipped",
                (int)clock.ElapsedMilliseconds, added.Count, changed.Count, deleted.Count, unchanged, skipped.Count);
        }

        return report;
    }

    /// <summary>The source files by document id, or null when the folder itself is missing (then nothing is deleted).</summary>
    private SortedDictionary<string, FileInfo>? ListSources(Dictionary<string, SkippedSource> skipped)
    {
        var folder = new DirectoryInfo(seedsPath);
        if (!folder.Exists)
        {
            logger.LogWarning("Sources folder {Path} does not exist; keeping the index as it is", seedsPath);
            return null;
        }

        var files = new SortedDictionary<string, FileInfo>(StringComparer.Ordinal);
        foreach (var file in patterns.SelectMany(p => folder.EnumerateFiles(p, SearchOption.TopDirectoryOnly)))
        {
            var documentId = ArticleParser.DocumentIdFromPath(file.Name);
            if (!files.TryAdd(documentId, file))
            {
                skipped[documentId] = new SkippedSource(file.Name, $"has the same document id as '{files[documentId].Name}'");
            }
        }

        return files;
    }

    private bool TryRead(FileInfo file, string documentId, Dictionary<string, SkippedSource> skipped, out SourceFile source)
    {
        try
        {
            source = SourceFile.Read(file, maxFileBytes);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or UnindexableSourceException)
        {
            // Keep whatever version is indexed: an unreadable file must not lose what was searchable.
            var reason = ex switch
            {
                FileNotFoundException or DirectoryNotFoundException => "the file disappeared or is a broken link while it was being read",
                UnauthorizedAccessException => "permission denied",
                _ => ex.Message,
            };
            logger.LogWarning("Skipping {File}: {Reason}", file.Name, reason);
            skipped[documentId] = new SkippedSource(file.Name, reason);
            source = null!;
            return false;
        }
    }
}
