using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace SearchService.Engine.Embeddings;

/// <summary>
/// The rows of a saved vector file, read with positional reads (<c>pread</c>) when a query asks for them, from the
/// page cache once warm. Not memory-mapped: on this kernel a mapped file's pages are mapped a large folio at a time,
/// so touching a few hundred random rows per query put the whole 512 MB file of a million rows into the process's
/// resident set within ten queries (docs/benchmarks.md, "Seventh session"); reads copy only the rows asked for.
/// </summary>
/// <remarks>
/// The handle stays open as long as the matrix is referenced (it is closed by its finalizer, never explicitly): a
/// query still holding an older generation keeps reading it after a newer one is published, and after its folder
/// is deleted (the file's data lives until the last handle closes; the handle is opened with delete sharing).
/// A generation's file is written once and renamed into place, never changed, so a read cannot see a partial write.
/// </remarks>
internal sealed class VectorRowFile
{
    private readonly SafeFileHandle _handle;
    private readonly long _firstRowOffset;
    private readonly int _dimensions;

    private VectorRowFile(SafeFileHandle handle, long firstRowOffset, int dimensions)
    {
        _handle = handle;
        _firstRowOffset = firstRowOffset;
        _dimensions = dimensions;
    }

    /// <summary>Opens <paramref name="path"/>, whose rows of <paramref name="dimensions"/> floats start at <paramref name="firstRowOffset"/>.</summary>
    public static VectorRowFile Open(string path, long firstRowOffset, int dimensions) =>
        new(File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.RandomAccess), firstRowOffset, dimensions);

    /// <summary>Fills <paramref name="destination"/> (whole rows) with the rows from <paramref name="firstRow"/> on.</summary>
    public void Read(int firstRow, Span<float> destination)
    {
        var bytes = MemoryMarshal.AsBytes(destination);
        var position = _firstRowOffset + ((long)firstRow * _dimensions * sizeof(float));
        while (!bytes.IsEmpty)
        {
            var read = RandomAccess.Read(_handle, bytes, position);
            if (read == 0)
            {
                throw new InvalidDataException($"The vector file ends before row {firstRow + (destination.Length / _dimensions)}.");
            }

            bytes = bytes[read..];
            position += read;
        }
    }
}
