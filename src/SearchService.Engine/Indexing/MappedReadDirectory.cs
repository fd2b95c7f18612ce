using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using Lucene.Net.Store;

namespace SearchService.Engine.Indexing;

/// <summary>
/// An <see cref="FSDirectory"/> that reads index files through read-only memory maps: a read is a bounds check and
/// a copy from the page cache, with no system call and no buffer per input. At 100,000 passages the
/// positional-read directory it replaces spent about half of a lexical query's CPU in <c>pread</c> calls
/// refilling 1 KB buffers of postings (docs/benchmarks.md, "Lexical at 100k"). Writing is <see cref="FSDirectory"/>'s
/// own. The bytes read are the same, so rankings cannot change.
/// </summary>
/// <remarks>
/// Lucene.Net 4.8's own <see cref="MMapDirectory"/> can crash (lucenenet #1013): it unmaps a file when the original
/// input is closed while clones (which Lucene never closes) may still read it. Here a map is released only by its
/// finalizer, i.e. when no input — original or clone — references it any more, so a read can never touch unmapped
/// memory. The cost: the pages (and, for a deleted segment file, its disk space) are given back at the next garbage
/// collection after the last reader of the file is gone, rather than at once. Lucene writes every file once and never
/// changes it (a new commit writes new files), so a mapped file is never truncated under a reader.
/// </remarks>
internal sealed class MappedReadDirectory(DirectoryInfo path) : FSDirectory(path, null)
{
    public override IndexInput OpenInput(string name, IOContext context)
    {
        EnsureOpen();
        var file = Path.Combine(Directory.FullName, name);
        var map = MappedFile.Open(file);
        return new MappedIndexInput($"MappedIndexInput(path=\"{file}\")", map, 0, map.Length);
    }

    public override IndexInputSlicer CreateSlicer(string name, IOContext context)
    {
        EnsureOpen();
        var file = Path.Combine(Directory.FullName, name);
        return new Slicer(file, MappedFile.Open(file));
    }

    /// <summary>Slices of one compound file, all reading from the slicer's map.</summary>
    private sealed class Slicer(string file, MappedFile map) : IndexInputSlicer
    {
        public override IndexInput OpenSlice(string sliceDescription, long offset, long length)
        {
            if (offset < 0 || length < 0 || offset + length > map.Length)
            {
                throw new ArgumentException($"slice {offset}:{offset + length} out of bounds: {file} has {map.Length} bytes");
            }

            return new MappedIndexInput($"MappedIndexInput({sliceDescription} in path=\"{file}\" slice={offset}:{offset + length})", map, offset, length);
        }

        [Obsolete("Only for reading CFS files from 3.x indexes.")]
        public override IndexInput OpenFullSlice() => OpenSlice("full-slice", 0, map.Length);

        protected override void Dispose(bool disposing)
        {
            // The map goes with its last input (MappedFile's finalizer), not with the slicer.
        }
    }

    /// <summary>
    /// A read-only map of a whole file and the pointer to its first byte, unmapped by the finalizer: only once no
    /// input references it (inputs hold it in a field), so no read can outlive the mapping.
    /// </summary>
    private sealed unsafe class MappedFile
    {
        private readonly MemoryMappedFile? _file;
        private readonly MemoryMappedViewAccessor? _view;

        private MappedFile(MemoryMappedFile? file, MemoryMappedViewAccessor? view, byte* start, long length)
        {
            _file = file;
            _view = view;
            Start = start;
            Length = length;
        }

        ~MappedFile()
        {
            if (_view is not null)
            {
                _view.SafeMemoryMappedViewHandle.ReleasePointer();
                _view.Dispose();
            }

            _file?.Dispose();
        }

        public byte* Start { get; }

        public long Length { get; }

        public static MappedFile Open(string path)
        {
            // Sharing as FSDirectory's other inputs: the writer may delete a file that a searcher still reads.
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var length = RandomAccess.GetLength(handle);
            if (length == 0)
            {
                // Nothing to map (mmap refuses empty files); every read of it is past the end anyway.
                return new MappedFile(null, null, null, 0);
            }

            // The map keeps the file open on its own; the handle is closed when this method returns.
            var file = MemoryMappedFile.CreateFromFile(handle, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
            MemoryMappedViewAccessor? view = null;
            try
            {
                view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
                byte* start = null;
                view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
                return new MappedFile(file, view, start + view.PointerOffset, length);
            }
            catch
            {
                view?.Dispose();
                file.Dispose();
                throw;
            }
        }
    }

    /// <summary>
    /// A window [offset, offset + length) of a mapped file. Clones share the map and keep it alive; disposing the
    /// original makes its own reads fail (<see cref="ObjectDisposedException"/>), never a clone's.
    /// </summary>
    private sealed unsafe class MappedIndexInput : IndexInput
    {
        private MappedFile _map;
        private byte* _start;
        private readonly long _length;

        // Readable bytes: _length while open, -1 once disposed (so every read fails its bounds check).
        private long _end;
        private long _position;

        public MappedIndexInput(string description, MappedFile map, long offset, long length)
            : base(description)
        {
            _map = map;
            _start = map.Start + offset;
            _length = length;
            _end = length;
        }

        public override long Length => _length;

        public override long Position => _position;

        public override void Seek(long pos)
        {
            if (pos < 0 || pos > _end)
            {
                throw Past(pos);
            }

            _position = pos;
        }

        public override byte ReadByte()
        {
            var at = _position;
            if (at >= _end)
            {
                throw Past(at + 1);
            }

            _position = at + 1;
            return _start[at];
        }

        public override void ReadBytes(byte[] b, int offset, int len)
        {
            var at = _position;
            if (len < 0 || at + len > _end)
            {
                throw Past(at + len);
            }

            new ReadOnlySpan<byte>(_start + at, len).CopyTo(b.AsSpan(offset, len));
            _position = at + len;
        }

        // Fixed-width big-endian reads in one step (DataInput's defaults assemble them a byte at a time).
        public override short ReadInt16() => BinaryPrimitives.ReadInt16BigEndian(Take(sizeof(short)));

        public override int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(Take(sizeof(int)));

        public override long ReadInt64() => BinaryPrimitives.ReadInt64BigEndian(Take(sizeof(long)));

        public override object Clone()
        {
            var clone = (MappedIndexInput)base.Clone();
            return clone;
        }

        protected override void Dispose(bool disposing)
        {
            // This input stops reading; the map itself lives on while clones reference it.
            _end = -1;
            _start = null;
            _map = null!;
        }

        private ReadOnlySpan<byte> Take(int count)
        {
            var at = _position;
            if (at + count > _end)
            {
                throw Past(at + count);
            }

            _position = at + count;
            return new ReadOnlySpan<byte>(_start + at, count);
        }

        private Exception Past(long position) => _end < 0
            ? new ObjectDisposedException(ToString(), "this input is closed")
            : new EndOfStreamException($"read past EOF: {this} (position {position}, length {_length})");
    }
}
