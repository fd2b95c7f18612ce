using System.IO.Compression;
using System.Text.Json;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace SearchService.Engine.Ranking.Learned;

/// <summary>A query's candidates with their labels (grades; unjudged = 0), for training.</summary>
public sealed record TrainingGroup(string QueryId, IReadOnlyList<FeatureRow> Rows, IReadOnlyList<int> Grades);

/// <summary>Cross-validation figures kept in a model's header.</summary>
public sealed record CrossValidationFigures(int Folds, int Queries, double LexicalNdcgAt10, double LearnedNdcgAt10, double PValue);

/// <summary>What a saved model was trained with; a model is only usable with the same features and analysis chain.</summary>
public sealed record LearnedModelHeader(
    int FormatVersion,
    string FeatureVersion,
    IReadOnlyList<string> FeatureNames,
    string AnalyzerFingerprint,
    int CandidateDepth,
    int TrainingQueries,
    int Seed,
    LightGbmSettings Settings,
    CrossValidationFigures? CrossValidation)
{
    public const int CurrentFormat = 1;

    /// <summary>Null when the model fits the current features and <paramref name="analyzerFingerprint"/>; else why not.</summary>
    public string? Mismatch(string analyzerFingerprint)
    {
        if (FormatVersion != CurrentFormat)
        {
            return $"model format {FormatVersion}, expected {CurrentFormat}";
        }

        if (FeatureVersion != RankingFeatures.Version || !FeatureNames.SequenceEqual(RankingFeatures.Names))
        {
            return $"model features {FeatureVersion} [{string.Join(',', FeatureNames)}] differ from {RankingFeatures.Version} [{string.Join(',', RankingFeatures.Names)}]";
        }

        return AnalyzerFingerprint == analyzerFingerprint ? null : $"model analysis/embedding '{AnalyzerFingerprint}' differs from the service's '{analyzerFingerprint}'";
    }
}

/// <summary>
/// LightGBM LambdaRank settings. Small on purpose: users judge tens to hundreds of queries, and on the five shared
/// collections and the dev set 4 leaves × 50 trees with at least 50 examples per leaf cross-validated better than
/// 7 × 100 with 20 (see docs/learning-to-rank.md).
/// </summary>
public sealed record LightGbmSettings(int Leaves = 4, int Trees = 50, double LearningRate = 0.05, int MinimumExamplesPerLeaf = 50);

/// <summary>
/// A LightGBM LambdaRank model over <see cref="RankingFeatures"/> that re-orders a query's lexical candidates.
/// Training is deterministic: a fixed seed and one thread.
/// </summary>
public sealed partial class LearnedRanker
{
    public const int DefaultSeed = 20261123;
    private const string HeaderEntry = "header.json";
    private const string ModelEntry = "model.zip";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private readonly MLContext _ml;
    private readonly ITransformer? _model;

    // One query's 100 candidates through a PredictionEngine take well under a millisecond, where building an
    // IDataView and a Transform per query cost several. Engines are not thread-safe, so they are pooled.
    private readonly ObjectPool<PredictionEngine<InputRow, ScoreRow>>? _engines;

    private LearnedRanker(MLContext ml, ITransformer? model, LearnedModelHeader header)
    {
        _ml = ml;
        _model = model;
        Header = header;
        _engines = model is null ? null : new DefaultObjectPool<PredictionEngine<InputRow, ScoreRow>>(new EnginePolicy(ml, model), Environment.ProcessorCount * 2);
    }

    public LearnedModelHeader Header { get; }

    /// <summary>Trains on the groups that have at least two different grades (the others teach a ranker nothing).</summary>
    public static LearnedRanker Train(
        IEnumerable<TrainingGroup> groups, string analyzerFingerprint, int seed = DefaultSeed, LightGbmSettings? settings = null, CrossValidationFigures? crossValidation = null)
    {
        settings ??= new LightGbmSettings();
        var informative = groups.Where(g => g.Grades.Select(Label).Distinct().Count() > 1).ToList();
        var ml = new MLContext(seed);
        var header = new LearnedModelHeader(
            LearnedModelHeader.CurrentFormat, RankingFeatures.Version, RankingFeatures.Names.ToArray(), analyzerFingerprint,
            RankingFeatures.CandidateDepth, informative.Count, seed, settings, crossValidation);
        if (informative.Count == 0)
        {
            // Nothing to learn from: the ranker keeps the lexical order.
            return new LearnedRanker(ml, null, header);
        }

        var rows = informative.SelectMany((g, gi) => g.Rows.Select((r, i) => new InputRow { Label = Label(g.Grades[i]), GroupId = (uint)gi + 1, Features = r.Features })).ToList();

        // Small judgment sets (a few queries) cannot fill 20-example leaves; without a single split LightGBM's first
        // tree is a lone leaf, which ML.NET 5.0 cannot convert (ArgumentNullException), so such data falls back below.
        var minimumPerLeaf = Math.Max(2, Math.Min(settings.MinimumExamplesPerLeaf, rows.Count / (4 * settings.Leaves)));
        var data = ml.Data.LoadFromEnumerable(rows, InputSchema());
        var trainer = ml.Ranking.Trainers.LightGbm(new LightGbmRankingTrainer.Options
        {
            LabelColumnName = nameof(InputRow.Label),
            FeatureColumnName = nameof(InputRow.Features),
            RowGroupColumnName = nameof(InputRow.GroupId),
            NumberOfLeaves = settings.Leaves,
            NumberOfIterations = settings.Trees,
            LearningRate = settings.LearningRate,
            MinimumExampleCountPerLeaf = minimumPerLeaf,
            Seed = seed,
            NumberOfThreads = 1,
            Silent = true,
        });
        try
        {
            return new LearnedRanker(ml, trainer.Fit(data), header);
        }
        catch (ArgumentNullException)
        {
            // No tree could split (too few or too uniform examples): nothing was learned, keep the lexical order.
            return new LearnedRanker(ml, null, header with { TrainingQueries = 0 });
        }
    }

