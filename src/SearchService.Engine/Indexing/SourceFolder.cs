using Microsoft.Win32.SafeHandles;
using Mono.Unix.Native;

namespace SearchService.Engine.Indexing;

/// <summary>
/// The sources folder, with its real path (every link resolved), and the only way a source file is opened: what is
/// opened must be a regular file whose real path lies inside the folder. A link that leads elsewhere
/// (<c>ln -s /etc/shadow seeds/x.txt</c>), a FIFO, a device, a socket or a directory is refused before a byte is read.
/// </summary>
/// <remarks>
/// On Linux the check and the read are about the same inode: the entry is opened with <c>O_PATH</c> (which neither
/// blocks on a FIFO nor has a device's open side effects), its type is read with <c>fstat</c> and its real path from
/// <c>/proc/self/fd</c>, and only then is it re-opened for reading through that descriptor, so swapping the file for
/// a link or a FIFO between the check and the read changes nothing. The BCL exposes neither file types nor
/// <c>O_PATH</c>, hence Mono.Unix. Elsewhere the BCL's link resolution is used (without the FIFO guarantee).
/// </remarks>
internal sealed class SourceFolder
{
    private SourceFolder(string path, string realPath)
    {
        Path = path;
        RealPath = realPath;
    }

    public string Path { get; }

    /// <summary>The folder with every link resolved; a source's real path must lie inside it.</summary>
    public string RealPath { get; }

    /// <summary>The folder, or null when it does not exist (or is not a directory).</summary>
    public static SourceFolder? Find(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(full))
        {
            return null;
        }

        var real = RealPathOf(full) ?? full;
        return new SourceFolder(full, System.IO.Path.TrimEndingDirectorySeparator(real));
    }

    /// <summary>Opens a file of the folder for reading, or throws <see cref="UnindexableSourceException"/> saying why not.</summary>
    public SafeFileHandle OpenRegularFile(string path) =>
        OperatingSystem.IsLinux() ? OpenOnLinux(path) : OpenPortably(path);

    private SafeFileHandle OpenOnLinux(string path)
    {
        var descriptor = Syscall.open(path, OpenFlags.O_PATH | OpenFlags.O_CLOEXEC);
        if (descriptor < 0)
        {
            throw new UnindexableSourceException(OpenFailure(Stdlib.GetLastError()));
        }

        try
        {
            if (Syscall.fstat(descriptor, out var status) != 0)
            {
                throw new UnindexableSourceException(OpenFailure(Stdlib.GetLastError()));
            }

            var real = Mono.Unix.UnixPath.ReadLink($"/proc/self/fd/{descriptor}");
            if (!IsInside(real))
            {
                throw new UnindexableSourceException(LeavesFolder);
            }

            var type = status.st_mode & FilePermissions.S_IFMT;
            if (type != FilePermissions.S_IFREG)
            {
                throw new UnindexableSourceException(NotRegular(Describe(type)));
            }

            // Re-opening through the descriptor opens the very inode checked above, never whatever the name is now.
            return File.OpenHandle($"/proc/self/fd/{descriptor}", FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        finally
        {
            Syscall.close(descriptor);
        }
    }

    private SafeFileHandle OpenPortably(string path)
    {
        var info = new FileInfo(path);
        var target = info.LinkTarget is null ? info : info.ResolveLinkTarget(returnFinalTarget: true);
        if (target is null || !target.Exists)
        {
            throw new UnindexableSourceException(Disappeared);
        }

        var real = RealPathOf(target.FullName) ?? target.FullName;
        if (!IsInside(real))
        {
            throw new UnindexableSourceException(LeavesFolder);
        }

        if (target is not FileInfo || (target.Attributes & (FileAttributes.Directory | FileAttributes.Device)) != 0)
        {
            throw new UnindexableSourceException(NotRegular("a directory or device"));
        }

        return File.OpenHandle(real, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
    }

    public const string LeavesFolder = "a link that leads outside the sources folder; not read";

    public const string Disappeared = "the file disappeared or is a broken link";

    public static string NotRegular(string what) => $"not a regular file ({what}); not read";

    private bool IsInside(string real) =>
        real.StartsWith(RealPath + System.IO.Path.DirectorySeparatorChar, OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);

    private static string Describe(FilePermissions type) => type switch
    {
        FilePermissions.S_IFIFO => "a FIFO (named pipe)",
        FilePermissions.S_IFCHR => "a character device",
        FilePermissions.S_IFBLK => "a block device",
        FilePermissions.S_IFSOCK => "a socket",
        FilePermissions.S_IFDIR => "a directory",
        _ => "a special file",
    };

    private static string OpenFailure(Errno error) => error switch
    {
        Errno.ENOENT or Errno.ENOTDIR => Disappeared,
        Errno.ELOOP => "a link loop",
        Errno.EACCES or Errno.EPERM => "permission denied",
        _ => $"cannot be opened ({error})",
    };

    /// <summary>The path with every link resolved (Linux: the kernel's answer for an <c>O_PATH</c> descriptor).</summary>
    private static string? RealPathOf(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            var descriptor = Syscall.open(path, OpenFlags.O_PATH | OpenFlags.O_CLOEXEC);
            if (descriptor < 0)
            {
                return null;
            }

            try
            {
                return Mono.Unix.UnixPath.ReadLink($"/proc/self/fd/{descriptor}");
            }
            finally
            {
                Syscall.close(descriptor);
            }
        }

        var info = new DirectoryInfo(path);
        return info.LinkTarget is null ? info.FullName : info.ResolveLinkTarget(returnFinalTarget: true)?.FullName;
    }
}
