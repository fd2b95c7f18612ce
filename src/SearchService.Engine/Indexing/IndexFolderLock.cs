using System.Globalization;
using Lucene.Net.Store;

namespace SearchService.Engine.Indexing;

/// <summary>
/// One writing process per index folder, held for as long as the index is open. An OS lock on
/// <c>&lt;index&gt;/service.lock</c> (.NET's <see cref="FileShare.None"/> is <c>flock(LOCK_EX)</c> on Unix, a sharing
/// lock on Windows), so it excludes other processes and is released by the kernel however this one ends, SIGKILL
/// included. The file also names the holder's process id for the refusal message.
/// </summary>
/// <remarks>
/// Lucene's own <c>write.lock</c> is not enough: under Lucene.Net 4.8 a second process on Linux opened a writer on the
/// same folder, and both then corrupted each other's segments.
/// </remarks>
public sealed class IndexFolderLock : IDisposable
{
    public const string FileName = "service.lock";

    private readonly FileStream _stream;

    private IndexFolderLock(string folder, FileStream stream)
    {
        Folder = folder;
        _stream = stream;
    }

    public string Folder { get; }

    /// <summary>False once the folder or the lock file was deleted under the service (then the lock protects nothing).</summary>
    public bool IsIntact => File.Exists(Path.Combine(Folder, FileName));

    /// <summary>Takes the lock, creating the folder if needed, or throws <see cref="IndexFolderInUseException"/>.</summary>
    public static IndexFolderLock Acquire(string folder)
    {
        System.IO.Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(path))
        {
            throw new IndexFolderInUseException(folder, ReadHolder(path));
        }

        stream.SetLength(0);
        stream.Write(System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"));
        // Not forced to disk: other processes read the holder's id from the page cache, and after a crash the id
        // names a dead process anyway. An fsync here cost 200 ms of a restart on a busy disk.
        stream.Flush(flushToDisk: false);
        return new IndexFolderLock(folder, stream);
    }

    /// <summary>
    /// Why this process could not hold <paramref name="folder"/> now (another holds it), or null. Takes and releases
    /// the lock, so the answer can change right after; the lock taken when the index opens is the guarantee.
    /// </summary>
    public static string? FindHolder(string folder)
    {
        if (!File.Exists(Path.Combine(folder, FileName)))
        {
            return null;
        }

        try
        {
            using var probe = Acquire(folder);
            return null;
        }
        catch (IndexFolderInUseException inUse)
        {
            return inUse.Message;
        }
    }

    // Opened without .NET's own locking (which would itself be refused): the holder's flock is exclusive.
    private static string ReadHolder(string path)
    {
        try
        {
            using var stream = new Mono.Unix.UnixFileInfo(path).OpenRead();
            using var reader = new StreamReader(stream);
            var pid = reader.ReadLine()?.Trim();
            return string.IsNullOrEmpty(pid) ? "another process" : $"process {pid}";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Mono.Unix.UnixIOException or DllNotFoundException or EntryPointNotFoundException)
        {
            return "another process";
        }
    }

    public void Dispose() => _stream.Dispose();
}

/// <summary>Another process holds the index folder. Derives from Lucene's lock failure, which callers already treat as "in use".</summary>
public sealed class IndexFolderInUseException(string folder, string holder)
    : LockObtainFailedException($"The index folder {folder} is in use by {holder} (another SearchService instance); stop it, or point this one at another folder with Search:IndexPath.")
{
    public string Folder { get; } = folder;

    public string Holder { get; } = holder;
}
