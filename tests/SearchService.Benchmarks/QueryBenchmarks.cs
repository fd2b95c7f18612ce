using BenchmarkDotNet.Attributes;
using SearchService.Engine.Retrieval;

namespace SearchService.Benchmarks;

/// <summary>
/// Query latency of <c>SearchEngine.Search</c> (k = 10, snippets, highlights and citations included) per mode,
/// rotating through <see cref="Queries"/> one query per operation. The index (lexical + vectors) is built once and
/// cached on disk, so only the first process of a corpus pays for the build. <c>Learned</c> re-ranks the BM25 top 100
/// with a model trained on the dev set (<see cref="DevSetModel"/>); its cost over <c>Lexical</c> is what learning to
/// rank adds to a query.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class QueryBenchmarks
{
    /// <summary>Realistic questions and keyword queries about the seeds' subject (most from eval/devset).</summary>
    public static readonly string[] Queries =
    [
        "How many countries has Vietnam established diplomatic relations with?",
        "Vietnamese bamboo diplomacy",
        "Which plant did the party leader use as a metaphor for Vietnam's foreign policy?",
        "doi moi foreign policy achievements",
        "comprehensive strategic partnership",
        "800 billion USD import export 2024",
        "how much money do Vietnamese living abroad send home",
        "UN Human Rights Council",
        "Viet Nam role in ASEAN",
        "vaccine diplomacy",
        "economic recovery after Covid-19",
        "Did the government get its nationals out of conflict areas abroad?",
        "When was Vietnam's foreign ministry founded?",
        "Nguyen Phu Trong speech at the 32nd Diplomatic Conference",
        "What did Pham Minh Chinh ask the Ministry of Foreign Affairs to do?",
        "To Lam new era of national rise",
        "How can economic diplomacy help Vietnam become a high-income country by 2045?",
        "Việt Nam free trade agreements",
        "protecting sovereignty over the East Sea and islands",
        "what kind of diplomats does the foreign ministry want to train",
    ];

    private BenchIndex _index = null!;
    private Engine.SearchEngine _engine = null!;
    private int _next;

    [Params(Corpus.SeedsName, Corpus.SyntheticName)]
    public string CorpusName { get; set; } = Corpus.SeedsName;

    [ParamsAllValues]
    public SearchMode Mode { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var name = CorpusName;
        var options = BenchIndex.DefaultOptions();
        _index = BenchIndex.OpenCached(name, () => Corpus.Load(name), options);
        _engine = Mode == SearchMode.Learned ? _index.EngineWith(DevSetModel.Train(options)) : _index.Engine;
        foreach (var query in Queries)
        {
            var response = _engine.Search(new SearchRequest(query, 10, Mode: Mode));
            if (response.Mode != Mode)
            {
                throw new InvalidOperationException($"Asked for {Mode}, the engine answered {response.Mode}: are the vectors missing?");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _index.Dispose();

    [Benchmark]
    public int Search()
    {
        var query = Queries[_next];
        _next = (_next + 1) % Queries.Length;
        return _engine.Search(new SearchRequest(query, 10, Mode: Mode)).Results.Count;
    }
}
