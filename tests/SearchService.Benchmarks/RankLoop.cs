using System.Globalization;
using Lucene.Net.Search;
using SearchService.Engine.Embeddings.Encoder;
using SearchService.Evaluation;
using SearchService.Engine.Retrieval;

namespace SearchService.Benchmarks;

/// <summary>
/// <c>-- rank-profile BEIR_DIR [seconds] [lexical|hybrid|...|lucene]</c>: what <c>eval</c>'s latency column times (the
/// engine's <c>Rank</c> at depth 100, ids from doc values), in a warm loop over the collection's judged queries on one
/// thread, for a sampling profiler to attach to. Prints the median and mean latency, the process's CPU time per query (steadier than wall time on a busy machine) and the bytes allocated per query,
/// so the fixed per-query cost against Java Lucene can be measured without eval's single timed pass. <c>lucene</c>
/// times the bare Lucene part instead: the service's BooleanQuery (built beforehand) run by
/// <c>IndexSearcher.Search(query, 100)</c>; <c>disjunction</c> the same queries through the engine's collector
/// (<c>TermDisjunction</c> for these), both with the mean number of postings of a query's clauses. An optional fourth argument, INDEX_DIR, keeps the index there (built on the
/// first run, reopened by later ones), so a 100k corpus is indexed once for many profiles; a fifth, DEPTH, replaces
/// eval's 100 (10 is a page of hits). <c>verify</c> as the layer compares the engine's lexical hits with Lucene's;
/// <c>bounds-potentialN</c> reports how much per-range score bounds over ranges of 2^N documents could prune
/// (<see cref="BoundsPotential"/>; SECONDS is then the number of queries).
/// </summary>
internal static class RankLoop
{
    public static int Run(string[] args)
    {
        var dir = args[0];
        var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var layer = args.Length > 2 ? args[2] : "lexical";
        var depth = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : RankingRun.Depth;
        var options = BenchIndex.DefaultOptions();
        options.Embeddings.Model = EncoderOptions.None;
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(dir));
        var subject = EvaluationSubject.FromBeir(BeirDataset.Load(dir), name);
        var boundsPotential = layer.StartsWith("bounds-potential", StringComparison.Ordinal);
        var vectors = layer is not ("lucene" or "disjunction" or "disjunction-ab" or "lexical" or "verify") && !boundsPotential;
        var corpus = () => new Corpus(name, subject.Documents().ToList());
        using var index = args.Length > 3
            ? BenchIndex.OpenOrBuildAt(Path.GetFullPath(args[3]), corpus, options, vectors)
            : BenchIndex.BuildTemporary(corpus(), options, vectors);
        var queries = subject.Queries.Select(q => q.Text).ToArray();
        if (layer == "verify")
        {
            return Verify(index, options, queries, name, depth);
        }

        Action<int> run;
        var postings = "";
        if (layer is "lucene" or "disjunction" or "disjunction-ab" || boundsPotential)
        {
            var builder = new LexicalQueryBuilder(index.Index.Analyzer, options.Ranking, options.QueryLimits);
            var parsed = queries.Select(q => builder.BuildPlain(q).Query ?? new MatchAllDocsQuery()).ToArray();
            var perQuery = index.Index.Read(searcher => parsed.Average(q => q is BooleanQuery b
                ? b.Clauses.Sum(c => c.Query is TermQuery t ? (double)searcher.IndexReader.DocFreq(t.Term) : 0)
                : 0));
            postings = FormattableString.Invariant($", {perQuery:F0} postings/query");
            if (boundsPotential)
            {
                var shift = int.Parse(layer["bounds-potential".Length..], CultureInfo.InvariantCulture);
                return index.Index.Read(searcher => BoundsPotential.Run(searcher, parsed, depth, shift, (int)seconds));
            }

            if (layer == "disjunction-ab")
            {
                Console.WriteLine(FormattableString.Invariant($"{name} disjunction-ab at depth {depth}{postings}"));
                return index.Index.Read(searcher => InPlaceComparison.Run(searcher, parsed, depth, seconds));
            }

            run = layer == "lucene"
                ? i => index.Index.Read(searcher => searcher.Search(parsed[i % parsed.Length], depth).ScoreDocs.Length)
                : i => index.Index.Read(searcher => BudgetedCollector.Search(searcher, parsed[i % parsed.Length], depth, QueryDeadline.None).ScoreDocs.Length);
        }
        else
        {
            var mode = Enum.Parse<SearchMode>(layer, ignoreCase: true);
            run = i => index.Engine.Rank(queries[i % queries.Length], depth, mode);
        }

        var loop = TimedLoop.Run(run, Math.Min(5, seconds / 2), warmUpCalls: 2000, seconds, minimumCalls: 0);
        Console.WriteLine(FormattableString.Invariant(
            $"{name} {layer}: {loop.Count} queries, median {loop.P50:F3} ms, mean {loop.Mean:F3} ms, process CPU {loop.CpuMsPerCall:F3} ms/query, {loop.KilobytesPerCall:F1} KB/query{postings}"));
        return 0;
    }

    /// <summary>
    /// <c>verify</c>: every query's top 100 through the engine's lexical path (TermDisjunction for plain queries) against
    /// Lucene's own <c>IndexSearcher</c> search of the same query: same total, docs, order and score bits.
    /// </summary>
    private static int Verify(BenchIndex index, Engine.SearchOptions options, string[] queries, string name, int depth)
    {
        var builder = new LexicalQueryBuilder(index.Index.Analyzer, options.Ranking, options.QueryLimits);
        var differing = 0;
        var compared = 0;
        index.Index.Read(searcher =>
        {
            foreach (var text in queries)
            {
                if (builder.BuildPlain(text, searcher.IndexedFields).Query is not { } query)
                {
                    continue;
                }

                var collector = TopScoreDocCollector.Create(depth, docsScoredInOrder: false);
                searcher.Search(query, collector);
                var expected = collector.GetTopDocs(0, depth);
                var actual = BudgetedCollector.Search(searcher, query, depth, QueryDeadline.None);
                var same = expected.TotalHits == actual.TotalHits && expected.ScoreDocs.Length == actual.ScoreDocs.Length
                    && expected.ScoreDocs.Zip(actual.ScoreDocs).All(p => p.First.Doc == p.Second.Doc && BitConverter.SingleToInt32Bits(p.First.Score) == BitConverter.SingleToInt32Bits(p.Second.Score));
                differing += same ? 0 : 1;
                compared++;
            }

            return 0;
        });
        Console.WriteLine(FormattableString.Invariant($"{name} verify: {compared} queries compared with IndexSearcher.Search at depth {depth}, {differing} differ"));
        return differing == 0 ? 0 : 1;
    }
}
