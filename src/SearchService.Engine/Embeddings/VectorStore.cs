using System.Text;
using System.Text.Json;

namespace SearchService.Engine.Embeddings;

/// <summary>
/// Persists vector generations beside the Lucene index: <c>vectors/gen-N/</c> holds the fitted model
/// (<c>model.zip</c>), the passage vectors (<c>vectors.bin</c>) and <c>meta.json</c>. A generation is written to a
/// temporary folder and renamed into place, and the Lucene commit that names it comes after, so a crash leaves
/// either the old pair or the new one; unnamed folders are removed at the next start.
/// </summary>
/// <param name="annThreshold">Generations with at least this many vectors get an approximate nearest-neighbour index (<c>ann.usearch</c>).</param>
/// <param name="backgroundAfter">
/// A loaded generation's background work (its model, its graph) starts once this completes successfully, and not at
/// all when it fails or is cancelled: the index open passes its own success here, so that the open, whose first run in
/// a fresh process is mostly JIT, has the cores to itself on the way to ready. Null: at once.
/// </param>
/// <param name="graph">How the graphs are built and searched (null: the defaults).</param>
public sealed class VectorStore(string indexPath, int annThreshold = int.MaxValue, Task? backgroundAfter = null, GraphOptions? graph = null)
{
    private readonly GraphOptions _graph = graph ?? new GraphOptions();

    private const string NearestFile = "ann.usearch";

    private const int FormatVersion = 1;
    private static readonly byte[] Magic = "SSVEC"u8.ToArray();

    public string Root { get; } = Path.Combine(indexPath, "vectors");

    public void Save(VectorSet set)
    {
        Directory.CreateDirectory(Root);
        var final = FolderOf(set.Generation);
        var temporary = final + ".tmp";
        if (Directory.Exists(temporary))
        {
            Directory.Delete(temporary, recursive: true);
        }

        Directory.CreateDirectory(temporary);
        set.Model.Save(Path.Combine(temporary, "model.zip"));
        WriteVectors(Path.Combine(temporary, "vectors.bin"), set);
        if (set.Vectors.Count >= annThreshold)
        {
            // A set loaded from disk may still be checking or building its graph: reuse it, not build a second, unless
            // it was built with other settings.
            set.NearestAttached.Wait();
            if (set.Nearest is null || set.Nearest.Built != _graph.Build)
            {
                set.Nearest = NearestNeighbours.Build(set.Vectors, _graph);
            }

            set.Nearest.Save(Path.Combine(temporary, NearestFile));
        }

        File.WriteAllText(Path.Combine(temporary, "meta.json"), JsonSerializer.Serialize(new VectorMeta(FormatVersion, set.Model.Fingerprint, set.ChangedSinceFit), VectorMetaJson.Default.VectorMeta));
        if (Directory.Exists(final))
        {
            Directory.Delete(final, recursive: true);
        }

        Directory.Move(temporary, final);
        set.RowMap = RowMapOf(set.Generation);
    }

    /// <summary>The doc → row map file of a generation (written beside its vectors once a reader has mapped them).</summary>
    internal RowMapFile RowMapOf(long generation) => new(Path.Combine(FolderOf(generation), "rows.bin"));

    /// <summary>The named generation, or null when it is missing or unreadable (the caller rebuilds it from the index).</summary>
    public VectorSet? TryLoad(long generation, out string? problem)
    {
        var folder = FolderOf(generation);
        problem = null;
        try
        {
            var meta = JsonSerializer.Deserialize(File.ReadAllText(Path.Combine(folder, "meta.json")), VectorMetaJson.Default.VectorMeta)!;
            if (meta.Version != FormatVersion)
            {
                problem = $"vector format {meta.Version}, expected {FormatVersion}";
                return null;
            }

            var modelPath = Path.Combine(folder, "model.zip");
            if (!File.Exists(modelPath))
            {
                problem = "model.zip is missing";
                return null;
            }

            var (ids, matrix) = ReadVectors(Path.Combine(folder, "vectors.bin"), annThreshold);
            var model = LoadInBackground(modelPath, meta.Fingerprint, matrix.Dimensions, backgroundAfter);
            var set = new VectorSet(generation, model, meta.Fingerprint, ids, matrix, meta.ChangedSinceFit) { RowMap = RowMapOf(generation) };
            if (matrix.Count >= annThreshold)
            {
                set.NearestAttached = AttachNearestInBackground(set, Path.Combine(folder, NearestFile), _graph, backgroundAfter);
            }

            return set;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or JsonException or UnauthorizedAccessException or InvalidOperationException or FormatException)
        {
            problem = ex.Message;
            return null;
        }
    }

