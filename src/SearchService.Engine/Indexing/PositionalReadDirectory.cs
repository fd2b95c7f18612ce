using Lucene.Net.Store;
using Microsoft.Win32.SafeHandles;

namespace SearchService.Engine.Indexing;

/// <summary>
/// An <see cref="FSDirectory"/> that reads with <see cref="RandomAccess.Read(SafeFileHandle, Span{byte}, long)"/>
/// (<c>pread</c>): no shared file position, so no lock, seek or <c>fstat</c> per read. It replaces
/// <see cref="NIOFSDirectory"/>, whose reads go through a J2N <c>ByteBuffer</c> adapter over a <c>FileStream</c> and
/// were 28 % of a seeds query's CPU (docs/benchmarks.md, "Profile"); <see cref="MMapDirectory"/> is not an option
/// under Lucene.Net 4.8 (lucenenet #1013). Writing is <see cref="FSDirectory"/>'s own. The bytes read are the same,
/// so rankings cannot change.
/// </summary>
internal sealed class PositionalReadDirectory(DirectoryInfo path) : FSDirectory(path, null)
{
    public override IndexInput OpenInput(string name, IOContext context)
    {
        EnsureOpen();
        var file = Path.Combine(Directory.FullName, name);
        var handle = OpenHandle(file);
        try
        {
            return new PositionalIndexInput($"PositionalIndexInput(path=\"{file}\")", handle, 0, RandomAccess.GetLength(handle), BufferedIndexInput.GetBufferSize(context), ownsHandle: true);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public override IndexInputSlicer CreateSlicer(string name, IOContext context)
    {
        EnsureOpen();
        var file = Path.Combine(Directory.FullName, name);
        return new Slicer(file, OpenHandle(file), BufferedIndexInput.GetBufferSize(context));
    }

    private static SafeFileHandle OpenHandle(string file) =>
        File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

    /// <summary>Slices of one compound file, all reading through the slicer's handle.</summary>
    private sealed class Slicer(string file, SafeFileHandle handle, int bufferSize) : IndexInputSlicer
    {
        public override IndexInput OpenSlice(string sliceDescription, long offset, long length) =>
            new PositionalIndexInput($"PositionalIndexInput({sliceDescription} in path=\"{file}\" slice={offset}:{offset + length})", handle, offset, length, bufferSize, ownsHandle: false);

        [Obsolete("Only for reading CFS files from 3.x indexes.")]
        public override IndexInput OpenFullSlice() => OpenSlice("full-slice", 0, RandomAccess.GetLength(handle));

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                handle.Dispose();
            }
        }
    }

    /// <summary>A window [offset, offset + length) of a file; clones share the handle and never close it.</summary>
    private sealed class PositionalIndexInput : BufferedIndexInput
    {
        private readonly SafeFileHandle _handle;
        private readonly long _offset;
        private readonly long _length;
        private bool _ownsHandle;

        public PositionalIndexInput(string description, SafeFileHandle handle, long offset, long length, int bufferSize, bool ownsHandle)
            : base(description, bufferSize)
        {
            _handle = handle;
            _offset = offset;
            _length = length;
            _ownsHandle = ownsHandle;
        }

        public override long Length => _length;

        public override object Clone()
        {
            var clone = (PositionalIndexInput)base.Clone();
            clone._ownsHandle = false;
            return clone;
        }

        protected override void ReadInternal(byte[] b, int offset, int length)
        {
            var position = Position;
            if (position + length > _length)
            {
                throw new EndOfStreamException($"read past EOF: {this}");
            }

            var target = b.AsSpan(offset, length);
            var at = _offset + position;
            while (!target.IsEmpty)
            {
                var read = RandomAccess.Read(_handle, target, at);
                if (read <= 0)
                {
                    throw new EndOfStreamException($"read past EOF: {this} at {at}");
                }

                target = target[read..];
                at += read;
            }
        }

        protected override void SeekInternal(long pos)
        {
            // Positional reads: nothing to move.
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && _ownsHandle)
            {
                _ownsHandle = false;
                _handle.Dispose();
            }
        }
    }
}
