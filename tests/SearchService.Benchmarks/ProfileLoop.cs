using System.Diagnostics;
using System.Globalization;
using SearchService.Engine.Retrieval;

namespace SearchService.Benchmarks;

/// <summary>
/// <c>-- profile [seeds|synthetic-100k] [lexical|hybrid|...] [seconds]</c>: runs <see cref="QueryBenchmarks.Queries"/>
/// in a loop on one thread for a while, for a sampling profiler to attach to
/// (<c>dotnet-trace collect -- dotnet SearchService.Benchmarks.dll profile seeds lexical 20</c>), and prints the mean
/// latency, the process's CPU time (steadier than wall time on a busy machine) and bytes allocated per query.
/// An optional fourth argument, INDEX_DIR, opens the index there (built on the first run) instead of the cache keyed by
/// the engine build, so two builds can be compared on one index; a fifth, <c>rank</c>, times the engine's <c>Rank</c>
/// at depth 10 (the ranking alone, no hits) over the same queries instead of <c>Search</c>.
/// </summary>
internal static class ProfileLoop
{
    public static int Run(string[] args)
    {
        var corpus = args.Length > 0 ? args[0] : Corpus.SeedsName;
        var mode = args.Length > 1 ? Enum.Parse<SearchMode>(args[1], ignoreCase: true) : SearchMode.Lexical;
        var seconds = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 20;
        using var index = args.Length > 3
            ? BenchIndex.OpenOrBuildAt(Path.GetFullPath(args[3]), () => Corpus.Load(corpus), BenchIndex.DefaultOptions(), vectors: true)
            : BenchIndex.OpenCached(corpus, () => Corpus.Load(corpus), BenchIndex.DefaultOptions());
        var queries = QueryBenchmarks.Queries;
        Action<long> run = args.Length > 4 && args[4] == "rank"
            ? n => index.Engine.Rank(queries[n % queries.Length], 10, mode)
            : n => index.Engine.Search(new SearchRequest(queries[n % queries.Length], 10, Mode: mode));
        for (var i = 0; i < 2000; i++)
        {
            run(i);
        }

        var clock = Stopwatch.StartNew();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        long n = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            run(n);
            n++;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        Console.WriteLine(FormattableString.Invariant($"{corpus} {mode}: {n} queries, {clock.Elapsed.TotalMilliseconds * 1000 / n:F1} µs/query, process CPU {cpu.TotalMilliseconds * 1000 / n:F1} µs/query, {allocated / n / 1024.0:F1} KB/query; GCs gen0/1/2 {GC.CollectionCount(0) - gcBefore.Item1}/{GC.CollectionCount(1) - gcBefore.Item2}/{GC.CollectionCount(2) - gcBefore.Item3}"));
        return 0;
    }
}
