using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Microsoft.ML.Transforms.Text;

namespace SearchService.Engine.Embeddings;

/// <summary>
/// A fitted ML.NET pipeline: TF-IDF over word and character n-grams (FeaturizeText), projected to a dense latent
/// space with PCA (latent semantic analysis), L2-normalized. The transformer is thread-safe; PredictionEngine is
/// not, so queries borrow one from a pool.
/// </summary>
public sealed class EmbeddingModel
{
    private const string TextColumn = nameof(TextRow.Text);
    private const string FeaturesColumn = "Features";
    private const string VectorColumn = nameof(VectorRow.Vector);

    private readonly MLContext _ml;
    private readonly ITransformer _transformer;
    private readonly ObjectPool<PredictionEngine<TextRow, VectorRow>> _engines;

    private EmbeddingModel(MLContext ml, ITransformer transformer, int dimensions, string fingerprint)
    {
        _ml = ml;
        _transformer = transformer;
        Dimensions = dimensions;
        Fingerprint = fingerprint;
        _engines = new DefaultObjectPool<PredictionEngine<TextRow, VectorRow>>(new EnginePolicy(ml, transformer), Environment.ProcessorCount * 2);
    }

    public int Dimensions { get; }

    /// <summary>The <see cref="EmbeddingOptions.Fingerprint"/> the model was fitted with.</summary>
    public string Fingerprint { get; }

    /// <summary>Fits the pipeline on <paramref name="texts"/> (already analyzed, see <see cref="EmbeddingText"/>).</summary>
    public static EmbeddingModel Fit(IReadOnlyList<string> texts, EmbeddingOptions options)
    {
        var ml = new MLContext(options.Seed);
        var data = ml.Data.LoadFromEnumerable(texts.Select(t => new TextRow { Text = t }));
        var featurizer = FeaturizerOptions(options);

        // PCA cannot find more components than there are examples.
        var rank = Math.Max(1, Math.Min(options.DimensionsFor(texts.Count), texts.Count - 1));
        // The cache checkpoint keeps the featurized rows in memory: PCA passes over the data several times, and
        // without it every pass re-tokenizes and re-counts n-grams (measured: 90% of the fit time went there).
        var pipeline = ml.Transforms.Text.FeaturizeText(FeaturesColumn, featurizer, TextColumn)
            .AppendCacheCheckpoint(ml)
            .Append(ml.Transforms.ProjectToPrincipalComponents(VectorColumn, FeaturesColumn, rank: rank, overSampling: 20, ensureZeroMean: options.CenterData, seed: options.Seed))
            .Append(ml.Transforms.NormalizeLpNorm(VectorColumn, VectorColumn));
        var transformer = pipeline.Fit(data);
        return new EmbeddingModel(ml, transformer, rank, options.Fingerprint);
    }

    /// <summary>The TF-IDF featurization settings of the pipeline (public so a benchmark can time this step alone).</summary>
    public static TextFeaturizingEstimator.Options FeaturizerOptions(EmbeddingOptions options) => new()
    {
        // The text arrives folded, lower-cased and stemmed by the Lucene analyzer; keep it as it is.
        CaseMode = TextNormalizingEstimator.CaseMode.None,
        KeepDiacritics = true,
        KeepPunctuations = true,
        KeepNumbers = true,
        WordFeatureExtractor = new WordBagEstimator.Options
        {
            NgramLength = Math.Max(1, options.WordNgrams),
            UseAllLengths = true,
            Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf,
            MaximumNgramsCount = [options.MaxNgrams],
        },
        CharFeatureExtractor = options.CharNgrams > 0
            ? new WordBagEstimator.Options
            {
                NgramLength = options.CharNgrams,
                UseAllLengths = false,
                Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf,
                MaximumNgramsCount = [options.MaxNgrams],
            }
            : null,
        Norm = TextFeaturizingEstimator.NormFunction.L2,
    };