    /// <summary>
    /// The model and vectors of a generation whose save was interrupted after both were written (<c>gen-N.tmp</c>
    /// holds <c>model.zip</c> and a complete <c>vectors.bin</c>; the graph and <c>meta.json</c> come later): what a
    /// stop during the graph build of a large corpus leaves, an hour of fitting and embedding at a million passages.
    /// Null when either is missing or incomplete. The model is read here (a later <see cref="Save"/> replaces the
    /// folder); the caller checks the ids against the index before it saves and names the generation. The set counts
    /// no passages changed since the fit (true of a refit, the only generation that takes that long).
    /// </summary>
    public VectorSet? TryLoadInterrupted(long generation, string fingerprint, out string? problem)
    {
        var folder = FolderOf(generation) + ".tmp";
        problem = null;
        try
        {
            var modelPath = Path.Combine(folder, "model.zip");
            if (!File.Exists(modelPath))
            {
                problem = "model.zip is missing";
                return null;
            }

            var (ids, matrix) = ReadVectors(Path.Combine(folder, "vectors.bin"));
            var model = EmbeddingModel.Load(modelPath, fingerprint);
            if (model.Dimensions != matrix.Dimensions)
            {
                problem = $"the model embeds in {model.Dimensions} dimensions, the vectors have {matrix.Dimensions}";
                return null;
            }

            return new VectorSet(generation, model, ids, matrix, 0);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException or InvalidOperationException or FormatException)
        {
            problem = ex.Message;
            return null;
        }
    }

    /// <summary>
    /// The generation's ML.NET model, read in the background once the index has opened, while it serves: only semantic queries
    /// and the next vector build need it, and they wait for it. A model that fails to load, or whose dimensions
    /// differ from the vectors', fails those (semantic retrieval unavailable; the indexer fits a new model).
    /// </summary>
    /// <remarks>Whoever needs the model before the background load has started loads it (the <see cref="Lazy{T}"/>).</remarks>
    private static Lazy<EmbeddingModel> LoadInBackground(string path, string fingerprint, int dimensions, Task? after)
    {
        var model = new Lazy<EmbeddingModel>(
            () =>
            {
                var loaded = EmbeddingModel.Load(path, fingerprint);
                return loaded.Dimensions == dimensions
                    ? loaded
                    : throw new InvalidDataException($"{path} embeds in {loaded.Dimensions} dimensions, the vectors have {dimensions}.");
            },
            LazyThreadSafetyMode.ExecutionAndPublication);
        _ = After(after, () =>
        {
            try
            {
                _ = model.Value;
            }
            catch (Exception)
            {
                // Kept by the Lazy and reported where the model is used (VectorSet.TryGetModel).
            }
        });
        return model;
    }

    /// <summary>
    /// Runs <paramref name="work"/> once <paramref name="after"/> has succeeded (at once without it); when it failed,
    /// never: the task returned is then cancelled. On a thread of its own, not a pool thread: it is up to a second of
    /// CPU, and on two cores a pool busy with it leaves requests (the first readiness probe) queued until the pool grows.
    /// </summary>
    private static Task After(Task? after, Action work) => after is null
        ? Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
        : after.ContinueWith(_ => work(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Deletes every generation folder except <paramref name="keep"/>.</summary>
    public void Prune(long keep)
    {
        if (!Directory.Exists(Root))
        {
            return;
        }

        foreach (var folder in Directory.EnumerateDirectories(Root).Where(f => !string.Equals(f, FolderOf(keep), StringComparison.Ordinal)))
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Still open elsewhere (a reader on another platform); the next prune takes it.
            }
        }
    }

    /// <summary>
    /// Checks the generation's saved graph and maps it, or builds (and saves) a missing or damaged one, in the
    /// background: the 63 MB checksum at 100k passages, let alone a build, is not on the path to ready. Until it is
    /// attached, semantic candidates come from the exact scan, so nothing unverified is ever searched. A graph saved
    /// with other build settings than <paramref name="graph"/>'s serves while one with these is built, then gives way
    /// to it (completing the task).
    /// </summary>
    /// <remarks>
    /// Cancelled, without a graph, when <paramref name="after"/> failed: that set is never served, and nothing waits
    /// forever for its graph.
    /// </remarks>
    private static Task AttachNearestInBackground(VectorSet set, string path, GraphOptions graph, Task? after) => After(after, () =>
    {
        try
        {
            var loaded = NearestNeighbours.TryLoad(path, set.Vectors, graph);
            if (loaded is not null)
            {
                set.Nearest = loaded;
                if (loaded.Built == graph.Build)
                {
                    return;
                }
            }

            // The graph it replaces is not disposed: a query may still be walking it (its finalizer unmaps it).
            set.Nearest = BuildAndSave(path, set.Vectors, graph);
        }
        catch (Exception ex) when (ex is Cloud.Unum.USearch.USearchException or OutOfMemoryException)
        {
            // No (new) graph: the exact scan, or the graph already attached, keeps serving this generation.
        }
    });

