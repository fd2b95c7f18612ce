using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using SearchService.Engine.Suggest;

namespace SearchService.Benchmarks;

/// <summary>
/// Latency of <see cref="Suggester.Suggest"/> (k = 8) over a lexical index of the synthetic corpus, for prefixes a
/// person types keystroke by keystroke: one letter (the widest scan), two, and whole words being completed. Prints
/// median, p95 and p99 in milliseconds per prefix length. The target is under 5 ms at 100,000 passages.
/// </summary>
public static class SuggestReport
{
    /// <summary>What is typed, keystroke by keystroke, towards words of the seeds' subject.</summary>
    public static readonly string[] Typed = ["bamboo", "diplomacy", "foreign", "vietnam", "economic", "partnership", "minister", "investment", "asean", "conference"];

    public static int Run(int passages)
    {
        var clock = Stopwatch.StartNew();
        using var index = BenchIndex.BuildTemporary(Corpus.Synthetic(passages), BenchIndex.DefaultOptions(), vectors: false);
        Console.WriteLine($"{passages} passages indexed in {clock.Elapsed.TotalSeconds:F1} s");
        var suggester = index.Suggester;
        var prefixes = Typed.SelectMany(word => Enumerable.Range(1, word.Length).Select(n => word[..n])).ToList();
        foreach (var prefix in prefixes)
        {
            suggester.Suggest(new SuggestRequest(prefix)); // warm-up: JIT and the term dictionary's first reads
        }

        var byLength = new Dictionary<string, List<double>>();
        for (var round = 0; round < 20; round++)
        {
            foreach (var prefix in prefixes)
            {
                var started = Stopwatch.GetTimestamp();
                suggester.Suggest(new SuggestRequest(prefix));
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                var bucket = prefix.Length switch { 1 => "1 char", 2 => "2 chars", 3 => "3 chars", _ => "4+ chars" };
                (byLength.TryGetValue(bucket, out var list) ? list : byLength[bucket] = []).Add(ms);
                (byLength.TryGetValue("all", out var all) ? all : byLength["all"] = []).Add(ms);
            }
        }

        Console.WriteLine("prefix   | calls | median ms | p95 ms | p99 ms");
        foreach (var (bucket, times) in byLength.OrderBy(b => b.Key == "all" ? "z" : b.Key))
        {
            times.Sort();
            Console.WriteLine($"{bucket,-8} | {times.Count,5} | {At(times, 0.5),9:F3} | {At(times, 0.95),6:F3} | {At(times, 0.99),6:F3}");
        }

        return 0;
    }

    private static double At(List<double> sorted, double quantile) => sorted[Math.Min(sorted.Count - 1, (int)(quantile * sorted.Count))];
}

/// <summary>The same measurement under BenchmarkDotNet: one prefix per operation, rotating through every keystroke of <see cref="SuggestReport.Typed"/>.</summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class SuggestBenchmarks
{
    private readonly List<string> _prefixes = SuggestReport.Typed.SelectMany(word => Enumerable.Range(1, word.Length).Select(n => word[..n])).ToList();
    private BenchIndex _index = null!;
    private Suggester _suggester = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _index = BenchIndex.OpenCached(Corpus.SyntheticName, () => Corpus.Load(Corpus.SyntheticName), BenchIndex.DefaultOptions());
        _suggester = _index.Suggester;
    }

    [GlobalCleanup]
    public void Cleanup() => _index.Dispose();

    [Benchmark]
    public int Suggest()
    {
        var prefix = _prefixes[_next];
        _next = (_next + 1) % _prefixes.Count;
        return _suggester.Suggest(new SuggestRequest(prefix)).Suggestions.Count;
    }
}
