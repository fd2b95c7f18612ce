using Microsoft.Extensions.Logging.Abstractions;
using SearchService.Engine;
using SearchService.Engine.Analysis;
using SearchService.Engine.Indexing;
using SearchService.Engine.Ingestion;
using SearchService.Engine.Retrieval;

namespace SearchService.UnitTests.Indexing;

/// <summary>A real on-disk index over a private copy of the seeds, so tests can add, change and delete sources.</summary>
internal sealed class IndexFixture : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "searchservice-index-" + Guid.NewGuid().ToString("N"));
    private LuceneIndex? _index;

    /// <param name="encoder">Sentence-encoder vectors built in the background (null: none, as before).</param>
    /// <param name="annThreshold">LSA sets of at least this many vectors get a nearest-neighbour index (0: always).</param>
    public IndexFixture(AnalysisOptions? analysis = null, Engine.Embeddings.Encoder.EncoderOptions? encoder = null, int annThreshold = Engine.Embeddings.Encoder.EncoderOptions.DefaultAnnThreshold)
    {
        AnnThreshold = annThreshold;
        Analysis = analysis ?? new AnalysisOptions();
        Encoder = encoder;
        Directory.CreateDirectory(SeedsPath);
        foreach (var file in Directory.EnumerateFiles(SeedCorpus.SeedsPath, "*.txt"))
        {
            File.Copy(file, Path.Combine(SeedsPath, Path.GetFileName(file)));
        }

        Open();
    }

    public string SeedsPath => Path.Combine(_root, "seeds");

    public string IndexPath => Path.Combine(_root, "index");

    public AnalysisOptions Analysis { get; }

    public Engine.Embeddings.Encoder.EncoderOptions? Encoder { get; set; }

    public int AnnThreshold { get; }

    /// <summary>How the LSA generations' graphs are built and searched at the next open (null: the defaults).</summary>
    public Engine.Embeddings.GraphOptions? Graph { get; set; }

    public LuceneIndex Index => _index!;

    public IndexHandle Handle { get; } = new();

    public SearchOptions Options => new() { SeedsPath = SeedsPath, IndexPath = IndexPath, Analysis = Analysis };

    /// <param name="commitInterval">The pass's intermediate-commit interval (null: the service's).</param>
    public SyncReport Sync(TimeSpan? commitInterval = null) =>
        new SeedSynchronizer(Index, new ArticleParser(), SeedsPath, Options.FilePatterns, Options.MaxFileBytes, NullLogger.Instance, commitInterval: commitInterval).Synchronize();

    /// <summary>The document ids of the committed manifest, in order.</summary>
    public List<string> ReadManifestIds() => Index.ReadManifest().Keys.Order(StringComparer.Ordinal).ToList();

    public SearchResponse Search(string query, int k = 10, SearchMode mode = SearchMode.Lexical) =>
        new SearchEngine(Handle, Options).Search(new SearchRequest(query, k, Mode: mode));

    /// <summary>Closes the index as a shutdown would and opens it again from disk.</summary>
    /// <param name="whileClosed">Runs between the close and the open (e.g. to damage a file as a crash or disk would).</param>
    public void Reopen(AnalysisOptions? analysis = null, Action? whileClosed = null)
    {
        _index?.Dispose();
        whileClosed?.Invoke();
        Open(analysis);
    }

    public void Dispose()
    {
        _index?.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Open(AnalysisOptions? analysis = null)
    {
        _index = LuceneIndex.Open(IndexPath, new SearchAnalyzer(analysis ?? Analysis), new RankingOptions(), Options.EmbeddingWhenEnabled, NullLogger.Instance, Encoder, AnnThreshold, graph: Graph);
        Handle.Publish(_index);
    }
}
