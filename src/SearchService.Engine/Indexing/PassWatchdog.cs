using Microsoft.Extensions.Logging;

namespace SearchService.Engine.Indexing;

/// <summary>
/// Runs indexing passes on their own thread and watches their heartbeat (<see cref="PassProgress"/>). A pass silent
/// for longer than the stall timeout is stuck, typically in a system call that never returns (a hung network mount,
/// a file that never answers), and no cancellation token reaches into it. Then the watchdog:
/// <list type="bullet">
/// <item>reports it in <see cref="IndexStatus"/> (so /health/ready says Degraded and why, and a first pass that never
/// finishes still lets the service serve its committed index instead of staying 503 forever);</item>
/// <item>fails whoever waits for the pass (<c>POST /admin/reindex</c> answers instead of hanging);</item>
/// <item>when the pass is stuck reading a source, abandons it: the file is quarantined and a new pass runs without
/// it. The stuck thread is a background thread, so it never holds up shutdown, and it re-checks its cancellation
/// before touching the index, so when it wakes it changes nothing.</item>
/// </list>
/// A pass stuck elsewhere (committing: the disk itself hangs) is waited for, since a second pass would queue behind
/// the same index writer; its report ends when it does. A quarantine is reported until restart.
/// </summary>
public sealed class PassWatchdog(IndexStatus status, ReindexRequests requests, SourceQuarantine quarantine, TimeSpan stallTimeout, ILogger logger, IPassMetrics? metrics = null)
{
    // A stall that quarantined a file stays reported until restart (the file is still unread); others end with their pass.
    private string? _standing;

    /// <summary>Runs one pass to its end or its abandonment. True when it was abandoned (run another one at once).</summary>
    public Task<bool> RunAsync(SeedSynchronizer synchronizer, CancellationToken stoppingToken) =>
        RunAsync((progress, token) => synchronizer.Synchronize(progress, token), stoppingToken);

    /// <inheritdoc cref="RunAsync(SeedSynchronizer, CancellationToken)"/>
    public async Task<bool> RunAsync(Func<PassProgress, CancellationToken, SyncReport> pass, CancellationToken stoppingToken)
    {
        var waiting = requests.BeginPass();
        var progress = new PassProgress();
        var abandon = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);

        // A dedicated background thread, not the worker's: a pass blocked in a system call holds only itself.
        var running = Task.Factory.StartNew(() => pass(progress, abandon.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var reported = false;
        while (true)
        {
            await Task.WhenAny(running, Task.Delay(CheckInterval, stoppingToken));
            if (running.IsCompleted)
            {
                abandon.Dispose();
                Complete(running, waiting, stoppingToken);
                return false;
            }

            if (stoppingToken.IsCancellationRequested)
            {
                // Shutting down: whatever was committed stays, the rest is redone at the next start.
                Abandon(running, abandon);
                waiting.TrySetCanceled(stoppingToken);
                return false;
            }

            if (reported || progress.SilentFor < stallTimeout)
            {
                continue;
            }

            reported = true;
            var (stage, item) = progress.Current;
            var message = $"An indexing pass has made no progress for {stallTimeout.TotalSeconds:0.#} s while {progress} (Search:StallTimeout)";
            if (stage == PassStage.Reading && item is not null)
            {
                message += "; that file is skipped until the service restarts and indexing goes on without it.";
                quarantine.Add(item, $"reading it made no progress for {stallTimeout.TotalSeconds:0.#} s (a hung mount or a file that never answers); skipped until the service restarts");
            }
            else
            {
                message += "; the service keeps serving the last committed index.";
            }

            logger.LogError("{Message}", message);
            status.RecordStall(message);
            status.MarkReady();
            waiting.TrySetException(new IndexingStalledException(message));
            if (stage == PassStage.Reading && item is not null)
            {
                _standing = message;
                Abandon(running, abandon);
                return true;
            }
        }
    }

    private void EndStall()
    {
        if (_standing is null)
        {
            status.ClearStall();
        }
        else
        {
            status.RecordStall(_standing);
        }
    }

    private TimeSpan CheckInterval => TimeSpan.FromTicks(Math.Clamp(stallTimeout.Ticks / 4, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));

    private void Complete(Task<SyncReport> pass, TaskCompletionSource<SyncReport> waiting, CancellationToken stoppingToken)
    {
        if (pass.IsCompletedSuccessfully)
        {
            EndStall();
            status.RecordSync(pass.Result);
            metrics?.RecordPass(pass.Result);
            waiting.TrySetResult(pass.Result);
            return;
        }

        var error = pass.Exception?.GetBaseException();
        if (error is OperationCanceledException || pass.IsCanceled)
        {
            waiting.TrySetCanceled(stoppingToken.IsCancellationRequested ? stoppingToken : CancellationToken.None);
            return;
        }

        logger.LogError(error, "Indexing pass failed; the index keeps serving its last committed state");
        EndStall();
        status.RecordFailure($"Indexing failed: {error?.Message}");
        waiting.TrySetException(new InvalidOperationException(PublicText.WithoutPaths($"Indexing failed: {error?.Message}")));
    }

    // The thread may never return; when it does, its outcome is only logged and the token source released.
    private void Abandon(Task<SyncReport> running, CancellationTokenSource abandon)
    {
        abandon.Cancel();
        _ = running.ContinueWith(
            finished =>
            {
                abandon.Dispose();
                if (finished.Exception?.GetBaseException() is { } error and not OperationCanceledException)
                {
                    logger.LogWarning(error, "An abandoned indexing pass ended with an error");
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}

/// <summary>The indexing pass someone waited for stopped making progress; /health/ready says where.</summary>
public sealed class IndexingStalledException(string message) : TimeoutException(message);
