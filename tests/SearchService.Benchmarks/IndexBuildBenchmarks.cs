using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using SearchService.Engine;
using SearchService.Engine.Embeddings;

namespace SearchService.Benchmarks;

/// <summary>
/// Index build throughput: one operation indexes the whole corpus. <c>Lexical</c> is Lucene alone
/// (<c>LuceneIndex.Open(..., embedding: null)</c> + <c>Add</c> per document + <c>Commit</c>, into a fresh folder);
/// <c>Vectors</c> is the vector work on the same passages (<c>EmbeddingModel.Fit</c> + <c>EmbedAll</c> over the
/// texts <c>EmbeddingText.Of</c> made in setup); <c>LexicalAndVectors</c> (seeds only) is what the service does: the
/// commit also reads the stored passages back, analyzes them, fits, embeds and saves the model and vectors.
/// </summary>
[MemoryDiagnoser]
public abstract class IndexBuildBenchmarks
{
    private List<string> _texts = null!;
    private string _path = "";

    protected Corpus Corpus { get; private set; } = null!;

    protected SearchOptions Options { get; private set; } = null!;

    protected string Folder => _path;

    protected abstract string CorpusName { get; }

    [GlobalSetup]
    public void Setup()
    {
        Corpus = Corpus.Load(CorpusName);
        Options = BenchIndex.DefaultOptions();
        _texts = BenchIndex.EmbeddingTexts(Corpus, Options);
        Console.WriteLine($"// corpus {Corpus.Name}: {Corpus.Documents.Count:N0} documents, {Corpus.Passages:N0} passages");
    }

    [IterationSetup]
    public void NewFolder() => _path = BenchIndex.TemporaryPath("build");

    [IterationCleanup]
    public void DeleteFolder() => BenchIndex.DeleteQuietly(_path);

    [Benchmark(Baseline = true)]
    public long Lexical()
    {
        using var index = BenchIndex.BuildAt(_path, Corpus, Options, vectors: false);
        return index.SizeOnDiskBytes();
    }

    [Benchmark]
    public VectorMatrix Vectors() => EmbeddingModel.Fit(_texts, Options.Embedding).EmbedAll(_texts);
}

/// <summary>The five seed articles (~135 passages): many iterations, each a whole build.</summary>
[BuildsCorpus(Corpus.SeedsName)]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class SeedIndexBuildBenchmarks : IndexBuildBenchmarks
{
    protected override string CorpusName => Corpus.SeedsName;

    [Benchmark]
    public long LexicalAndVectors()
    {
        using var index = BenchIndex.BuildAt(Folder, Corpus, Options, vectors: true);
        return index.SizeOnDiskBytes();
    }
}

/// <summary>
/// 100,000 synthetic passages: each operation takes minutes, so two measured iterations and no warm-up (JIT is
/// noise at this scale). The full lexical + vector build is timed once by the <c>memory</c> mode instead.
/// </summary>
[BuildsCorpus(Corpus.SyntheticName)]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 2)]
public class SyntheticIndexBuildBenchmarks : IndexBuildBenchmarks
{
    protected override string CorpusName => Corpus.SyntheticName;
}
