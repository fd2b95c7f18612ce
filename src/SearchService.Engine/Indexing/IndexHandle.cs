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

    public void Publish(LuceneIndex index) => _current = index;

    public void Dispose() => Interlocked.Exchange(ref _current, null)?.Dispose();
}

/// <summary>The index is still being opened or built.</summary>
public sealed class IndexNotReadyException() : Exception("The index is not ready yet; retry shortly.");
