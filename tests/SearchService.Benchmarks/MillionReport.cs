using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using SearchService.Engine.Analysis;
using SearchService.Engine.Embeddings;
using SearchService.Engine.Embeddings.Encoder;
using SearchService.Engine.Indexing;
using SearchService.Engine.Retrieval;
using SearchService.Evaluation;

namespace SearchService.Benchmarks;

/// <summary>
/// The issue's large-corpus row. <c>-- million build BEIR_DIR INDEX_DIR</c> streams a BEIR corpus into an index
/// (lexical + LSA vectors + the nearest-neighbour graph, the service's settings) without holding the corpus in memory,
/// and prints the lexical and vector phases' times apart. <c>-- million run BEIR_DIR INDEX_DIR [SECONDS]</c> opens it
/// and prints, over the collection's queries on one thread (warm): full-engine <c>Search</c> k = 10 per mode (p50, p99,
/// process CPU and bytes allocated per query), lexical <c>Rank</c>, the graph's recall@10 against the exact scan, and
/// the process's memory. <c>scripts/bench/million.sh</c> runs both and the restart, and prints the row beside its targets.
/// </summary>
internal static class MillionReport
{
    private const string BuiltMarker = "benchmark-complete.txt";
    private const string RestartMarker = "restart-complete.txt";
    private const string VectorsKey = "searchservice.vectors";

    public static int Run(string[] args) => args[0] switch
    {
        "build" => Build(args[1], Path.GetFullPath(args[2])),
        "vectors" => BuildVectors(Path.GetFullPath(args[1])),
        "resume" => ResumeVectors(Path.GetFullPath(args[1])),
        "graph" => RebuildGraph(Path.GetFullPath(args[1])),
        "run" => Measure(args[1], Path.GetFullPath(args[2]), args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 20),
        "semantic" => Measure(args[1], Path.GetFullPath(args[2]), args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 20, semanticOnly: true),
        _ => throw new ArgumentException("usage: million build|run|semantic BEIR_DIR INDEX_DIR [SECONDS] | million vectors|resume|graph INDEX_DIR"),
    };

    private static Engine.SearchOptions Options()
    {
        var options = BenchIndex.DefaultOptions();
        // LSA vectors: the sentence encoder over a million passages takes hours on this machine.
        options.Embeddings.Model = EncoderOptions.None;
        return options;
    }

