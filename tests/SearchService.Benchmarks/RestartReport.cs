using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using SearchService.Engine.Analysis;
using SearchService.Engine.Indexing;

namespace SearchService.Benchmarks;

/// <summary>
/// <c>-- restart PATH [CORPUS] [REPEATS] [ANN_THRESHOLD]</c>: restart with unchanged data. Builds <c>CORPUS</c> (default
/// synthetic-100k, lexical + LSA vectors, the graph when <c>ANN_THRESHOLD</c> asks for it) at <c>PATH</c> once if it is not there, then opens the index
/// <c>REPEATS</c> times (default 5) and prints how long each open took until a searcher with its vectors was ready
/// (what a service restart pays before it can serve, without the source-folder diff), and when the nearest-neighbour
/// graph, checked and mapped in the background, was attached.
/// </summary>
internal static class RestartReport
{
    private const string Marker = "restart-complete.txt";

    public static int Run(string[] args)
    {
        var path = args.Length > 0 ? Path.GetFullPath(args[0]) : Path.Combine(Path.GetTempPath(), "searchservice-restart-100k");
        var corpusName = args.Length > 1 ? args[1] : Corpus.SyntheticName;
        var repeats = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
        var annThreshold = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : Engine.Embeddings.Encoder.EncoderOptions.DefaultAnnThreshold;
        var options = BenchIndex.DefaultOptions();
        if (!File.Exists(Path.Combine(path, Marker)))
        {
            BenchIndex.DeleteQuietly(path);
            var corpus = Corpus.Load(corpusName);
            var build = Stopwatch.StartNew();
            using (BenchIndex.BuildAt(path, corpus, options, vectors: true, annThreshold))
            {
            }

            File.WriteAllText(Path.Combine(path, Marker), corpus.Name);
            Console.WriteLine(FormattableString.Invariant($"built {corpus.Passages} passages at {path} in {build.Elapsed.TotalSeconds:F1} s"));
        }

        for (var i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            using var index = LuceneIndex.Open(path, new SearchAnalyzer(options.Analysis), options.Ranking, options.EmbeddingWhenEnabled, NullLogger.Instance, annThreshold: annThreshold, graph: options.Embeddings.Graph);
            var rows = index.Read(searcher => searcher.Vectors?.Vectors.Vectors.Count ?? -1);
            var opened = clock.Elapsed.TotalMilliseconds;

            // The graph is checked and mapped in the background (semantic uses the exact scan until then).
            var attached = index.Read(searcher => searcher.Vectors?.Vectors.NearestAttached ?? Task.CompletedTask);
            attached.Wait();
            var nearest = index.Read(searcher => searcher.Vectors?.Vectors.Nearest is not null);
            var graph = clock.Elapsed.TotalMilliseconds;
            Console.WriteLine(FormattableString.Invariant($"open {i + 1}: {opened:F0} ms to a searcher with {rows} vector rows; nearest-neighbour index attached: {nearest} at {graph:F0} ms (rebuilt: {index.WasRebuilt}, needs vectors: {index.NeedsVectors})"));
        }

        return 0;
    }
}
