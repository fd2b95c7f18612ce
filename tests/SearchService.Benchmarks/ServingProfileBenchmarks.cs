using BenchmarkDotNet.Attributes;
using Lucene.Net.Search;
using SearchService.Engine.Retrieval;

namespace SearchService.Benchmarks;

/// <summary>
/// Where a seeds query's time and allocations go (issue 19): the same rotated queries as <see cref="QueryBenchmarks"/>,
/// cut into layers. <c>LuceneOnly</c> is what Java Lucene's figure covers (a parsed BooleanQuery over the passage
/// fields, top 10 doc ids); <c>Rank</c> adds the service's query building, retrieval and fusion but loads no stored
/// fields; <c>Search</c> is the full response (stored fields, highlights, snippets, citations).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class ServingProfileBenchmarks
{
    private BenchIndex _index = null!;
    private Query[] _parsed = null!;
    private int _next;

    [Params(SearchMode.Lexical, SearchMode.Hybrid)]
    public SearchMode Mode { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var options = BenchIndex.DefaultOptions();
        _index = BenchIndex.OpenCached(Corpus.SeedsName, () => Corpus.Load(Corpus.SeedsName), options);
        var builder = new LexicalQueryBuilder(_index.Index.Analyzer, options.Ranking, options.QueryLimits);
        _parsed = QueryBenchmarks.Queries.Select(q => builder.BuildPlain(q).Query ?? new MatchAllDocsQuery()).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _index.Dispose();

    [Benchmark(Baseline = true)]
    public int LuceneOnly()
    {
        var query = _parsed[Next()];
        return _index.Index.Read(searcher => searcher.Search(query, 10).ScoreDocs.Length);
    }

    [Benchmark]
    public int Rank() => _index.Engine.Rank(QueryBenchmarks.Queries[Next()], 10, Mode).Passages.Count;

    [Benchmark]
    public int Search() => _index.Engine.Search(new SearchRequest(QueryBenchmarks.Queries[Next()], 10, Mode: Mode)).Results.Count;

    private int Next()
    {
        var i = _next;
        _next = (_next + 1) % QueryBenchmarks.Queries.Length;
        return i;
    }
}