    /// <summary>One score per row; higher ranks first. Without a model (nothing to learn from), lexical order.</summary>
    public float[] Score(IReadOnlyList<FeatureRow> rows)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        if (_engines is null)
        {
            return rows.Select(r => -(float)r.PoolRank).ToArray();
        }

        var engine = _engines.Get();
        try
        {
            var scores = new float[rows.Count];
            var input = new InputRow();
            var output = new ScoreRow();
            for (var i = 0; i < rows.Count; i++)
            {
                input.Features = rows[i].Features;
                engine.Predict(input, ref output);
                scores[i] = output.Score;
            }

            return scores;
        }
        finally
        {
            _engines.Return(engine);
        }
    }

    /// <summary>The rows re-ordered by score, ties kept in lexical order.</summary>
    public IReadOnlyList<(FeatureRow Row, float Score)> Rerank(IReadOnlyList<FeatureRow> rows)
    {
        var scores = Score(rows);
        return rows.Select((r, i) => (Row: r, Score: scores[i])).OrderByDescending(p => p.Score).ThenBy(p => p.Row.PoolRank).ToList();
    }

    /// <summary>Writes one zip holding <c>header.json</c> and the ML.NET model (<c>model.zip</c>).</summary>
    public void Save(string path)
    {
        using var file = File.Create(path);
        using var archive = new ZipArchive(file, ZipArchiveMode.Create);
        using (var header = archive.CreateEntry(HeaderEntry).Open())
        {
            JsonSerializer.Serialize(header, Header, Json);
        }

        if (_model is not null)
        {
            using var model = archive.CreateEntry(ModelEntry).Open();
            using var buffer = new MemoryStream();
            _ml.Model.Save(_model, SchemaOf(_ml), buffer);
            buffer.Position = 0;
            buffer.CopyTo(model);
        }
    }

    /// <summary>Reads a model file's header only (cheap: to check it fits before loading).</summary>
    public static LearnedModelHeader ReadHeader(string path)
    {
        using var archive = ZipFile.OpenRead(path);
        var entry = archive.GetEntry(HeaderEntry) ?? throw new InvalidDataException($"{path}: not a learned-ranking model (no {HeaderEntry}).");
        using var stream = entry.Open();
        return JsonSerializer.Deserialize<LearnedModelHeader>(stream, Json) ?? throw new InvalidDataException($"{path}: empty model header.");
    }

    public static LearnedRanker Load(string path)
    {
        var header = ReadHeader(path);
        var ml = new MLContext(header.Seed);
        using var archive = ZipFile.OpenRead(path);
        var entry = archive.GetEntry(ModelEntry);
        if (entry is null)
        {
            return new LearnedRanker(ml, null, header);
        }

        using var buffer = new MemoryStream();
        using (var stream = entry.Open())
        {
            stream.CopyTo(buffer);
        }

        buffer.Position = 0;
        return new LearnedRanker(ml, ml.Model.Load(buffer, out _), header);
    }

    private static float Label(int grade) => Math.Clamp(grade, 0, 30);

    private static SchemaDefinition InputSchema()
    {
        var schema = SchemaDefinition.Create(typeof(InputRow));
        schema[nameof(InputRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, RankingFeatures.Count);
        schema[nameof(InputRow.GroupId)].ColumnType = new KeyDataViewType(typeof(uint), uint.MaxValue - 1);
        return schema;
    }

    private static DataViewSchema SchemaOf(MLContext ml) =>
        ml.Data.LoadFromEnumerable(Array.Empty<InputRow>(), InputSchema()).Schema;

    private sealed class EnginePolicy(MLContext ml, ITransformer model) : PooledObjectPolicy<PredictionEngine<InputRow, ScoreRow>>
    {
        public override PredictionEngine<InputRow, ScoreRow> Create() =>
            ml.Model.CreatePredictionEngine<InputRow, ScoreRow>(model, inputSchemaDefinition: InputSchema());

        public override bool Return(PredictionEngine<InputRow, ScoreRow> obj) => true;
    }

    private sealed class InputRow
    {
        public float Label { get; set; }

        public uint GroupId { get; set; }

        public float[] Features { get; set; } = [];
    }

    private sealed class ScoreRow
    {
        public float Score { get; set; }
    }
}
