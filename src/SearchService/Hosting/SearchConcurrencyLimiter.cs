using System.Diagnostics;
using System.Threading.RateLimiting;

namespace SearchService.Hosting;

/// <summary>
/// The search concurrency limit, with the semantics of <see cref="ConcurrencyLimiter"/> in
/// <see cref="QueueProcessingOrder.OldestFirst"/> order: at most <c>permitLimit</c> permits held, then a FIFO queue of
/// at most <c>queueLimit</c> permits, then an immediate failed lease. Taking and returning a permit while nobody waits
/// is one compare-and-swap, where <see cref="ConcurrencyLimiter"/> takes its lock twice per request (acquire and
/// release): under load that lock was contended on every search (issue 19's HTTP profile). The queue, only used when
/// every permit is out, stays under a lock.
/// </summary>
/// <remarks>
/// No lost wake-up: a release adds its permits (a full fence) and then looks for waiters; a waiter is counted (a full
/// fence) before it drains the queue under the lock. Whichever comes second sees the other, so a returned permit
/// never sits free while a waiter is queued. A request arriving in the instant between can take a free permit ahead of
/// the queue; FIFO holds among the waiters.
/// </remarks>
public sealed class SearchConcurrencyLimiter : RateLimiter
{
    private readonly int _permitLimit;
    private readonly int _queueLimit;
    private readonly object _queueLock = new();
    private readonly LinkedList<Waiter> _queue = new();

    private int _available;
    private int _waiters;          // queued requests; changed under _queueLock, read without it
    private int _queuedPermits;    // under _queueLock
    private long _successfulLeases;
    private long _failedLeases;
    private long _idleSince = Stopwatch.GetTimestamp();
    private bool _disposed;

    public SearchConcurrencyLimiter(int permitLimit, int queueLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permitLimit, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(queueLimit);
        _permitLimit = permitLimit;
        _queueLimit = queueLimit;
        _available = permitLimit;
    }

    /// <summary>Null while a permit is out; otherwise how long every permit has been free.</summary>
    public override TimeSpan? IdleDuration =>
        Volatile.Read(ref _available) == _permitLimit ? Stopwatch.GetElapsedTime(Volatile.Read(ref _idleSince)) : null;

    public override RateLimiterStatistics? GetStatistics() => new()
    {
        CurrentAvailablePermits = Math.Max(0, Volatile.Read(ref _available)),
        CurrentQueuedCount = Volatile.Read(ref _queuedPermits),
        TotalFailedLeases = Interlocked.Read(ref _failedLeases),
        TotalSuccessfulLeases = Interlocked.Read(ref _successfulLeases),
    };

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        CheckPermitCount(permitCount);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (TryTakeAhead(permitCount, out var lease))
        {
            return lease;
        }

        Interlocked.Increment(ref _failedLeases);
        return Lease.Failed;
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        CheckPermitCount(permitCount);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (TryTakeAhead(permitCount, out var lease))
        {
            return ValueTask.FromResult(lease);
        }

        cancellationToken.ThrowIfCancellationRequested();
        Waiter waiter;
        lock (_queueLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_waiters == 0 && TryTake(permitCount))
            {
                return ValueTask.FromResult<RateLimitLease>(Granted(permitCount));
            }

            if (_queuedPermits + permitCount > _queueLimit)
            {
                Interlocked.Increment(ref _failedLeases);
                return ValueTask.FromResult<RateLimitLease>(Lease.Failed);
            }

