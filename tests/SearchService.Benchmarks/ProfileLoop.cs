using System.Diagnostics;
using System.Globalization;
using SearchService.Engine.Retrieval;

namespace SearchService.Benchmarks;

/// <summary>
/// <c>-- profile [seeds|synthetic-100k] [lexical|hybrid|...] [seconds]</c>: runs <see cref="QueryBenchmarks.Queries"/>
/// in a loop on one thread for a while, for a sampling profiler to attach to
/// (<c>dotnet-trace collect -- dotnet SearchService.Benchmarks.dll profile seeds lexical 20</c>), and prints the mean
/// latency, the process's CPU time (steadier than wall time on a busy machine) and bytes allocated per query.
/// </summary>
internal static class ProfileLoop
{
    public static int Run(string[] args)
    {
        var corpus = args.Length > 0 ? args[0] : Corpus.SeedsName;
        var mode = args.Length > 1 ? Enum.Parse<SearchMode>(args[1], ignoreCase: true) : SearchMode.Lexical;
        var seconds = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 20;
        using var index = BenchIndex.OpenCached(corpus, () => Corpus.Load(corpus), BenchIndex.DefaultOptions());
        var queries = QueryBenchmarks.Queries;
        for (var i = 0; i < 2000; i++)
        {
            index.Engine.Search(new SearchRequest(queries[i % queries.Length], 10, Mode: mode));
        }

        var clock = Stopwatch.StartNew();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        long n = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            index.Engine.Search(new SearchRequest(queries[n % queries.Length], 10, Mode: mode));
            n++;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        Console.WriteLine(FormattableString.Invariant($"{corpus} {mode}: {n} queries, {clock.Elapsed.TotalMilliseconds * 1000 / n:F1} µs/query, process CPU {cpu.TotalMilliseconds * 1000 / n:F1} µs/query, {allocated / n / 1024.0:F1} KB/query"));
        return 0;
    }
}
