using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace SearchService.Engine.Ranking.Learned;

/// <summary>Why the model scored a row as it did: ML.NET's feature contributions of the tree ensemble.</summary>
public sealed partial class LearnedRanker
{
    // Built on first use and kept: fitting it reads no data, but rebuilding it per explained request would be waste.
    // Two threads racing here build equal calculators; either one may be kept.
    private ITransformer? _contributionCalculator;

    /// <summary>
    /// Per row, one value per feature (<see cref="RankingFeatures.Names"/> order): for each split on the row's path in each tree, the leaf
    /// value reached minus the one reached had the split gone the other way, credited to the split's feature and summed, in score units
    /// (so they do not add up to the score). Without a model the order is lexical and no feature moved anything: all 0.
    /// </summary>
    public IReadOnlyList<float[]> Contributions(IReadOnlyList<FeatureRow> rows)
    {
        if (_model is null || rows.Count == 0)
        {
            return rows.Select(_ => new float[RankingFeatures.Count]).ToList();
        }

        var data = _ml.Data.LoadFromEnumerable(rows.Select(r => new ContributionInput { Features = r.Features }), ContributionSchema());
        var calculator = _contributionCalculator ??= ContributionCalculator(_model);
        return _ml.Data.CreateEnumerable<ContributionOutput>(calculator.Transform(data), reuseRowObject: false)
            .Select(c => c.FeatureContributions)
            .ToList();
    }

    /// <summary>
    /// Trained or read back by <c>ml.Model.Load</c>, the model is a <c>RankingPredictionTransformer&lt;LightGbmRankingModelParameters&gt;</c>
    /// (checked by a save/load test); its parameters calculate contributions, and the interface is covariant, so one cast serves both.
    /// </summary>
    private ITransformer ContributionCalculator(ITransformer model)
    {
        var predictor = model as ISingleFeaturePredictionTransformer<ICalculateFeatureContribution>
            ?? throw new InvalidOperationException($"The learned model ({model.GetType().Name}) cannot calculate feature contributions.");

        // Every feature, positive and negative, unscaled: an engineer compares them across passages and with the score.
        var all = RankingFeatures.Count;
        var empty = _ml.Data.LoadFromEnumerable(Array.Empty<ContributionInput>(), ContributionSchema());
        return _ml.Transforms.CalculateFeatureContribution(predictor, numberOfPositiveContributions: all, numberOfNegativeContributions: all, normalize: false).Fit(empty);
    }

    private static SchemaDefinition ContributionSchema()
    {
        var schema = SchemaDefinition.Create(typeof(ContributionInput));
        schema[nameof(ContributionInput.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, RankingFeatures.Count);
        return schema;
    }

    /// <summary>The model's input: only its feature column (named as in training).</summary>
    private sealed class ContributionInput
    {
        public float[] Features { get; set; } = [];
    }

    private sealed class ContributionOutput
    {
        public float[] FeatureContributions { get; set; } = [];
    }
}
