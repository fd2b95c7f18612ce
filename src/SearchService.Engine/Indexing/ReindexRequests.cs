namespace SearchService.Engine.Indexing;

/// <summary>
/// Lets callers (an admin endpoint, a test) ask the worker for an indexing pass now and wait until one that started
/// after the request has finished. Requests that arrive during a pass are served by the next one.
/// </summary>
public sealed class ReindexRequests
{
    private readonly Lock _gate = new();
    private TaskCompletionSource<SyncReport> _next = NewSource();
    private Action? _wake;

    /// <summary>Asks for a pass and returns its report once it has run.</summary>
    public Task<SyncReport> RequestAsync(CancellationToken cancellationToken = default)
    {
        Task<SyncReport> pending;
        Action? wake;
        lock (_gate)
        {
            pending = _next.Task;
            wake = _wake;
        }

        wake?.Invoke();
        return pending.WaitAsync(cancellationToken);
    }

    /// <summary>The worker registers how to be woken.</summary>
    internal void OnRequest(Action wake)
    {
        lock (_gate)
        {
            _wake = wake;
        }
    }

    /// <summary>Called by the worker just before a pass: requests from now on wait for the pass after this one.</summary>
    internal TaskCompletionSource<SyncReport> BeginPass()
    {
        lock (_gate)
        {
            var current = _next;
            _next = NewSource();
            return current;
        }
    }

    private static TaskCompletionSource<SyncReport> NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
