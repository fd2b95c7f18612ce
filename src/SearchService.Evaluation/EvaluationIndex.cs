using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using SearchService.Engine.Analysis;
using SearchService.Engine.Indexing;
using SearchService.Engine.Ingestion;
using SearchService.Engine.Retrieval;

using SearchService.Engine;

namespace SearchService.Evaluation;

/// <summary>
/// A throwaway index in a temporary folder, built with the service's own analysis chain and ranking, and deleted
/// on dispose. Relevance tests measure exactly what the service would serve.
/// </summary>
public sealed class EvaluationIndex : IDisposable
{
    private readonly string _path;
    private readonly IndexHandle _handle = new();

    private EvaluationIndex(string path, SearchOptions options, TimeSpan buildTime, int documents)
    {
        _path = path;
        Options = options;
        BuildTime = buildTime;
        Documents = documents;
        Engine = new SearchEngine(_handle, options);
    }

    public SearchOptions Options { get; }

    public SearchEngine Engine { get; }

    /// <summary>The index itself, for components that read it directly (answers).</summary>
    internal IndexHandle Handle => _handle;

    /// <summary>An engine over this same index with other options (ranking settings compared without re-indexing).</summary>
    public SearchEngine EngineWith(SearchOptions options) => new(_handle, options);

    /// <summary>Label-free learning-to-rank features over this index.</summary>
    public Engine.Ranking.Learned.RankingFeatures Features => new(_handle, Options);

    /// <summary>The analysis and embedding fingerprint (<see cref="SearchOptions.RankingFeaturesFingerprint"/>), recorded in learned models.</summary>
    public string AnalyzerFingerprint => Options.RankingFeaturesFingerprint;

    public TimeSpan BuildTime { get; }

    public int Documents { get; }

    public long SizeOnDiskBytes => _handle.Current.SizeOnDiskBytes();

    /// <summary>Indexes <paramref name="documents"/>; <paramref name="progress"/> hears the running document count.</summary>
    public static EvaluationIndex Build(IEnumerable<(ParsedDocument Document, SourceFingerprint Fingerprint)> documents, SearchOptions options, IProgress<int>? progress = null)
    {
        var path = Path.Combine(Path.GetTempPath(), "searchservice-eval-" + Guid.NewGuid().ToString("N"));
        var clock = Stopwatch.StartNew();
        var index = LuceneIndex.Open(path, new SearchAnalyzer(options.Analysis), options.Ranking, options.EmbeddingWhenEnabled, NullLogger.Instance, options.EncoderWhenEnabled, options.Embeddings.AnnThreshold, graph: options.Embeddings.Graph);
        var count = 0;

        // Added in chunks so records are prepared on every core (LuceneIndex.AddAll keeps the order, so the doc ids).
        foreach (var chunk in documents.Select(d => new DocumentToIndex(d.Document, d.Fingerprint)).Chunk(500))
        {
            index.AddAll(chunk);
            count += chunk.Length;
            progress?.Report(count);
        }

        index.Commit(new HashSet<string>());
        progress?.Report(count);

        // Relevance is measured on complete encoder vectors (they are built in the background after the commit).
        if (!index.WaitForEncoder(TimeSpan.FromHours(6)))
        {
            throw new InvalidOperationException($"Encoding the passages failed: {index.EncoderError ?? "timed out"}");
        }

        var evaluation = new EvaluationIndex(path, options, clock.Elapsed, count);
        evaluation._handle.Publish(index);
        return evaluation;
    }

    public void Dispose()
    {
        _handle.Dispose();
        try
        {
            Directory.Delete(_path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
