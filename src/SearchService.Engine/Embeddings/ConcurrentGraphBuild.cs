using System.Reflection;
using System.Runtime.InteropServices;
using Cloud.Unum.USearch;

namespace SearchService.Engine.Embeddings;

/// <summary>
/// Inserts every row of a matrix into a USearch graph from several threads. The native library supports concurrent
/// <c>usearch_add</c> once capacity and per-thread contexts are reserved, but the C# binding (2.26.6) exposes neither:
/// its <c>Add</c> inserts one vector at a time and grows capacity as it goes, which made a million-row graph a
/// single-threaded job of hours. So the reservation and the adds go straight to the native library, on the binding's
/// own index handle. The graph is a valid HNSW graph either way; with more than one thread the insertion order, hence
/// the exact links, depends on scheduling, so two builds may propose slightly different candidates (scores do not
/// change: every candidate is scored exactly from the matrix).
/// </summary>
internal static class ConcurrentGraphBuild
{
    private const string Library = "libusearch_c";

    private static readonly FieldInfo Handle = typeof(USearchIndex).GetField("_index", BindingFlags.NonPublic | BindingFlags.Instance)
        ?? throw new InvalidOperationException("Cloud.Unum.USearch no longer keeps its native handle in _index: update ConcurrentGraphBuild.");

    public static void AddAll(USearchIndex index, VectorMatrix vectors, int threads)
    {
        if (vectors.Count == 0)
        {
            return;
        }

        threads = Math.Max(1, threads);
        var native = NativeHandle(index);
        usearch_reserve(native, (UIntPtr)vectors.Count, out var error);
        ThrowIfFailed(error);
        usearch_change_threads_add(native, (UIntPtr)threads, out error);
        ThrowIfFailed(error);
        var dimensions = vectors.Dimensions;
        // A file-backed matrix (a loaded generation whose graph is missing) is read into memory for the build.
        var pinned = GCHandle.Alloc(vectors.Data, GCHandleType.Pinned);
        try
        {
            var start = pinned.AddrOfPinnedObject();
            Parallel.For(0, vectors.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, row =>
            {
                usearch_add(native, (ulong)row, start + ((nint)row * dimensions * sizeof(float)), ScalarKind.Float32, out var failed);
                ThrowIfFailed(failed);
            });
        }
        finally
        {
            pinned.Free();
        }

        GC.KeepAlive(index);
    }

    /// <summary>The binding's native index handle (the binding exposes neither capacity nor thread reservations).</summary>
    internal static IntPtr NativeHandle(USearchIndex index) => (IntPtr)Handle.GetValue(index)!;

    internal static void ThrowIfFailed(IntPtr error)
    {
        if (error != IntPtr.Zero)
        {
            throw new USearchException($"USearch: {Marshal.PtrToStringAnsi(error)}");
        }
    }

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern void usearch_reserve(IntPtr index, UIntPtr capacity, out IntPtr error);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern void usearch_change_threads_add(IntPtr index, UIntPtr threads, out IntPtr error);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern void usearch_add(IntPtr index, ulong key, IntPtr vector, ScalarKind kind, out IntPtr error);
}