            waiter = new Waiter(this, permitCount);
            waiter.Node = _queue.AddLast(waiter);
            _queuedPermits += permitCount;
            Interlocked.Increment(ref _waiters);   // a full fence before DrainQueue reads the permits
            // Registered under the lock (the lock is re-entrant if the token fires at once), so the registration is
            // set before anything can serve the waiter; serving unregisters without waiting for a running callback,
            // which may be blocked on this lock.
            waiter.Cancellation = cancellationToken.UnsafeRegister(static (state, token) => ((Waiter)state!).Limiter.Cancel((Waiter)state!, token), waiter);
            DrainQueue();
        }

        return new ValueTask<RateLimitLease>(waiter.Completion.Task);
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        lock (_queueLock)
        {
            _disposed = true;
            while (_queue.First is { } node)
            {
                Dequeue(node);
                node.Value.Cancellation.Unregister();
                node.Value.Completion.TrySetResult(Lease.Failed);
            }
        }
    }

    /// <summary>A permit when one is free and nobody is queued for one; a request for 0 permits only asks whether one is free.</summary>
    private bool TryTakeAhead(int permitCount, out RateLimitLease lease)
    {
        if (permitCount == 0)
        {
            lease = Volatile.Read(ref _available) > 0 ? Lease.Empty : Lease.Failed;
            return ReferenceEquals(lease, Lease.Empty);
        }

        if (Volatile.Read(ref _waiters) == 0 && TryTake(permitCount))
        {
            lease = Granted(permitCount);
            return true;
        }

        lease = Lease.Failed;
        return false;
    }

    private bool TryTake(int permitCount)
    {
        var available = Volatile.Read(ref _available);
        while (available >= permitCount)
        {
            var seen = Interlocked.CompareExchange(ref _available, available - permitCount, available);
            if (seen == available)
            {
                return true;
            }

            available = seen;
        }

        return false;
    }

    private Lease Granted(int permitCount)
    {
        Interlocked.Increment(ref _successfulLeases);
        return new Lease(this, permitCount);
    }

    private void Release(int permitCount)
    {
        if (Interlocked.Add(ref _available, permitCount) == _permitLimit)
        {
            Volatile.Write(ref _idleSince, Stopwatch.GetTimestamp());
        }

        // Interlocked.Add is a full fence: a waiter counted before it is seen here, and one counted after drains itself.
        if (Volatile.Read(ref _waiters) > 0)
        {
            lock (_queueLock)
            {
                DrainQueue();
            }
        }
    }

    /// <summary>Hands free permits to the oldest waiters, in order; under <see cref="_queueLock"/>.</summary>
    private void DrainQueue()
    {
        while (_queue.First is { } node && TryTake(node.Value.Permits))
        {
            Dequeue(node);
            node.Value.Cancellation.Unregister();
            if (!node.Value.Completion.TrySetResult(Granted(node.Value.Permits)))
            {
                Interlocked.Add(ref _available, node.Value.Permits);   // cancelled meanwhile: the permits go back
            }
        }
    }

    private void Cancel(Waiter waiter, CancellationToken token)
    {
        lock (_queueLock)
        {
            if (waiter.Node?.List is null)
            {
                return;   // already served, failed or cancelled
            }

            Dequeue(waiter.Node);
            DrainQueue();   // a waiter for more permits may have held up the ones behind it
        }

        waiter.Completion.TrySetCanceled(token);
    }

    private void Dequeue(LinkedListNode<Waiter> node)
    {
        _queue.Remove(node);
        _queuedPermits -= node.Value.Permits;
        Interlocked.Decrement(ref _waiters);
    }

    private void CheckPermitCount(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(permitCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, _permitLimit);
    }

    private sealed class Waiter(SearchConcurrencyLimiter limiter, int permits)
    {
        public SearchConcurrencyLimiter Limiter { get; } = limiter;

        public int Permits { get; } = permits;

        public TaskCompletionSource<RateLimitLease> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }

        public CancellationTokenRegistration Cancellation { get; set; }
    }

    /// <summary>A lease; disposing it (once counts) returns its permits.</summary>
    private sealed class Lease(SearchConcurrencyLimiter? limiter, int permits, bool acquired = true) : RateLimitLease
    {
        public static readonly Lease Failed = new(null, 0, acquired: false);
        public static readonly Lease Empty = new(null, 0);

        private SearchConcurrencyLimiter? _limiter = limiter;

        public override bool IsAcquired { get; } = acquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && Interlocked.Exchange(ref _limiter, null) is { } limiter)
            {
                limiter.Release(permits);
            }
        }
    }
}
