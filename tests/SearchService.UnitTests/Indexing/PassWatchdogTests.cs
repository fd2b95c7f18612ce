using Microsoft.Extensions.Logging.Abstractions;
using SearchService.Engine.Indexing;

namespace SearchService.UnitTests.Indexing;

/// <summary>
/// A pass stuck in a call that never returns (modelled by a thread blocked on an event, as a read on a hung mount
/// blocks) is reported, releases whoever waits for it, and holds up neither later passes nor shutdown.
/// </summary>
public sealed class PassWatchdogTests
{
    private static readonly TimeSpan Stall = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly IndexStatus _status = new();
    private readonly ReindexRequests _requests = new();
    private readonly SourceQuarantine _quarantine = new();

    private PassWatchdog Watchdog => new(_status, _requests, _quarantine, Stall, NullLogger.Instance);

    [Fact]
    public async Task PassStuckReadingAFile_IsReportedAbandonedAndQuarantined_AndTheNextPassRuns()
    {
        using var never = new ManualResetEventSlim();
        var waiter = _requests.RequestAsync();
        var watchdog = Watchdog;
        var abandoned = await watchdog.RunAsync(
            (progress, _) =>
            {
                progress.Enter(PassStage.Reading, "stuck.txt");
                never.Wait();
                return Report();
            },
            CancellationToken.None).WaitAsync(Bound);

        Assert.True(abandoned);
        Assert.True(_status.IsReady);
        Assert.Contains("stuck.txt", _status.Stall, StringComparison.Ordinal);
        Assert.Contains("stuck.txt", _status.Problem, StringComparison.Ordinal);
        await Assert.ThrowsAsync<IndexingStalledException>(() => waiter.WaitAsync(Bound));
        Assert.NotNull(_quarantine.ReasonFor("stuck.txt"));

        var next = _requests.RequestAsync();
        var again = await watchdog.RunAsync((_, _) => Report(), CancellationToken.None).WaitAsync(Bound);

        // The next pass ran; the quarantined file stays reported until restart.
        Assert.False(again);
        Assert.Contains("stuck.txt", _status.Problem, StringComparison.Ordinal);
        Assert.NotNull(await next.WaitAsync(Bound));
    }

    [Fact]
    public async Task PassStuckCommitting_IsReported_ButWaitedFor()
    {
        using var release = new ManualResetEventSlim();
        var waiter = _requests.RequestAsync();
        var run = Watchdog.RunAsync(
            (progress, _) =>
            {
                progress.Enter(PassStage.Committing);
                release.Wait();
                return Report();
            },
            CancellationToken.None);

        await Assert.ThrowsAsync<IndexingStalledException>(() => waiter.WaitAsync(Bound));
        Assert.Contains("committing", _status.Stall, StringComparison.Ordinal);
        Assert.False(run.IsCompleted);

        release.Set();
        Assert.False(await run.WaitAsync(Bound));
        Assert.Null(_status.Stall);
    }

    [Fact]
    public async Task Shutdown_DoesNotWaitForAStuckPass()
    {
        using var never = new ManualResetEventSlim();
        using var stopping = new CancellationTokenSource();
        var waiter = _requests.RequestAsync();
        var run = Watchdog.RunAsync(
            (progress, _) =>
            {
                progress.Enter(PassStage.Committing);
                never.Wait();
                return Report();
            },
            stopping.Token);

        await Assert.ThrowsAsync<IndexingStalledException>(() => waiter.WaitAsync(Bound));
        stopping.Cancel();

        Assert.False(await run.WaitAsync(Bound));
    }

    private static SyncReport Report() => new([], [], [], 0, new Dictionary<string, SkippedSource>(), TimeSpan.Zero, DateTimeOffset.UtcNow);
}
