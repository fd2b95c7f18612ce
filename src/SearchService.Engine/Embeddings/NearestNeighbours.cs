using System.Security.Cryptography;
using Cloud.Unum.USearch;

namespace SearchService.Engine.Embeddings;

/// <summary>
/// An approximate nearest-neighbour index (HNSW, USearch) over the rows of one <see cref="VectorMatrix"/>, for
/// semantic candidates once a corpus is too large for the exact scan to be cheap
/// (<see cref="Encoder.EncoderOptions.AnnThreshold"/>). It only proposes rows: the caller scores them with the same
/// exact dot product as the scan, so a passage's score never depends on which path found it; only which passages
/// are found can differ (recall, measured in docs/benchmarks.md).
/// <para>
/// Persisted beside the vectors of its generation (<see cref="Save"/>: the file and a SHA-256 of it, checked before
/// the native library reads it, so a torn or corrupt file is rebuilt instead of loaded).
/// </para>
/// </summary>
public sealed class NearestNeighbours : IDisposable
{
    /// <summary>How many more neighbours a filtered search asks for, per round, than it still needs.</summary>
    private const int FilterOversampling = 4;

    private readonly USearchIndex _index;
    private readonly GraphSearchSlots _slots;
    private readonly VectorMatrix _vectors;
    private readonly int _beam;
    private readonly int _rescore;

    private NearestNeighbours(USearchIndex index, VectorMatrix vectors, GraphBuild built, GraphOptions search)
    {
        _index = index;
        _slots = GraphSearchSlots.Reserve(index);
        _vectors = vectors;
        Built = built;
        _beam = search.ExpansionSearch;
        _rescore = search.RescoreCandidates;
    }

    public int Count => _vectors.Count;

    /// <summary>The settings this graph was built with (a loaded graph: those saved with it, whatever is configured now).</summary>
    public GraphBuild Built { get; }

    /// <summary>The file beside a saved graph that records the settings it was built with.</summary>
    public static string SettingsPath(string path) => path + ".json";

