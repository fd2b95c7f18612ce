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
/// <remarks>
/// Each pass runs on its own thread under a <see cref="PassWatchdog"/>: a pass that stops making progress (stuck in a
/// system call) is reported, releases whoever waits for it, and does not hold up shutdown or later passes. An index
/// folder deleted under the service is recreated and rebuilt at the next pass.
/// </remarks>
public sealed class IndexingWorker(
    IndexHandle handle,
    IndexStatus status,
    ReindexRequests requests,
    ArticleParser parser,
    IOptions<SearchOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<IndexingWorker> logger,
    IPassMetrics metrics) : BackgroundService, IHostedLifecycleService
{
    /// <summary>The exit code when another process holds the index folder (EX_TEMPFAIL: try again once it is free).</summary>
    public const int IndexInUseExitCode = 75;

    /// <summary>
    /// How long a restart's catch-up pass and background loads wait for the first readiness report at most (an index
    /// nobody probes still catches up at once, near enough).
    /// </summary>
    internal static readonly TimeSpan BackgroundWorkDeferral = TimeSpan.FromSeconds(1);

    private readonly SourceQuarantine _quarantine = new();
    private readonly Lock _openingGate = new();
    private Task<SeedSynchronizer?>? _opening;

    /// <summary>
    /// Starts opening the index on a thread of its own as soon as the host starts (settings validated), before any
    /// hosted service's StartAsync: the OpenTelemetry meter provider and Kestrel's pipeline are then built while the
    /// index opens, instead of before it. The open is most of what a restart waits for on its way to ready.
    /// </summary>
    Task IHostedLifecycleService.StartingAsync(CancellationToken cancellationToken)
    {
        BeginOpening();
        return Task.CompletedTask;
    }

    Task IHostedLifecycleService.StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedLifecycleService.StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedLifecycleService.StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // Once: from StartingAsync when the host has the lifecycle, else from ExecuteAsync.
    private Task<SeedSynchronizer?> BeginOpening()
    {
        lock (_openingGate)
        {
            if (_opening is not null)
            {
                return _opening;
            }

            var settings = options.Value;
            var seedsPath = SearchPaths.Resolve(settings.SeedsPath);
            var indexPath = SearchPaths.Resolve(settings.IndexPath);
            _opening = Task.Factory.StartNew(
                () => OpenIndex(settings, indexPath, seedsPath), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            return _opening;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var seedsPath = SearchPaths.Resolve(settings.SeedsPath);
        var indexPath = SearchPaths.Resolve(settings.IndexPath);
        var synchronizer = await BeginOpening();
        if (synchronizer is null)
        {
            return;
        }

        if (status.IsReady)
        {
            // Ready at open (a restart with data): the catch-up pass (the manifest read, a stat of every source)
            // follows the first readiness report instead of competing with it for the cores.
            await status.ReadyReportedOr(BackgroundWorkDeferral, stoppingToken);
        }

        var changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        using var watcher = WatchSources(seedsPath, changes.Writer);
        requests.OnRequest(() => changes.Writer.TryWrite(true));
        var watchdog = new PassWatchdog(status, requests, _quarantine, settings.StallTimeout, logger, metrics);
        var again = await watchdog.RunAsync(synchronizer, stoppingToken);
        status.MarkReady();

        while (!stoppingToken.IsCancellationRequested)
        {
            if (!again)
            {
                await WaitForChangeOrRescanAsync(changes.Reader, settings, stoppingToken);
            }

            synchronizer = ReopenIfFolderLost(synchronizer, settings, indexPath, seedsPath);
            if (synchronizer is null)
            {
                return;
            }

            // A pass abandoned while stuck on a file is followed at once by one that skips it.
            again = await watchdog.RunAsync(synchronizer, stoppingToken);
        }
    }

    private SeedSynchronizer? OpenIndex(SearchOptions settings, string indexPath, string seedsPath)
    {
        try
        {
            var index = LuceneIndex.Open(indexPath, new SearchAnalyzer(settings.Analysis), settings.Ranking, settings.EmbeddingWhenEnabled, logger, settings.EncoderWhenEnabled, settings.Embeddings.AnnThreshold, graph: settings.Embeddings.Graph,
                backgroundAfter: () => status.ReadyReportedOr(BackgroundWorkDeferral, CancellationToken.None));
            handle.Publish(index);
            if (index.Recovery is not null)
            {
                status.RecordRecovery(index.Recovery);
            }

            logger.LogInformation("Serving index {IndexPath}; sources {SeedsPath}", indexPath, seedsPath);

            // An index left by an earlier run is usable at once; the pass below only catches up with changes.
            if (!index.WasRebuilt && index.DocumentsAtOpen > 0)
            {
                status.MarkReady();
            }

            return new SeedSynchronizer(index, parser, seedsPath, settings.FilePatterns, settings.MaxFileBytes, logger, _quarantine, settings.ResolvedPushedPath);
        }
        catch (IndexFolderInUseException inUse)
        {
            // Two writers on one folder corrupt each other's segments: refuse to run, in one line, with a failing code.
            // Program checks this before starting; this is the race of two starting at once (or a folder deleted and
            // taken by another process). Stopping only once started: a stop during start fails the host with a stack trace.
            logger.LogCritical("{Message}", inUse.Message);
            Environment.ExitCode = IndexInUseExitCode;
            lifetime.ApplicationStarted.Register(lifetime.StopApplication);
            return null;
        }
        catch (Exception ex)
        {
            logger.LogCritical(ex, "Cannot open the index at {IndexPath}", indexPath);
            status.RecordFailure($"Cannot open the index: {ex.Message}");
            return null;
        }
    }

    /// <summary>
    /// The index folder deleted while serving (or its lock file): the writer's files are gone, every commit would
    /// fail and another process could take the folder. Close the index and open a fresh one, which the next pass
    /// fills from the sources. Searches meanwhile get a 503 (not ready), never a broken index.
    /// </summary>
    private SeedSynchronizer? ReopenIfFolderLost(SeedSynchronizer synchronizer, SearchOptions settings, string indexPath, string seedsPath)
    {
        if (handle.TryGetCurrent() is not { IsFolderIntact: false } lost)
        {
            return synchronizer;
        }

        logger.LogWarning("The index folder {IndexPath} (or its lock) was deleted while serving; recreating it and rebuilding from the sources", indexPath);
        handle.Withdraw();
        lost.Dispose();
        return OpenIndex(settings, indexPath, seedsPath);
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
