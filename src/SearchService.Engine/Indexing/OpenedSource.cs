using Microsoft.Win32.SafeHandles;

namespace SearchService.Engine.Indexing;

/// <summary>
/// A source file opened for reading after <see cref="SourceFolder"/> has checked it is a regular file inside the
/// folder. Its size and time come from the open handle (so they describe what is read); the read stops one byte past
/// the limit whatever the size said, so a file that grows, or lies about its size, cannot exhaust memory.
/// </summary>
internal sealed class OpenedSource : IDisposable
{
    private const int ChunkBytes = 81920;
    private readonly SafeFileHandle _handle;

    private OpenedSource(string path, SafeFileHandle handle)
    {
        Path = path;
        _handle = handle;
        Length = RandomAccess.GetLength(handle);
        ModifiedUtc = File.GetLastWriteTimeUtc(handle);
    }

    public string Path { get; }

    public long Length { get; }

    public DateTime ModifiedUtc { get; }

    public static OpenedSource Open(SourceFolder folder, string path) => new(path, folder.OpenRegularFile(path));

    /// <summary>Reads the whole file, refusing (with <see cref="UnindexableSourceException"/>) one larger than <paramref name="maxBytes"/>.</summary>
    public SourceFile Read(long maxBytes)
    {
        if (Length > maxBytes)
        {
            throw new UnindexableSourceException(SourceFile.TooLarge(Length, maxBytes));
        }

        return SourceFile.FromBytes(Path, ReadCapped(maxBytes), ModifiedUtc);
    }

    private byte[] ReadCapped(long maxBytes)
    {
        // Sized from the stated length, but never trusted beyond the cap (a size of 0 says nothing about /dev/zero).
        using var buffer = new MemoryStream((int)Math.Clamp(Math.Min(Length, maxBytes), 0, int.MaxValue / 2) + 1);
        var chunk = new byte[ChunkBytes];
        long offset = 0;
        while (true)
        {
            var read = RandomAccess.Read(_handle, chunk, offset);
            if (read == 0)
            {
                return buffer.ToArray();
            }

            offset += read;
            if (offset > maxBytes)
            {
                throw new UnindexableSourceException(SourceFile.TooLarge(offset, maxBytes) + "; it grew while being read");
            }

            buffer.Write(chunk, 0, read);
        }
    }

    public void Dispose() => _handle.Dispose();
}