    /// <summary>
    /// Builds the graph over every row of <paramref name="vectors"/> (unit length; cosine) with one insertion thread
    /// per core (<see cref="ConcurrentGraphBuild"/>): single-threaded, a million rows took hours.
    /// </summary>
    public static NearestNeighbours Build(VectorMatrix vectors, GraphOptions? options = null)
    {
        options ??= new GraphOptions();
        var built = options.Build;
        var index = new USearchIndex(MetricKind.Cos, ScalarOf(built.Quantization), (ulong)vectors.Dimensions, (ulong)built.Connectivity, (ulong)built.ExpansionAdd, (ulong)options.ExpansionSearch, false);
        try
        {
            ConcurrentGraphBuild.AddAll(index, vectors, Environment.ProcessorCount);
            return new NearestNeighbours(index, vectors, built, options);
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The index saved at <paramref name="path"/> for exactly these <paramref name="vectors"/>, or null when it is
    /// missing, fails its checksum, or does not match their count and dimensions (the caller builds it again).
    /// The file is memory-mapped (USearch's view), not copied: it is read-only once saved, and a replacement is
    /// renamed over it (a new file), so the mapping never sees a change. The checksum is checked before the native
    /// library reads a byte of it, so a torn or corrupt file is refused rather than served. Its build settings are the
    /// ones saved beside it (<see cref="SettingsPath"/>; none: <see cref="GraphBuild.Original"/>, a graph saved before
    /// they were options), and are checked against the file's own connectivity; it searches with
    /// <paramref name="options"/>' beam.
    /// </summary>
    public static NearestNeighbours? TryLoad(string path, VectorMatrix vectors, GraphOptions? options = null)
    {
        try
        {
            if (!File.Exists(path) || !File.Exists(path + ".sha256"))
            {
                return null;
            }

            var expected = File.ReadAllText(path + ".sha256").Trim();
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan))
            {
                if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(stream)), expected, StringComparison.Ordinal))
                {
                    return null;
                }
            }

            var built = ReadSettings(path);
            if (built is null)
            {
                return null;
            }

            var index = new USearchIndex(path, view: true);
            if (index.Size() != (ulong)vectors.Count || index.Dimensions() != (ulong)vectors.Dimensions || index.Connectivity() != (ulong)built.Connectivity)
            {
                index.Dispose();
                return null;
            }

            try
            {
                return new NearestNeighbours(index, vectors, built, options ?? new GraphOptions());
            }
            catch
            {
                index.Dispose();
                throw;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or USearchException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>Writes the index and its checksum (into a folder the caller renames into place, or renamed here).</summary>
    public void Save(string path)
    {
        var temporary = path + ".tmp";
        _index.Save(temporary);
        string hash;
        using (var stream = new FileStream(temporary, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            hash = Convert.ToHexStringLower(SHA256.HashData(stream));
            stream.Flush(flushToDisk: true);
        }

        // Both before the rename: a stop in between leaves the old graph beside a checksum that refuses it (rebuilt).
        File.WriteAllText(path + ".sha256", hash);
        File.WriteAllText(SettingsPath(path), System.Text.Json.JsonSerializer.Serialize(Built));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The saved settings of the graph at <paramref name="path"/>; null when the file is unreadable.</summary>
    private static GraphBuild? ReadSettings(string path)
    {
        var settings = SettingsPath(path);
        if (!File.Exists(settings))
        {
            return GraphBuild.Original;
        }

        var built = System.Text.Json.JsonSerializer.Deserialize<GraphBuild>(File.ReadAllText(settings));
        return built is { Connectivity: >= GraphOptions.MinConnectivity and <= GraphOptions.MaxConnectivity } && Enum.IsDefined(built.Quantization) ? built : null;
    }

    /// <summary>
    /// Up to <paramref name="k"/> rows nearest to <paramref name="query"/>, best first by the exact dot product
    /// (ties by row), written into <paramref name="results"/>; returns how many. Rows <paramref name="allowRow"/>
    /// refuses are skipped: the seam for filtered search (an allowed-row set), served by asking the graph for more
    /// neighbours until enough allowed ones are found or every row was offered.
    /// </summary>
    public int Search(float[] query, int k, Span<(int Row, float Score)> results, Func<int, bool>? allowRow = null) =>
        Search(query, k, results, allowRow, _beam, _rescore);

    /// <param name="beam">Candidates asked of the graph (at least k): the search-time expansion, varied by the benchmarks.</param>
    /// <param name="rescore">Candidates scored exactly, the graph's nearest first (at least k; 0: every one).</param>
    internal int Search(float[] query, int k, Span<(int Row, float Score)> results, Func<int, bool>? allowRow, int beam, int rescore = 0)
    {
        k = Math.Min(Math.Min(k, Count), results.Length);
        if (k <= 0)
        {
            return 0;
        }

        int found;
        // At least the configured beam's worth: USearch widens its beam to the count asked, and a graph opened from its
        // file searches with the library's default beam, not the configured one (the binding's load passes no options), so
        // asking for k alone made a restarted service's recall@10 drop (0.94 of the exact scan at 100k LSA passages).
        var asked = (int)Math.Min(Count, Math.Max(k, (long)beam));
        while (true)
        {
            var (count, keys) = _slots.Run((Index: _index, Query: query, Asked: asked), static s =>
            {
                var n = s.Index.Search(s.Query, s.Asked, out var found, out _);
                return (n, found);
            });
            found = ScoreBest(query, keys.AsSpan(0, count), k, rescore > 0 ? Math.Max(k, rescore) : int.MaxValue, results, allowRow);
            if (found >= k || count < asked || asked >= Count)
            {
                break;
            }

            asked = (int)Math.Min(Count, (long)asked * FilterOversampling);
        }

        return found;
    }

    /// <summary>
    /// Scores every allowed candidate the graph returned exactly and keeps the best k, best first: the graph's vectors
    /// are quantized (<see cref="GraphOptions.Quantization"/>), so its own order is only approximate, and the beam's candidates
    /// beyond its k nearest recover what quantization misorders.
    /// </summary>
    /// <remarks>
    /// At most <paramref name="limit"/> candidates are scored, in the graph's order (nearest first by its quantized
    /// distance): at a million rows each exact score is a positional read of the row (<see cref="VectorRowFile"/>).
    /// </remarks>
    private int ScoreBest(float[] query, ReadOnlySpan<ulong> keys, int k, int limit, Span<(int Row, float Score)> results, Func<int, bool>? allowRow)
    {
        var scored = System.Buffers.ArrayPool<(int Row, float Score)>.Shared.Rent(Math.Max(1, keys.Length));
        try
        {
            var n = 0;
            foreach (var key in keys)
            {
                var row = (int)key;
                if (allowRow is null || allowRow(row))
                {
                    scored[n++] = (row, _vectors.Dot(query, row));
                    if (n == limit)
                    {
                        break;
                    }
                }
            }

            var best = scored.AsSpan(0, n);
            best.Sort(ByScoreThenRow);
            var found = Math.Min(k, n);
            best[..found].CopyTo(results);
            return found;
        }
        finally
        {
            System.Buffers.ArrayPool<(int Row, float Score)>.Shared.Return(scored);
        }
    }

    private static int ByScoreThenRow((int Row, float Score) a, (int Row, float Score) b) =>
        a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Row.CompareTo(b.Row);

    public void Dispose()
    {
        _index.Dispose();
        _slots.Dispose();
    }

    /// <summary>
    /// The graph keeps its own copy of every vector (in its file, mapped at serving time), by default in 8-bit
    /// integers, a quarter of float32 (1M × 128 dimensions: 128 MB instead of 512 MB): it only proposes candidates,
    /// which are scored exactly from the float matrix.
    /// </summary>
    internal static ScalarKind ScalarOf(GraphQuantization quantization) => quantization switch
    {
        GraphQuantization.Int8 => ScalarKind.Int8,
        GraphQuantization.Float16 => ScalarKind.Float16,
        GraphQuantization.Float32 => ScalarKind.Float32,
        _ => throw new ArgumentOutOfRangeException(nameof(quantization), quantization, "Not a graph quantization."),
    };
}
