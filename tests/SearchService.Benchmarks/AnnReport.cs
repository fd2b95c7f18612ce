using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using SearchService.Engine.Analysis;
using SearchService.Engine.Embeddings;
using SearchService.Engine.Indexing;

namespace SearchService.Benchmarks;

/// <summary>
/// <c>-- ann PATH [QUERIES]</c>: the approximate nearest-neighbour index against the exact scan on the LSA vectors of
/// an index built by <c>-- restart PATH</c> (100k synthetic passages by default): build time, recall@10 and
/// recall@100 of the graph's candidates against the scan's, and the latency of each (one thread, warm). Queries are
/// <see cref="QueryBenchmarks.Queries"/> and word pairs/triples drawn with a fixed seed from them, embedded as the
/// service embeds a query.
/// </summary>
internal static class AnnReport
{
    public static int Run(string[] args)
    {
        var path = Path.GetFullPath(args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "searchservice-restart-100k"));
        var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300;
        var options = BenchIndex.DefaultOptions();
        // Threshold 0: the generation's saved graph is loaded (or built and saved, when it has none yet).
        var clock = Stopwatch.StartNew();
        using var index = LuceneIndex.Open(path, new SearchAnalyzer(options.Analysis), options.Ranking, options.EmbeddingWhenEnabled, NullLogger.Instance, annThreshold: 0);
        var set = index.Read(searcher => searcher.Vectors?.Vectors) ?? throw new InvalidOperationException($"{path} has no vectors.");
        var matrix = set.Vectors;
        var nearest = set.Nearest!;
        Console.WriteLine(FormattableString.Invariant($"{matrix.Count} vectors of {matrix.Dimensions} dimensions; index with its graph open in {clock.Elapsed.TotalSeconds:F1} s"));

        var queries = Queries(index, set, count);
        foreach (var k in new[] { 10, 100 })
        {
            var exact = new (int Row, float Score)[k];
            var approximate = new (int Row, float Score)[k];
            long found = 0, wanted = 0;
            var exactTimes = new List<double>();
            var graphTimes = new List<double>();
            for (var round = 0; round < 2; round++)
            {
                foreach (var query in queries)
                {
                    clock.Restart();
                    var e = matrix.TopK(query, k, exact);
                    exactTimes.Add(clock.Elapsed.TotalMilliseconds);
                    clock.Restart();
                    var a = nearest.Search(query, k, approximate);
                    graphTimes.Add(clock.Elapsed.TotalMilliseconds);
                    if (round == 1)
                    {
                        wanted += e;
                        found += approximate[..a].ToArray().Select(x => x.Row).Intersect(exact[..e].ToArray().Select(x => x.Row)).Count();
                    }
                }
            }

            Console.WriteLine(FormattableString.Invariant(
                $"k={k}: recall@{k} {found / (double)wanted:F4} over {queries.Count} queries; exact scan p50 {Percentile(exactTimes, 0.5):F3} ms p99 {Percentile(exactTimes, 0.99):F3} ms; graph p50 {Percentile(graphTimes, 0.5):F3} ms p99 {Percentile(graphTimes, 0.99):F3} ms"));
        }

        return 0;
    }

    private static List<float[]> Queries(LuceneIndex index, VectorSet set, int count)
    {
        var words = QueryBenchmarks.Queries.SelectMany(q => q.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(w => w.Length > 3).ToArray();
        var random = new Random(20_261_130);
        var texts = QueryBenchmarks.Queries.ToList();
        while (texts.Count < count)
        {
            texts.Add(string.Join(' ', Enumerable.Range(0, random.Next(2, 4)).Select(_ => words[random.Next(words.Length)])));
        }

        var vectors = new List<float[]>();
        foreach (var text in texts)
        {
            var analyzed = EmbeddingText.Of(index.Analyzer, null, text);
            var vector = new float[set.Model.Dimensions];
            if (analyzed.Length > 0)
            {
                set.Model.Embed(analyzed, vector);
                if (System.Numerics.Tensors.TensorPrimitives.Norm(vector) > 1e-6f)
                {
                    vectors.Add(vector);
                }
            }
        }

        return vectors;
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
    }
}