    public static EmbeddingModel Load(string path, string fingerprint)
    {
        var ml = new MLContext();
        var transformer = ml.Model.Load(path, out _);
        var dimensions = DimensionsOf(ml, transformer);
        return new EmbeddingModel(ml, transformer, dimensions, fingerprint);
    }

    public void Save(string path)
    {
        var schema = _ml.Data.LoadFromEnumerable(Array.Empty<TextRow>()).Schema;
        _ml.Model.Save(_transformer, schema, path);
    }

    /// <summary>Embeds many texts in one pass (bulk Transform, not a prediction engine per text) into a contiguous matrix.</summary>
    public VectorMatrix EmbedAll(IReadOnlyList<string> texts)
    {
        var data = new float[texts.Count * Dimensions];
        var transformed = _transformer.Transform(_ml.Data.LoadFromEnumerable(texts.Select(t => new TextRow { Text = t })));
        var row = 0;
        foreach (var vector in transformed.GetColumn<VBuffer<float>>(VectorColumn))
        {
            vector.CopyTo(data.AsSpan(row * Dimensions, Dimensions));
            row++;
        }

        return new VectorMatrix(data, Dimensions);
    }

    /// <summary>Rows per bulk transform when embedding a stream: big enough to amortize a transform, small enough to stay cheap in memory.</summary>
    private const int StreamChunk = 4096;

    /// <summary>
    /// Embeds <paramref name="count"/> items as they stream by, in chunks transformed on every core, without holding
    /// them: the text of an item (<paramref name="textOf"/>, e.g. analysis) is computed on the chunk's thread. Each
    /// row is computed alone, so the matrix equals <see cref="EmbedAll(IReadOnlyList{string})"/> of the same texts.
    /// </summary>
    public VectorMatrix EmbedAll<T>(IEnumerable<T> items, Func<T, string> textOf, int count)
    {
        var data = new float[(long)count * Dimensions];
        var rows = 0;
        var chunks = items.Chunk(StreamChunk).Select((chunk, i) => (Chunk: chunk, Start: i * StreamChunk));
        Parallel.ForEach(
            System.Collections.Concurrent.Partitioner.Create(chunks, System.Collections.Concurrent.EnumerablePartitionerOptions.NoBuffering),
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            part =>
            {
                if (part.Start + part.Chunk.Length > count)
                {
                    throw new InvalidOperationException($"More than the {count} items announced arrived.");
                }

                var embedded = EmbedAll(part.Chunk.Select(textOf).ToList());
                embedded.Data.CopyTo(data.AsSpan(part.Start * Dimensions));
                Interlocked.Add(ref rows, part.Chunk.Length);
            });
        return rows == count
            ? new VectorMatrix(data, Dimensions)
            : throw new InvalidOperationException($"{rows} items arrived, {count} were announced.");
    }

    /// <summary>Embeds one text (a query) into <paramref name="destination"/>.</summary>
    public void Embed(string text, Span<float> destination)
    {
        var engine = _engines.Get();
        try
        {
            var output = new VectorRow();
            engine.Predict(new TextRow { Text = text }, ref output);
            output.Vector.AsSpan(0, Dimensions).CopyTo(destination);
        }
        finally
        {
            _engines.Return(engine);
        }
    }

    private static int DimensionsOf(MLContext ml, ITransformer transformer)
    {
        var schema = transformer.GetOutputSchema(ml.Data.LoadFromEnumerable(Array.Empty<TextRow>()).Schema);
        return ((VectorDataViewType)schema[VectorColumn].Type).Size;
    }

    private sealed class TextRow
    {
        public string Text { get; set; } = "";
    }

    private sealed class VectorRow
    {
        public float[] Vector { get; set; } = [];
    }

    private sealed class EnginePolicy(MLContext ml, ITransformer transformer) : PooledObjectPolicy<PredictionEngine<TextRow, VectorRow>>
    {
        public override PredictionEngine<TextRow, VectorRow> Create() => ml.Model.CreatePredictionEngine<TextRow, VectorRow>(transformer);

        public override bool Return(PredictionEngine<TextRow, VectorRow> obj) => true;
    }
}
