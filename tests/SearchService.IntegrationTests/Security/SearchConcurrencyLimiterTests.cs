using System.Threading.RateLimiting;
using SearchService.Hosting;

namespace SearchService.IntegrationTests.Security;

/// <summary>
/// The search concurrency limiter keeps <see cref="ConcurrencyLimiter"/>'s OldestFirst semantics: permits, a bounded
/// FIFO queue, immediate failure beyond it, permits coming back when leases are disposed. No timing: every wait is on
/// a task's completion, never on a clock.
/// </summary>
public sealed class SearchConcurrencyLimiterTests
{
    [Fact]
    public void Permits_AreGrantedUpToTheLimit_ThenFail_AndComeBackWhenALeaseIsDisposed()
    {
        using var limiter = new SearchConcurrencyLimiter(permitLimit: 2, queueLimit: 0);

        using var first = limiter.AttemptAcquire();
        var second = limiter.AttemptAcquire();
        using var third = limiter.AttemptAcquire();

        Assert.True(first.IsAcquired);
        Assert.True(second.IsAcquired);
        Assert.False(third.IsAcquired);
        Assert.False(third.TryGetMetadata(MetadataName.RetryAfter, out _));

        second.Dispose();
        second.Dispose();   // disposing twice returns the permit once
        using var fourth = limiter.AttemptAcquire();
        using var fifth = limiter.AttemptAcquire();
        Assert.True(fourth.IsAcquired);
        Assert.False(fifth.IsAcquired);

        var stats = limiter.GetStatistics()!;
        Assert.Equal(0, stats.CurrentAvailablePermits);
        Assert.Equal(3, stats.TotalSuccessfulLeases);
        Assert.Equal(2, stats.TotalFailedLeases);
    }

    [Fact]
    public async Task FullQueue_RejectsTheNewest_AndWaitersAreServedOldestFirst()
    {
        using var limiter = new SearchConcurrencyLimiter(permitLimit: 1, queueLimit: 2);
        var holder = await limiter.AcquireAsync();
        Assert.True(holder.IsAcquired);

        var firstWaiter = limiter.AcquireAsync();
        var secondWaiter = limiter.AcquireAsync();
        var beyondQueue = limiter.AcquireAsync();

        Assert.False(firstWaiter.IsCompleted);
        Assert.False(secondWaiter.IsCompleted);
        Assert.True(beyondQueue.IsCompleted);
        Assert.False((await beyondQueue).IsAcquired);
        Assert.Equal(2, limiter.GetStatistics()!.CurrentQueuedCount);

        // A request that does not wait cannot take a freed permit ahead of the queue either.
        holder.Dispose();
        using var ahead = limiter.AttemptAcquire();
        Assert.False(ahead.IsAcquired);

        var first = await firstWaiter;
        Assert.True(first.IsAcquired);
        Assert.False(secondWaiter.IsCompleted);

        first.Dispose();
        using var second = await secondWaiter;
        Assert.True(second.IsAcquired);
        Assert.Equal(0, limiter.GetStatistics()!.CurrentQueuedCount);
    }

    [Fact]
    public async Task CancelledWaiter_LeavesTheQueue_AndThePermitGoesToTheNextOne()
    {
        using var limiter = new SearchConcurrencyLimiter(permitLimit: 1, queueLimit: 1);
        var holder = limiter.AttemptAcquire();
        using var cancellation = new CancellationTokenSource();

        var cancelled = limiter.AcquireAsync(1, cancellation.Token);
        using (var queueFull = await limiter.AcquireAsync())
        {
            Assert.False(queueFull.IsAcquired);
        }

        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await cancelled);

        var next = limiter.AcquireAsync();   // the cancelled waiter's queue slot is free again
        Assert.False(next.IsCompleted);
        holder.Dispose();
        using var lease = await next;
        Assert.True(lease.IsAcquired);
        Assert.Equal(0, limiter.GetStatistics()!.CurrentAvailablePermits);
    }

    [Fact]
    public async Task Disposing_FailsEveryWaiter_AndRefusesNewRequests()
    {
        var limiter = new SearchConcurrencyLimiter(permitLimit: 1, queueLimit: 4);
        using var holder = limiter.AttemptAcquire();
        var waiters = Enumerable.Range(0, 3).Select(_ => limiter.AcquireAsync().AsTask()).ToArray();

        limiter.Dispose();

        foreach (var waiter in waiters)
        {
            Assert.False((await waiter).IsAcquired);
        }
        Assert.Throws<ObjectDisposedException>(() => limiter.AttemptAcquire());
    }

    [Fact]
    public void IdleDuration_IsNullWhileAPermitIsOut()
    {
        using var limiter = new SearchConcurrencyLimiter(permitLimit: 2, queueLimit: 0);
        Assert.NotNull(limiter.IdleDuration);

        var lease = limiter.AttemptAcquire();
        Assert.Null(limiter.IdleDuration);

        lease.Dispose();
        Assert.NotNull(limiter.IdleDuration);
    }

    [Fact]
    public void PermitCounts_OutsideZeroToTheLimit_AreRejected()
    {
        using var limiter = new SearchConcurrencyLimiter(permitLimit: 2, queueLimit: 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => limiter.AttemptAcquire(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SearchConcurrencyLimiter(permitLimit: 0, queueLimit: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SearchConcurrencyLimiter(permitLimit: 1, queueLimit: -1));

        using var probe = limiter.AttemptAcquire(0);   // 0 permits: only asks whether one is free
        Assert.True(probe.IsAcquired);
        Assert.Equal(2, limiter.GetStatistics()!.CurrentAvailablePermits);
    }

    [Fact]
    public async Task ManyThreads_NeverHoldMoreThanTheLimit_AndEveryPermitComesBack()
    {
        const int limit = 3;
        using var limiter = new SearchConcurrencyLimiter(limit, queueLimit: 64);
        var held = 0;
        var mostHeld = 0;
        var granted = 0;

        async Task WorkerAsync()
        {
            for (var i = 0; i < 500; i++)
            {
                using var lease = i % 2 == 0 ? limiter.AttemptAcquire() : await limiter.AcquireAsync();
                if (!lease.IsAcquired)
                {
                    continue;
                }

                Interlocked.Increment(ref granted);
                var now = Interlocked.Increment(ref held);
                InterlockedMax(ref mostHeld, now);
                await Task.Yield();
                Interlocked.Decrement(ref held);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(WorkerAsync)));

        Assert.InRange(mostHeld, 1, limit);
        Assert.True(granted > 0);
        var stats = limiter.GetStatistics()!;
        Assert.Equal(limit, stats.CurrentAvailablePermits);
        Assert.Equal(0, stats.CurrentQueuedCount);
        Assert.Equal(granted, stats.TotalSuccessfulLeases);
        Assert.Equal(16 * 500, stats.TotalSuccessfulLeases + stats.TotalFailedLeases);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
