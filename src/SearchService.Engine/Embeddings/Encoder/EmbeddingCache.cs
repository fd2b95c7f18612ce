using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace SearchService.Engine.Embeddings.Encoder;

/// <summary>
/// Content-addressed passage vectors on disk (<see cref="EncoderOptions.CacheFolder"/>), so an evaluation run or a
/// test fixture that indexes texts another one already encoded does not encode them again. One sub-folder per
/// encoder fingerprint; each write is a new immutable file (temporary name, then renamed), so processes sharing
/// the folder never see half a file and never overwrite each other. Files are read once per process; later files
/// of other processes are picked up at the next lookup.
/// </summary>
public sealed class EmbeddingCache
{
    private static readonly ConcurrentDictionary<string, EmbeddingCache> Caches = new(StringComparer.Ordinal);

    private readonly string _folder;
    private readonly int _dimensions;
    private readonly ConcurrentDictionary<UInt128, float[]> _vectors = new();
    private readonly HashSet<string> _readFiles = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    private EmbeddingCache(string folder, int dimensions)
    {
        _folder = folder;
        _dimensions = dimensions;
    }

    /// <summary>The process-wide cache of <paramref name="encoder"/> in <paramref name="root"/>; null when no folder is set.</summary>
    public static EmbeddingCache? For(string? root, SentenceEncoder encoder)
    {
        if (string.IsNullOrWhiteSpace(root))
        {
            return null;
        }

        var folder = Path.Combine(SearchPaths.Resolve(root), FolderName(encoder.Fingerprint));
        return Caches.GetOrAdd(folder, f => new EmbeddingCache(f, encoder.Dimensions));
    }

    public int Count => _vectors.Count;

    /// <summary>A cached vector; call <see cref="Refresh"/> first to see what other processes wrote meanwhile.</summary>
    public bool TryGet(UInt128 hash, out float[] vector) => _vectors.TryGetValue(hash, out vector!);

    /// <summary>Every vector read or added so far (call <see cref="Refresh"/> first to include other processes' files).</summary>
    public IEnumerable<KeyValuePair<UInt128, float[]>> Entries => _vectors;

    /// <summary>Adds vectors (in memory at once, on disk as one new file).</summary>
    public void Add(IReadOnlyList<(UInt128 Hash, float[] Vector)> entries)
    {
        var fresh = entries.Where(e => _vectors.TryAdd(e.Hash, e.Vector)).ToList();
        if (fresh.Count == 0)
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(_folder);
            var name = $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.vec";
            var temporary = Path.Combine(_folder, name + ".tmp");
            using (var writer = new BinaryWriter(File.Create(temporary), Encoding.UTF8))
            {
                writer.Write(fresh.Count);
                writer.Write(_dimensions);
                foreach (var (hash, vector) in fresh)
                {
                    writer.Write(MemoryMarshal.AsBytes(new ReadOnlySpan<UInt128>(in hash)));
                    writer.Write(MemoryMarshal.AsBytes(vector.AsSpan()));
                }
            }

            lock (_gate)
            {
                _readFiles.Add(name);
            }

            File.Move(temporary, Path.Combine(_folder, name));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A cache that cannot be written costs only time: the vectors are in the index anyway.
        }
    }

    /// <summary>Reads the cache files not read yet (other processes' additions).</summary>
    public void Refresh()
    {
        if (!Directory.Exists(_folder))
        {
            return;
        }

        lock (_gate)
        {
            foreach (var file in Directory.EnumerateFiles(_folder, "*.vec"))
            {
                if (_readFiles.Add(Path.GetFileName(file)))
                {
                    ReadFile(file);
                }
            }
        }
    }

    private void ReadFile(string path)
    {
        try
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            var count = reader.ReadInt32();
            if (reader.ReadInt32() != _dimensions || count < 0)
            {
                return;
            }

            Span<byte> hash = stackalloc byte[16];
            for (var i = 0; i < count; i++)
            {
                reader.BaseStream.ReadExactly(hash);
                var vector = new float[_dimensions];
                reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(vector.AsSpan()));
                _vectors.TryAdd(MemoryMarshal.Read<UInt128>(hash), vector);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A damaged cache file is skipped; its texts are encoded again.
        }
    }

    // The fingerprint holds characters a file name may not; a short hash of it names the folder.
    private static string FolderName(string fingerprint) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fingerprint)))[..16];
}
