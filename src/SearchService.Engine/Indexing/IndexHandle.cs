namespace SearchService.Engine.Indexing;

/// <summary>
/// The index the service is serving, once the worker has opened it. Requests that arrive earlier get an
/// <see cref="IndexNotReadyException"/> (a 503), never a half-open index.
/// </summary>
public sealed class IndexHandle : IDisposable
{
    private volatile LuceneIndex? _current;

    public bool IsOpen => _current is not null;

    public LuceneIndex Current => _current ?? throw new IndexNotReadyException();

    /// <summary>The index, or null while none is open (starting, or being reopened after its folder was deleted).</summary>
    public LuceneIndex? TryGetCurrent() => _current;

    public void Publish(LuceneIndex index) => _current = index;

    /// <summary>Stops handing out the current index (requests get a 503 until the next <see cref="Publish"/>) and returns it.</summary>
    public LuceneIndex? Withdraw() => Interlocked.Exchange(ref _current, null);

    public void Dispose() => Interlocked.Exchange(ref _current, null)?.Dispose();
}

/// <summary>The index is still being opened or built.</summary>
public sealed class IndexNotReadyException() : Exception("The index is not ready yet; retry shortly.");
