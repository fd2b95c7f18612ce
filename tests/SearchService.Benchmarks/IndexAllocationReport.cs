using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using SearchService.Engine.Analysis;
using SearchService.Engine.Indexing;
using SearchService.Engine.Ingestion;

namespace SearchService.Benchmarks;

/// <summary>
/// <c>-- index-alloc SOURCES_DIR [FILES]</c>: bytes allocated per passage by each step of indexing a source file, on
/// one thread (read, parse, map to records, analyse, write to the <c>IndexWriter</c>, commit), after a warm-up pass
/// over the same files into another index. Says where the sources pass's allocations come from.
/// </summary>
internal static class IndexAllocationReport
{
    public static int Run(string[] args)
    {
        var files = Directory.EnumerateFiles(args[0], "*.txt").Order(StringComparer.Ordinal).Take(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500).ToList();
        Measure(files, print: false);
        Measure(files, print: true);
        return 0;
    }

    private static void Measure(List<string> files, bool print)
    {
        var options = BenchIndex.DefaultOptions();
        var path = BenchIndex.TemporaryPath("alloc");
        var analyzer = new SearchAnalyzer(options.Analysis);
        var parser = new ArticleParser();
        var steps = new Dictionary<string, long>(StringComparer.Ordinal);
        var times = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var passages = 0;
        using (var index = LuceneIndex.Open(path, analyzer, options.Ranking, embedding: null, NullLogger.Instance))
        {
            var indexedAt = DateTimeOffset.UtcNow;
            foreach (var file in files)
            {
                var text = Step(steps, times, "read", () => File.ReadAllText(file));
                var parsed = Step(steps, times, "parse", () => parser.Parse(ArticleParser.DocumentIdFromPath(file), Path.GetFileName(file), text));
                var fingerprint = new SourceFingerprint(file, text.Length, DateTime.UnixEpoch);
                var records = Step(steps, times, "map (ToRecords)", () => LuceneDocumentMapper.ToRecords(parsed, fingerprint, indexedAt).ToList());
                Step(steps, times, "prepare (map + analyse)", () => PreparedDocument.Prepare(analyzer, new DocumentToIndex(parsed, fingerprint), indexedAt));
                Step(steps, times, "write (UpsertAll, one thread)", () => { index.UpsertAll([new DocumentToIndex(parsed, fingerprint)]); return 0; });
                passages += parsed.Passages.Count;
                GC.KeepAlive(records);
            }

            Step(steps, times, "commit", () => { index.Commit(new HashSet<string>()); return 0; });
        }

        BenchIndex.DeleteQuietly(path);
        if (print)
        {
            Console.WriteLine($"{files.Count} files, {passages} passages; per passage, on the calling thread: bytes allocated, wall time (one thread, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}):");
            foreach (var (step, bytes) in steps)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {step,-32} {bytes / (double)passages,12:N0} B {times[step].TotalMicroseconds / passages,10:N1} us"));
            }
        }
    }

    private static T Step<T>(Dictionary<string, long> steps, Dictionary<string, TimeSpan> times, string name, Func<T> step)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = step();
        times[name] = times.GetValueOrDefault(name) + System.Diagnostics.Stopwatch.GetElapsedTime(started);
        steps[name] = steps.GetValueOrDefault(name) + GC.GetAllocatedBytesForCurrentThread() - before;
        return result;
    }
}
