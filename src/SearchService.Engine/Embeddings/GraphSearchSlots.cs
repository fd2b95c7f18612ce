using System.Runtime.InteropServices;
using Cloud.Unum.USearch;

namespace SearchService.Engine.Embeddings;

/// <summary>
/// Bounds the concurrent searches of one USearch graph to the search contexts reserved for it. USearch takes one of a
/// fixed pool of per-thread contexts for every search and fails ("Reserve capacity ahead of searches!") instead of
/// waiting when all are taken, so a service answering more semantic queries at once than the pool holds returned
/// 500s. The pool is reserved here (the C# binding does not expose it) and a search beyond it waits for a context:
/// one per core, as more graph walks at once than cores only queue for a core anyway.
/// </summary>
internal sealed class GraphSearchSlots : IDisposable
{
    private const string Library = "libusearch_c";

    private readonly SemaphoreSlim _free;

    private GraphSearchSlots(int count) => _free = new SemaphoreSlim(count, count);

    /// <summary>How many searches of one graph run at once.</summary>
    public static int Count { get; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Reserves <see cref="Count"/> search contexts in <paramref name="index"/> and gates its searches to them.</summary>
    public static GraphSearchSlots Reserve(USearchIndex index)
    {
        usearch_change_threads_search(ConcurrentGraphBuild.NativeHandle(index), (UIntPtr)Count, out var error);
        GC.KeepAlive(index);
        ConcurrentGraphBuild.ThrowIfFailed(error);
        return new GraphSearchSlots(Count);
    }

    /// <summary>Runs <paramref name="search"/> once a context is free.</summary>
    public T Run<TState, T>(TState state, Func<TState, T> search)
    {
        _free.Wait();
        try
        {
            return search(state);
        }
        finally
        {
            _free.Release();
        }
    }

    public void Dispose() => _free.Dispose();

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern void usearch_change_threads_search(IntPtr index, UIntPtr threads, out IntPtr error);
}
