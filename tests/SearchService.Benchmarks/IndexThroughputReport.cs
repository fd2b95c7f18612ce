using System.Diagnostics;
using System.Globalization;
using Lucene.Net.Index;
using Microsoft.Extensions.Logging.Abstractions;
using SearchService.Engine.Analysis;
using SearchService.Engine.Embeddings.Encoder;
using SearchService.Engine.Indexing;
using SearchService.Engine.Ingestion;
using SearchService.Evaluation;

namespace SearchService.Benchmarks;

/// <summary>
/// <c>-- index-throughput sources SOURCES_DIR [INDEX_DIR]</c>: one pass of the service's own sources pass
/// (<see cref="SeedSynchronizer"/>: read, parse, prepare on every core, write in order, its intermediate commits and
/// final commit) over a folder of article files into a fresh lexical-only index (no LSA fit, no encoder: vectors are
/// measured separately). <c>-- index-throughput beir BEIR_DIR [INDEX_DIR]</c>: the evaluation path over a BEIR corpus
/// (<see cref="BenchIndex.BuildAt"/>: <c>AddAll</c> in batches, one commit). Prints wall time, passages/s, the
/// process's CPU time (load-independent: CPU-seconds per 100,000 passages is the figure to compare on a busy
/// machine), bytes allocated, GC counts, the index size and the load average before and after.
/// </summary>
internal static class IndexThroughputReport
{
    /// <summary>INDEX_COMMIT_SECONDS overrides the sources pass's commit interval (0: a commit after every batch, as before).</summary>
    private static TimeSpan? CommitInterval() =>
        Environment.GetEnvironmentVariable("INDEX_COMMIT_SECONDS") is { Length: > 0 } seconds ? TimeSpan.FromSeconds(double.Parse(seconds, CultureInfo.InvariantCulture)) : null;