    private static int Build(string beir, string path)
    {
        BenchIndex.DeleteQuietly(path);
        var options = Options();
        var logger = new ClockLogger();
        var total = Stopwatch.StartNew();
        var passages = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        using var index = LuceneIndex.Open(path, new SearchAnalyzer(options.Analysis), options.Ranking, options.EmbeddingWhenEnabled, logger);
        foreach (var batch in BeirDataset.ReadCorpus(Path.Combine(beir, "corpus.jsonl"))
                     .Select(d => new DocumentToIndex(BeirPassages.ToParsedDocument(d), BeirPassages.FingerprintOf(d)))
                     .Chunk(SeedSynchronizer.BatchSize))
        {
            index.AddAll(batch);
            passages += batch.Length;
            if (passages % 100_000 < SeedSynchronizer.BatchSize)
            {
                logger.Print($"{passages} passages added");
            }
        }

        // A commit that does not build vectors (what a long pass does between batches): the lexical index is durable here.
        index.Commit(new HashSet<string>(), final: false);
        var lexical = total.Elapsed;
        var lexicalCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        logger.Print(FormattableString.Invariant($"lexical: {passages} passages in {lexical.TotalSeconds:F1} s = {passages / lexical.TotalSeconds:F0} passages/s (process CPU {lexicalCpu.TotalSeconds:F0} s); {Megabytes(index.SizeOnDiskBytes())} MB on disk"));

        var vectorClock = Stopwatch.StartNew();
        index.Commit(new HashSet<string>(), final: true);
        var vectorsCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu - lexicalCpu;
        logger.Print(FormattableString.Invariant($"vectors (LSA fit + embed + graph + save): {vectorClock.Elapsed.TotalSeconds:F1} s = {passages / vectorClock.Elapsed.TotalSeconds:F0} passages/s (process CPU {vectorsCpu.TotalSeconds:F0} s)"));
        logger.Print(FormattableString.Invariant($"total {total.Elapsed.TotalSeconds:F1} s; index {Megabytes(DirectorySize(path))} MB on disk (Lucene {Megabytes(index.SizeOnDiskBytes())} MB); peak RSS {Megabytes(Status("VmHWM"))} MB"));
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(beir));
        File.WriteAllText(Path.Combine(path, BuiltMarker), $"{name} {passages} passages, built {DateTime.UtcNow:O}\n");
        File.WriteAllText(Path.Combine(path, RestartMarker), name);
        return 0;
    }

    /// <summary>
    /// The vector phase alone, on an index that holds the lexical phase (e.g. a copy of a build's lexical commit):
    /// opens it and publishes a final commit, which fits the model, embeds every passage, builds and saves the graph.
    /// </summary>
    private static int BuildVectors(string path)
    {
        var options = Options();
        var logger = new ClockLogger();
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        using var index = LuceneIndex.Open(path, new SearchAnalyzer(options.Analysis), options.Ranking, options.EmbeddingWhenEnabled, logger, annThreshold: options.Embeddings.AnnThreshold, graph: options.Embeddings.Graph);
        var passages = index.Read(searcher => searcher.IndexReader.NumDocs);
        logger.Print($"opened {path}: {passages} Lucene records");
        index.Commit(new HashSet<string>(), final: true);
        var vectorsCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        logger.Print(FormattableString.Invariant($"vectors (LSA fit + embed + graph + save): {clock.Elapsed.TotalSeconds:F1} s (process CPU {vectorsCpu.TotalSeconds:F0} s); index {Megabytes(DirectorySize(path))} MB on disk; peak RSS {Megabytes(Status("VmHWM"))} MB"));
        return 0;
    }

    /// <summary>
    /// Finishes a vector phase that stopped after the fit and the embedding were saved (<c>vectors/gen-N.tmp</c> with
    /// <c>model.zip</c> and <c>vectors.bin</c>, typically during the graph build): checks the saved ids are the index's
    /// passages in order, builds the graph and saves the generation as the vector phase would, then commits the
    /// index naming it. Run it before anything opens the index: an open removes generation folders its commit does
    /// not name.
    /// </summary>
    private static int ResumeVectors(string path)
    {
        var options = Options();
        var logger = new ClockLogger();
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var folder = Directory.GetDirectories(Path.Combine(path, "vectors"), "gen-*.tmp").Single();
        var generation = long.Parse(Path.GetFileName(folder)["gen-".Length..^".tmp".Length], CultureInfo.InvariantCulture);
        var store = new VectorStore(path, options.Embeddings.AnnThreshold, graph: options.Embeddings.Graph);
        var set = store.TryLoadInterrupted(generation, options.Embedding.Fingerprint, out var problem)
            ?? throw new InvalidOperationException($"{folder} cannot be resumed: {problem}");
        logger.Print($"read generation {generation}: {set.Vectors.Count} vectors of {set.Vectors.Dimensions} dimensions and the model");
        using (var directory = Lucene.Net.Store.FSDirectory.Open(path))
        using (var reader = Lucene.Net.Index.DirectoryReader.Open(directory))
        {
            var keys = PassageRecords.Keys(reader);
            if (!keys.Select(k => k.PassageId).SequenceEqual(set.PassageIds))
            {
                throw new InvalidOperationException($"{folder} holds other passages than the index ({set.PassageIds.Count} saved, {keys.Count} indexed).");
            }
        }

        logger.Print("the saved ids are the index's passages; building the graph and saving the generation");
        store.Save(set);
        logger.Print($"saved generation {generation} with its graph");
        using (var directory = Lucene.Net.Store.FSDirectory.Open(path))
        using (var writer = new Lucene.Net.Index.IndexWriter(directory, new Lucene.Net.Index.IndexWriterConfig(SearchAnalyzer.Version, new SearchAnalyzer(options.Analysis)) { OpenMode = Lucene.Net.Index.OpenMode.APPEND }))
        {
            // What LuceneIndex.Commit writes after saving a generation: the schema it already names, and the generation.
            writer.SetCommitData(new Dictionary<string, string>(writer.CommitData) { [VectorsKey] = generation.ToString(CultureInfo.InvariantCulture) });
            writer.Commit();
        }

        var vectorsCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        logger.Print(FormattableString.Invariant($"resumed vectors (graph + save + commit): {clock.Elapsed.TotalSeconds:F1} s (process CPU {vectorsCpu.TotalSeconds:F0} s); peak RSS {Megabytes(Status("VmHWM"))} MB"));
        return 0;
    }

    /// <summary>
    /// Rebuilds only the graph of the generation the index names, from its <c>vectors.bin</c>, with the graph settings
    /// of the environment (<see cref="BenchIndex.DefaultOptions"/>; no refit, no re-embedding), and saves it over the
    /// generation's graph: run it on a copy. Prints the build's wall and process CPU time, peak RSS and the graph's
    /// size, for comparing settings; <c>million run</c> with the same environment then measures it.
    /// </summary>
    private static int RebuildGraph(string path)
    {
        var options = Options();
        var logger = new ClockLogger();
        long generation;
        using (var directory = Lucene.Net.Store.FSDirectory.Open(path))
        {
            var commits = Lucene.Net.Index.DirectoryReader.ListCommits(directory);
            var named = commits[commits.Count - 1].UserData;
            generation = named.TryGetValue(VectorsKey, out var value)
                ? long.Parse(value, CultureInfo.InvariantCulture)
                : throw new InvalidOperationException($"{path} names no vector generation.");
        }

        var graph = options.Embeddings.Graph;
        logger.Print($"rebuilding the graph of generation {generation} ({graph.Build}) with {Environment.ProcessorCount} threads");
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var (built, bytes) = new VectorStore(path, options.Embeddings.AnnThreshold, graph: graph).RebuildNearest(generation);
        var buildCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        logger.Print(FormattableString.Invariant(
            $"graph ({built}): {clock.Elapsed.TotalSeconds:F1} s wall, process CPU {buildCpu.TotalSeconds:F0} s; ann.usearch {bytes / 1048576.0:F1} MB; peak RSS {Megabytes(Status("VmHWM"))} MB"));
        return 0;
    }

    /// <param name="semanticOnly">Only the semantic loop and the graph's recall sweep (comparing graph settings on a busy machine).</param>
    private static int Measure(string beir, string path, double seconds, bool semanticOnly = false)
    {
        var options = Options();
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(beir));
        var queries = BeirDataset.Load(beir).Queries.Select(q => q.Text).ToArray();
        if (!File.Exists(Path.Combine(path, BuiltMarker)) && !File.Exists(Path.Combine(path, RestartMarker)))
        {
            throw new InvalidOperationException($"{path} holds no finished build: run million build first.");
        }

        using var bench = BenchIndex.OpenAt(path, options);
        if (bench.Index.WasRebuilt)
        {
            throw new InvalidOperationException($"{path} was written by another schema and has been emptied; build it again.");
        }

        // An index without vectors yet (a copy taken after the lexical phase of a build) gets the lexical rows only.
        var set = bench.Index.Read(searcher => searcher.Vectors?.Vectors);
        set?.NearestAttached.Wait();
        _ = set?.Model;
        var passages = bench.Index.Read(searcher => searcher.IndexReader.NumDocs);
        Console.WriteLine(FormattableString.Invariant($"{name}: {set?.Vectors.Count ?? 0} passages with vectors, graph attached: {set?.Nearest is not null}, {queries.Length} queries ({passages} Lucene records)"));

        var engine = bench.Engine;
        if (!semanticOnly)
        {
            Loop("lexical Search k=10", i => engine.Search(new SearchRequest(queries[i % queries.Length], 10, Mode: SearchMode.Lexical)), seconds);
            Loop("lexical Rank depth 10", i => engine.Rank(queries[i % queries.Length], 10), seconds / 2);
            Loop("lexical Rank depth 100", i => engine.Rank(queries[i % queries.Length], 100), seconds / 2);
        }

        if (set is not null)
        {
            Loop("semantic Search k=10", i => engine.Search(new SearchRequest(queries[i % queries.Length], 10, Mode: SearchMode.Semantic)), seconds);
            if (!semanticOnly)
            {
                Loop("hybrid Search k=10", i => engine.Search(new SearchRequest(queries[i % queries.Length], 10, Mode: SearchMode.Hybrid)), seconds);
            }

            Recall(bench.Index, set, queries);
        }

        GC.Collect();
        Console.WriteLine(FormattableString.Invariant(
            $"memory: RSS {Megabytes(Status("VmRSS"))} MB (anonymous {Megabytes(Status("RssAnon"))} MB, file-backed {Megabytes(Status("RssFile"))} MB), peak {Megabytes(Status("VmHWM"))} MB, managed heap {Megabytes(GC.GetTotalMemory(false))} MB"));
        return 0;
    }

    private static void Loop(string label, Action<int> run, double seconds)
    {
        var loop = TimedLoop.Run(run, Math.Min(3, seconds / 3), warmUpCalls: 300, seconds, minimumCalls: 300);
        Console.WriteLine(FormattableString.Invariant(
            $"{label}: {loop.Count} queries, p50 {loop.P50:F3} ms, p99 {loop.P99:F3} ms, process CPU {loop.CpuMsPerCall:F3} ms/query, {loop.KilobytesPerCall:F1} KB/query"));
    }

    /// <summary>
    /// The graph's top 10 against the exact scan's, over the collection's queries embedded as the service embeds a query:
    /// at the service's search beam, then at each of <see cref="Beams"/> (recall and graph time per query for each).
    /// </summary>
    private static void Recall(LuceneIndex index, VectorSet set, string[] queries)
    {
        const int k = 10;
        var vectors = new List<float[]>();
        foreach (var text in queries)
        {
            var analyzed = EmbeddingText.Of(index.Analyzer, null, text);
            var vector = new float[set.Model.Dimensions];
            if (analyzed.Length == 0)
            {
                continue;
            }

            set.Model.Embed(analyzed, vector);
            if (System.Numerics.Tensors.TensorPrimitives.Norm(vector) > 1e-6f)
            {
                vectors.Add(vector);
            }
        }

        var exact = new List<int[]>();
        var tenth = new List<float>();
        var scanTimes = new List<double>();
        var top = new (int Row, float Score)[k];
        foreach (var vector in vectors)
        {
            var started = Stopwatch.GetTimestamp();
            var e = set.Vectors.TopK(vector, k, top);
            scanTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            exact.Add(top[..e].Select(x => x.Row).ToArray());
            tenth.Add(e == 0 ? float.PositiveInfinity : top[e - 1].Score);
        }

        scanTimes.Sort();
        var (recall, tied, p50, cpu) = GraphRecall(set.Nearest!, vectors, exact, tenth, beam: null);
        Console.WriteLine(FormattableString.Invariant(
            $"graph recall@10 vs exact scan: {recall:F4} over {vectors.Count} queries; graph p50 {p50:F3} ms, exact scan p50 {scanTimes[scanTimes.Count / 2]:F3} ms; counting ties with the scan's 10th score: {tied:F4}"));
        foreach (var beam in Beams)
        {
            (recall, tied, p50, cpu) = GraphRecall(set.Nearest!, vectors, exact, tenth, beam);
            Console.WriteLine(FormattableString.Invariant($"graph beam {beam}: recall@10 {recall:F4} (with ties {tied:F4}), graph p50 {p50:F3} ms, process CPU {cpu:F3} ms/query"));
        }

        // Fewer exact scores (each a read of the row at 1M): the beam's nearest candidates by the graph's own distance only.
        foreach (var (beam, rescore) in Rescored)
        {
            (recall, tied, p50, cpu) = GraphRecall(set.Nearest!, vectors, exact, tenth, beam, rescore);
            Console.WriteLine(FormattableString.Invariant($"graph beam {beam} rescoring {rescore}: recall@10 {recall:F4} (with ties {tied:F4}), graph p50 {p50:F3} ms, process CPU {cpu:F3} ms/query"));
        }
    }

    /// <summary>Search-time beams reported beside the service's (every candidate scored exactly).</summary>
    private static readonly int[] Beams = [64, 96, 128, 160, 192, 256, 384, 512, 768];

    /// <summary>Beams whose best candidates only (by the graph's distance) are scored exactly.</summary>
    private static readonly (int Beam, int Rescore)[] Rescored = [(128, 32), (128, 64), (160, 64), (192, 64), (256, 32), (256, 64), (384, 64), (512, 32), (512, 64), (768, 64)];

    /// <summary>
    /// Recall of the graph's top 10 against the scan's rows, and counting as found a row scored at least the scan's
    /// 10th score (an equally scored passage: the synthetic corpus repeats passages, and the scan breaks ties by row).
    /// </summary>
    private static (double Recall, double WithTies, double P50, double CpuMs) GraphRecall(NearestNeighbours graph, List<float[]> vectors, List<int[]> exact, List<float> tenth, int? beam, int rescore = 0)
    {
        const int k = 10;
        var approximate = new (int Row, float Score)[k];
        long found = 0, wanted = 0, tied = 0;
        var times = new List<double>();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < vectors.Count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var a = beam is { } b ? graph.Search(vectors[i], k, approximate, null, b, rescore) : graph.Search(vectors[i], k, approximate);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            wanted += exact[i].Length;
            found += approximate[..a].ToArray().Select(x => x.Row).Intersect(exact[i]).Count();
            tied += Math.Min(exact[i].Length, approximate[..a].ToArray().Count(x => x.Score >= tenth[i]));
        }

        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / Math.Max(1, vectors.Count);
        times.Sort();
        return (found / (double)Math.Max(1, wanted), tied / (double)Math.Max(1, wanted), times.Count == 0 ? 0 : times[times.Count / 2], cpuMs);
    }

    private static long Status(string key)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(key + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(key.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return -1;
    }

    private static long DirectorySize(string path) => new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    private static string Megabytes(long bytes) => (bytes / 1048576.0).ToString("F0", CultureInfo.InvariantCulture);

    /// <summary>Prints the index's own log lines (the LSA fit, the graph) with the time since the build started.</summary>
    private sealed class ClockLogger : ILogger
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public void Print(string message) => Console.WriteLine(FormattableString.Invariant($"[{_clock.Elapsed.TotalSeconds,7:F1} s, RSS {Megabytes(Status("VmRSS"))} MB] {message}"));

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                Print(formatter(state, exception));
            }
        }
    }
}
