using Microsoft.Extensions.Logging.Abstractions;
using SearchService.Engine;
using SearchService.Engine.Analysis;
using SearchService.Engine.Embeddings;
using SearchService.Engine.Indexing;
using SearchService.Engine.Retrieval;

namespace SearchService.Benchmarks;

/// <summary>
/// An index built the way <c>EvaluationIndex</c> builds one (the service's analyzer, ranking and vector settings,
/// <c>Add</c> + one <c>Commit</c>), but at a path the caller chooses, so a query benchmark can reuse an index another
/// benchmark process already built.
/// </summary>
public sealed class BenchIndex : IDisposable
{
    private const string CompleteMarker = "benchmark-complete.txt";

    private readonly IndexHandle _handle = new();
    private readonly SearchOptions _options;
    private readonly bool _deleteOnDispose;

    private BenchIndex(string path, LuceneIndex index, SearchOptions options, bool deleteOnDispose)
    {
        Path = path;
        Index = index;
        _options = options;
        _deleteOnDispose = deleteOnDispose;
        _handle.Publish(index);
        Engine = new SearchEngine(_handle, options);
    }

    /// <summary>Label-free learning-to-rank features over this index.</summary>
    public Engine.Ranking.Learned.RankingFeatures Features => new(_handle, _options);

    /// <summary>An engine over this index that serves <c>mode=learned</c> with <paramref name="learned"/>.</summary>
    public SearchEngine EngineWith(Engine.Ranking.Learned.LearnedModel learned) => new(_handle, _options, learned);

    public string Path { get; }

    /// <summary>Search-as-you-type completions over this index.</summary>
    public Engine.Suggest.Suggester Suggester => new(_handle);

    public LuceneIndex Index { get; }

    public SearchEngine Engine { get; }

    /// <summary>The vectors of the current generation, or null when the index has none.</summary>
    public VectorMatrix? Vectors => Index.Read(searcher => searcher.Vectors?.Vectors.Vectors);

    public static SearchOptions DefaultOptions() => WithGraphFromEnvironment(new());

    /// <summary>
    /// The graph settings of <c>Search__Embeddings__Graph__{Connectivity,ExpansionAdd,ExpansionSearch,RescoreCandidates,Quantization}</c>
    /// when set (as the service reads them), so a benchmark opens a graph rebuilt with other settings
    /// (<c>million graph</c>) as built, instead of rebuilding it with the defaults.
    /// </summary>
    private static SearchOptions WithGraphFromEnvironment(SearchOptions options)
    {
        var graph = options.Embeddings.Graph;
        static string? Variable(string name) => Environment.GetEnvironmentVariable($"Search__Embeddings__Graph__{name}");
        graph.Connectivity = Variable("Connectivity") is { } m ? int.Parse(m, System.Globalization.CultureInfo.InvariantCulture) : graph.Connectivity;
        graph.ExpansionAdd = Variable("ExpansionAdd") is { } a ? int.Parse(a, System.Globalization.CultureInfo.InvariantCulture) : graph.ExpansionAdd;
        graph.ExpansionSearch = Variable("ExpansionSearch") is { } e ? int.Parse(e, System.Globalization.CultureInfo.InvariantCulture) : graph.ExpansionSearch;
        graph.RescoreCandidates = Variable("RescoreCandidates") is { } r ? int.Parse(r, System.Globalization.CultureInfo.InvariantCulture) : graph.RescoreCandidates;
        graph.Quantization = Variable("Quantization") is { } q ? Enum.Parse<SearchService.Engine.Embeddings.GraphQuantization>(q, ignoreCase: true) : graph.Quantization;
        return graph.Problem() is { } problem ? throw new ArgumentException(problem) : options;
    }

    /// <summary>Indexes <paramref name="corpus"/> into <paramref name="path"/> (which should not exist yet).</summary>
    /// <param name="annThreshold">Vector generations of at least this many rows get their nearest-neighbour graph while they are saved.</param>
    public static LuceneIndex BuildAt(string path, Corpus corpus, SearchOptions options, bool vectors, int annThreshold = SearchService.Engine.Embeddings.Encoder.EncoderOptions.DefaultAnnThreshold)
    {
        var index = LuceneIndex.Open(path, new SearchAnalyzer(options.Analysis), options.Ranking, vectors ? options.EmbeddingWhenEnabled : null, NullLogger.Instance, annThreshold: annThreshold, graph: options.Embeddings.Graph);
        // One stream: runs of it are prepared and inverted on every core and added in order (LuceneIndex.AddAll).
        index.AddAll(corpus.Documents.Select(d => new DocumentToIndex(d.Document, d.Fingerprint)));

        index.Commit(new HashSet<string>());
        return index;
    }