    /// <summary>CPU time of the process's main thread (the one that writes), from /proc: utime + stime in clock ticks of 10 ms.</summary>
    private static TimeSpan MainThreadCpu()
    {
        var stat = File.ReadAllText($"/proc/self/task/{Environment.ProcessId}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return TimeSpan.FromMilliseconds(10 * (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)));
    }

    /// <summary>CPU time of every live thread of the process by thread id, with its name (/proc comm: ".NET TP Worker", ".NET BGC", …).</summary>
    private static Dictionary<string, (string Name, TimeSpan Cpu)> ThreadCpu()
    {
        var threads = new Dictionary<string, (string, TimeSpan)>();
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var name = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                threads[Path.GetFileName(task)] = (name, TimeSpan.FromMilliseconds(10 * (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture))));
            }
            catch (IOException)
            {
                // The thread ended between the listing and the read.
            }
        }

        return threads;
    }

    /// <summary>CPU-seconds per thread name spent since <paramref name="before"/> (threads that ended are counted up to their last sample: the rest of the process CPU is "unsampled").</summary>
    private static string ThreadCpuSince(Dictionary<string, (string Name, TimeSpan Cpu)> before, Dictionary<string, (string Name, TimeSpan Cpu)> after, TimeSpan processCpu)
    {
        var byName = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (id, (name, cpu)) in after)
        {
            var spent = cpu - (before.TryGetValue(id, out var old) && old.Name == name ? old.Cpu : TimeSpan.Zero);
            var key = id == Environment.ProcessId.ToString(CultureInfo.InvariantCulture) ? "main" : name;
            byName[key] = byName.GetValueOrDefault(key) + spent.TotalSeconds;
        }

        var seen = byName.Values.Sum();
        return string.Join(", ", byName.Where(t => t.Value >= 0.05).OrderByDescending(t => t.Value).Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key} {t.Value:F1}")))
            + string.Create(CultureInfo.InvariantCulture, $", unsampled {Math.Max(0, processCpu.TotalSeconds - seen):F1}");
    }

    public static int Run(string[] args)
    {
        if (args.Length < 2 || args[0] is not ("sources" or "beir"))
        {
            Console.Error.WriteLine("usage: index-throughput sources SOURCES_DIR [INDEX_DIR] | beir BEIR_DIR [INDEX_DIR]");
            return 2;
        }

        var options = BenchIndex.DefaultOptions();
        options.Embeddings.Model = EncoderOptions.None;
        var path = args.Length > 2 ? Path.GetFullPath(args[2]) : BenchIndex.TemporaryPath("throughput");
        if (Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any())
        {
            Console.Error.WriteLine($"{path} is not empty: the pass must start from an empty index.");
            return 2;
        }

        // The BEIR corpus is loaded before the clock starts (the sources pass reads its files inside the pass, as the service does).
        var beir = args[0] == "beir" ? new Corpus(Path.GetFileName(Path.TrimEndingDirectorySeparator(args[1])), EvaluationSubject.FromBeir(BeirDataset.Load(args[1]), "beir").Documents().ToList()) : null;
        GC.Collect();
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var mainBefore = MainThreadCpu();
        var threadsBefore = ThreadCpu();
        var lastSeen = new Dictionary<string, (string Name, TimeSpan Cpu)>(threadsBefore);

        // Threads that end during the pass (merge threads, retired pool workers, the tiered JIT's) are counted from their last sample.
        void Sample()
        {
            lock (lastSeen)
            {
                foreach (var (id, thread) in ThreadCpu())
                {
                    lastSeen[id] = thread;
                }
            }
        }

        using var sampler = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(250));
        var clock = Stopwatch.StartNew();
        LuceneIndex index;
        if (beir is not null)
        {
            index = BenchIndex.BuildAt(path, beir, options, vectors: false);
        }
        else
        {
            index = LuceneIndex.Open(path, new SearchAnalyzer(options.Analysis), options.Ranking, embedding: null, NullLogger.Instance);
            var report = new SeedSynchronizer(index, new ArticleParser(), Path.GetFullPath(args[1]), options.FilePatterns, options.MaxFileBytes, NullLogger.Instance, commitInterval: CommitInterval()).Synchronize();
            if (report.Skipped.Count > 0)
            {
                Console.Error.WriteLine($"{report.Skipped.Count} sources skipped, e.g. {report.Skipped.Values.First().Reason}");
            }
        }

        var wall = clock.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var mainCpu = MainThreadCpu() - mainBefore;
        sampler.Dispose();
        Sample();
        string byThread;
        lock (lastSeen)
        {
            byThread = ThreadCpuSince(threadsBefore, lastSeen, cpu);
        }
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var gcs = $"{GC.CollectionCount(0) - gcBefore.Item1}/{GC.CollectionCount(1) - gcBefore.Item2}/{GC.CollectionCount(2) - gcBefore.Item3}";
        var loadAfter = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        var (passages, documents, segments) = index.Read(searcher => (
            searcher.IndexReader.DocFreq(new Term(IndexFields.Type, IndexFields.PassageType)),
            searcher.IndexReader.DocFreq(new Term(IndexFields.Type, IndexFields.DocumentType)),
            searcher.IndexReader.Leaves.Count));
        var size = index.SizeOnDiskBytes();
        index.Dispose();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"index-throughput {args[0]}: {passages:N0} passages in {documents:N0} documents, {segments} segments, {size / 1024.0 / 1024.0:F1} MiB; "
            + $"wall {wall.TotalSeconds:F2} s = {passages / wall.TotalSeconds:N0} passages/s; process CPU {cpu.TotalSeconds:F2} s = {cpu.TotalSeconds * 100_000 / Math.Max(1, passages):F1} CPU-s per 100k passages, of which the writing (main) thread {mainCpu.TotalSeconds:F2} s; "
            + $"allocated {allocated / 1024.0 / 1024.0:N0} MiB ({allocated / Math.Max(1, passages):N0} B/passage); GCs gen0/1/2 {gcs}; load average {load} -> {loadAfter}"));
        Console.WriteLine($"CPU-s by thread: {byThread}");
        if (args.Length <= 2)
        {
            BenchIndex.DeleteQuietly(path);
        }

        return 0;
    }
}
