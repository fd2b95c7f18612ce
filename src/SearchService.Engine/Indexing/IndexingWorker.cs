using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SearchService.Engine.Analysis;
using SearchService.Engine.Ingestion;

namespace SearchService.Engine.Indexing;

/// <summary>
/// Opens the index, brings it in line with the sources folder, then keeps it there: a file watcher triggers a pass
/// shortly after a change, and a periodic rescan catches anything the watcher missed. On .NET 10 all of
/// ExecuteAsync runs in the background and an exception escaping it stops the host, so every failure is caught,
/// logged and reported through <see cref="IndexStatus"/> (and so through /health/ready) instead.
/// </summary>
public sealed class IndexingWorker(
    IndexHandle handle,
    IndexStatus status,
    ReindexRequests requests,
    ArticleParser parser,
    IOptions<SearchOptions> options,
    ILogger<IndexingWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var seedsPath = SearchPaths.Resolve(settings.SeedsPath);
        var synchronizer = OpenIndex(settings, seedsPath);
        if (synchronizer is null)
        {
            return;
        }

        var changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        using var watcher = WatchSources(seedsPath, changes.Writer);
        requests.OnRequest(() => changes.Writer.TryWrite(true));
        Synchronize(synchronizer, stoppingToken);
        status.MarkReady();

        while (!stoppingToken.IsCancellationRequested)
        {
            await WaitForChangeOrRescanAsync(changes.Reader, settings, stoppingToken);
            Synchronize(synchronizer, stoppingToken);
        }
    }

    private SeedSynchronizer? OpenIndex(SearchOptions settings, string seedsPath)
    {
        var indexPath = SearchPaths.Resolve(settings.IndexPath);
        try
        {
            var index = LuceneIndex.Open(indexPath, new SearchAnalyzer(settings.Analysis), settings.Ranking, settings.EmbeddingWhenEnabled, logger, settings.EncoderWhenEnabled);
            handle.Publish(index);
            if (index.Recovery is not null)
            {
                status.RecordRecovery(index.Recovery);
            }

            logger.LogInformation("Serving index {IndexPath}; sources {SeedsPath}", indexPath, seedsPath);

            // An index left by an earlier run is usable at once; the pass below only catches up with changes.
            if (!index.WasRebuilt && index.ReadManifest().Count > 0)
            {
                status.MarkReady();
            }

            return new SeedSynchronizer(index, parser, seedsPath, settings.FilePatterns, settings.MaxFileBytes, logger);
        }
        catch (Exception ex)
        {
            logger.LogCritical(ex, "Cannot open the index at {IndexPath}", indexPath);
            status.RecordFailure($"Cannot open the index: {ex.Message}");
            return null;
        }
    }

    private void Synchronize(SeedSynchronizer synchronizer, CancellationToken stoppingToken)
    {
        var waiting = requests.BeginPass();
        try
        {
            var report = synchronizer.Synchronize(stoppingToken);
            status.RecordSync(report);
            waiting.TrySetResult(report);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: whatever was committed stays, the rest is redone at the next start.
            waiting.TrySetCanceled(stoppingToken);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Indexing pass failed; the index keeps serving its last committed state");
            status.RecordFailure($"Indexing failed: {ex.Message}");
            waiting.TrySetException(new InvalidOperationException($"Indexing failed: {ex.Message}"));
        }
    }

    private static async Task WaitForChangeOrRescanAsync(ChannelReader<bool> changes, SearchOptions settings, CancellationToken stoppingToken)
    {
        using var rescan = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        rescan.CancelAfter(settings.RescanInterval);
        try
        {
            await changes.ReadAsync(rescan.Token);

            // Let a burst of events (an editor's save, a copy of many files) settle into one pass.
            await Task.Delay(settings.ChangeDebounce, stoppingToken);
            changes.TryRead(out _);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // Rescan interval elapsed with no event.
        }
    }

    private FileSystemWatcher? WatchSources(string seedsPath, ChannelWriter<bool> changes)
    {
        if (!Directory.Exists(seedsPath))
        {
            return null;
        }

        var watcher = new FileSystemWatcher(seedsPath)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            IncludeSubdirectories = false,
        };
        FileSystemEventHandler signal = (_, _) => changes.TryWrite(true);
        watcher.Created += signal;
        watcher.Changed += signal;
        watcher.Deleted += signal;
        watcher.Renamed += (_, _) => changes.TryWrite(true);
        watcher.Error += (_, e) =>
        {
            // Overflow or a lost folder: a full pass finds whatever the events did not say.
            logger.LogWarning(e.GetException(), "File watcher error; rescanning");
            changes.TryWrite(true);
        };
        watcher.EnableRaisingEvents = true;
        return watcher;
    }
}