    /// <summary>Builds into a fresh temporary folder that is deleted on dispose.</summary>
    public static BenchIndex BuildTemporary(Corpus corpus, SearchOptions options, bool vectors)
    {
        var path = TemporaryPath("build");
        return new BenchIndex(path, BuildAt(path, corpus, options, vectors), options, deleteOnDispose: true);
    }

    /// <summary>
    /// Opens the index a previous run built at <paramref name="path"/> (kept after dispose), or builds it there first.
    /// The caller owns the folder: nothing checks that it was built from the same corpus or by the same engine code.
    /// </summary>
    public static BenchIndex OpenOrBuildAt(string path, Func<Corpus> load, SearchOptions options, bool vectors)
    {
        var marker = System.IO.Path.Combine(path, CompleteMarker);
        if (File.Exists(marker))
        {
            var opened = LuceneIndex.Open(path, new SearchAnalyzer(options.Analysis), options.Ranking, vectors ? options.EmbeddingWhenEnabled : null, NullLogger.Instance);
            return new BenchIndex(path, opened, options, deleteOnDispose: false);
        }

        DeleteQuietly(path);
        var corpus = load();
        var index = BuildAt(path, corpus, options, vectors);
        File.WriteAllText(marker, $"{corpus.Name} {corpus.Passages} passages, built {DateTime.UtcNow:O}\n");
        return new BenchIndex(path, index, options, deleteOnDispose: false);
    }

    /// <summary>Opens the index at <paramref name="path"/> as it is (built by any benchmark; never rebuilt or deleted here).</summary>
    public static BenchIndex OpenAt(string path, SearchOptions options)
    {
        var opened = LuceneIndex.Open(path, new SearchAnalyzer(options.Analysis), options.Ranking, options.EmbeddingWhenEnabled, NullLogger.Instance, graph: options.Embeddings.Graph);
        return new BenchIndex(path, opened, options, deleteOnDispose: false);
    }

    /// <summary>
    /// Opens the lexical + vector index of <paramref name="corpus"/> from the benchmark cache, building it first if it
    /// is missing or was built by other engine code or other settings. The cache lives under the temp folder.
    /// </summary>
    /// <param name="rebuild">Build afresh even when the cache holds a usable index.</param>
    public static BenchIndex OpenCached(string corpusName, Func<Corpus> load, SearchOptions options, bool rebuild = false)
    {
        var engine = typeof(LuceneIndex).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..12];
        var seeds = string.Join('|', Directory.EnumerateFiles(Corpus.SeedsFolder()).Order(StringComparer.Ordinal).Select(f => System.IO.Path.GetFileName(f) + ":" + new FileInfo(f).Length));
        var key = $"{corpusName}-g{Corpus.GeneratorVersion}-{engine}-{Hash(seeds + "|" + options.Analysis.Fingerprint + "|" + options.Embedding.Fingerprint)}";
        var path = System.IO.Path.Combine(CacheRoot, key);
        var marker = System.IO.Path.Combine(path, CompleteMarker);
        if (!rebuild && File.Exists(marker))
        {
            var cached = LuceneIndex.Open(path, new SearchAnalyzer(options.Analysis), options.Ranking, options.EmbeddingWhenEnabled, NullLogger.Instance);
            if (!cached.WasRebuilt && !cached.NeedsVectors)
            {
                return new BenchIndex(path, cached, options, deleteOnDispose: false);
            }

            cached.Dispose();
        }

        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }

        var corpus = load();
        var index = BuildAt(path, corpus, options, vectors: true);
        File.WriteAllText(marker, $"{corpus.Name} {corpus.Passages} passages, built {DateTime.UtcNow:O}\n");
        return new BenchIndex(path, index, options, deleteOnDispose: false);
    }

    /// <summary>What the vector indexer embeds for each passage (see <c>VectorIndexer.TextOf</c>).</summary>
    public static List<string> EmbeddingTexts(Corpus corpus, SearchOptions options)
    {
        var analyzer = new SearchAnalyzer(options.Analysis);
        var embedding = options.Embedding;
        return corpus.Documents
            .SelectMany(d => d.Document.Passages.Select(p => EmbeddingText.Of(
                analyzer,
                embedding.IncludeTitle ? $"{d.Document.Metadata.Title} {p.Section}" : p.Section,
                p.Text)))
            .ToList();
    }

    public static string CacheRoot => System.IO.Path.Combine(System.IO.Path.GetTempPath(), "searchservice-bench-cache");

    public static string TemporaryPath(string purpose) =>
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), "searchservice-bench", purpose + "-" + Guid.NewGuid().ToString("N"));

    public static void DeleteQuietly(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    public void Dispose()
    {
        _handle.Dispose();
        if (_deleteOnDispose)
        {
            DeleteQuietly(Path);
        }
    }

    private static string Hash(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..12];
}