    // A missing, damaged or differently built index (older version, torn file, changed settings) is built again and
    // saved for the next start.
    private static NearestNeighbours BuildAndSave(string path, VectorMatrix vectors, GraphOptions graph)
    {
        var built = NearestNeighbours.Build(vectors, graph);
        try
        {
            built.Save(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Cloud.Unum.USearch.USearchException)
        {
            // Serving does not need the file; the next start builds the index again.
        }

        return built;
    }

    /// <summary>
    /// Rebuilds only the graph of the saved generation <paramref name="generation"/> with this store's graph settings,
    /// from the vectors in its <c>vectors.bin</c> (no refit, no re-embedding), and saves it over the generation's
    /// graph (checksum and settings with it): what applies new graph settings to a large corpus offline, and what the
    /// benchmarks compare settings with. Returns the settings it was built with and the graph file's size.
    /// </summary>
    /// <exception cref="InvalidDataException">The generation's vector file is missing rows or not a vector file.</exception>
    public (GraphBuild Built, long Bytes) RebuildNearest(long generation)
    {
        var path = Path.Combine(FolderOf(generation), NearestFile);
        var (_, matrix) = ReadVectors(Path.Combine(FolderOf(generation), "vectors.bin"));
        using var built = NearestNeighbours.Build(matrix, _graph);
        built.Save(path);
        return (built.Built, new FileInfo(path).Length);
    }

    private string FolderOf(long generation) => Path.Combine(Root, $"gen-{generation:D10}");

    private static void WriteVectors(string path, VectorSet set)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(set.Vectors.Count);
            writer.Write(set.Vectors.Dimensions);
            foreach (var id in set.PassageIds)
            {
                writer.Write(id);
            }

            writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(set.Vectors.Data.AsSpan()));
        }

        stream.Flush(flushToDisk: true);
    }

    /// <param name="onFileFrom">
    /// Sets of at least this many rows (those that get a nearest-neighbour graph) leave their rows in the file and read
    /// them when a query asks (<see cref="VectorRowFile"/>); smaller ones are read into memory, for the exact scan.
    /// </param>
    private static (string[] Ids, VectorMatrix Matrix) ReadVectors(string path, int onFileFrom = int.MaxValue)
    {
        // Delete sharing: a generation pruned while a file-backed set still reads it (see VectorRowFile).
        using var reader = new BinaryReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16), Encoding.UTF8);
        if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic) || reader.ReadInt32() != FormatVersion)
        {
            throw new InvalidDataException($"{path} is not a vector file of format {FormatVersion}.");
        }

        var count = reader.ReadInt32();
        var dimensions = reader.ReadInt32();
        if (count < 0 || dimensions <= 0)
        {
            throw new InvalidDataException($"{path} declares {count} vectors of {dimensions} dimensions.");
        }

        var ids = new string[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = reader.ReadString();
        }

        var stream = reader.BaseStream;
        var rowBytes = (long)count * dimensions * sizeof(float);
        if (stream.Length - stream.Position != rowBytes)
        {
            throw new InvalidDataException($"{path} holds {stream.Length - stream.Position} bytes of vectors, not the {rowBytes} of {count} rows of {dimensions}.");
        }

        if (count >= onFileFrom)
        {
            return (ids, VectorMatrix.OnFile(VectorRowFile.Open(path, stream.Position, dimensions), count, dimensions));
        }

        var data = new float[(long)count * dimensions];
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan());
        if (stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) != bytes.Length)
        {
            throw new InvalidDataException($"{path} is truncated.");
        }

        return (ids, new VectorMatrix(data, dimensions));
    }
}

/// <summary>A vector generation's <c>meta.json</c>.</summary>
internal sealed record VectorMeta(int Version, string Fingerprint, int ChangedSinceFit);

/// <summary>Generated (de)serialization of <see cref="VectorMeta"/>: no reflection on the path of an index open.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(VectorMeta))]
internal sealed partial class VectorMetaJson : System.Text.Json.Serialization.JsonSerializerContext;
