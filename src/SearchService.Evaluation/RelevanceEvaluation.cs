using SearchService.Engine.Retrieval;

using SearchService.Engine.Judgments;

using SearchService.Engine;

namespace SearchService.Evaluation;

/// <summary>One mode's outcome: its metrics and its rankings (for a TREC run file).</summary>
public sealed record ModeEvaluation(SearchMode Mode, EvaluationResult Result, RankingRunResult Run);

/// <summary>Hybrid retrieval under other ranking settings (fusion, weights, pool, floors), labelled for the report.</summary>
public sealed record RankingVariant(string Label, RankingOptions Ranking);

/// <summary>One variant's hybrid outcome.</summary>
public sealed record VariantEvaluation(string Label, EvaluationResult Result, RankingRunResult Run);

/// <summary>A relevance test: the index that was built, and each mode's outcome.</summary>
public sealed record EvaluationReport(string Dataset, int Documents, int Queries, double IndexSeconds, long IndexBytes, IReadOnlyList<ModeEvaluation> Modes, LearnedEvaluation? Learned = null)
{
    /// <summary>Hybrid under each requested <see cref="RankingVariant"/>, on the same index.</summary>
    public IReadOnlyList<VariantEvaluation> Variants { get; init; } = [];

    public IEnumerable<MetricsRow> Rows => Modes.Select(m =>
        new MetricsRow(Dataset, m.Mode.ToString().ToLowerInvariant(), m.Result.Mean, IndexSeconds, m.Run.Latency))
        .Concat(Variants.Select(v => new MetricsRow(Dataset, $"hybrid[{v.Label}]", v.Result.Mean, IndexSeconds, v.Run.Latency)))
        .Concat(Learned is null ? [] : [new MetricsRow(Dataset, "learned", Learned.Learned.Mean, IndexSeconds, Learned.Run.Latency)]);
}

/// <summary>Progress of a relevance test: which stage, how far, out of how many.</summary>
public readonly record struct EvaluationProgress(string Stage, int Done, int Total);

/// <summary>Builds a throwaway index of the subject, runs its judged queries in each mode, and scores the rankings.</summary>
public static class RelevanceEvaluation
{
    /// <summary>
    /// Runs <paramref name="modes"/>; with <paramref name="learnedFolds"/>, also cross-validates the learned ranker
    /// (re-ranking the lexical top 100) on the subject's own judgments.
    /// </summary>
    public static EvaluationReport Run(
        EvaluationSubject subject, SearchOptions options, IReadOnlyList<SearchMode> modes, IProgress<EvaluationProgress>? progress = null, int? learnedFolds = null, Engine.Ranking.Learned.LightGbmSettings? learnedSettings = null,
        IReadOnlyList<RankingVariant>? variants = null, RankingWarmUp? warmUp = null)
    {
        using var index = EvaluationIndex.Build(
            subject.Documents(), options, Relay(progress, "indexing", subject.DocumentCount));
        var outcomes = new List<ModeEvaluation>();
        foreach (var mode in modes)
        {
            var run = RankingRun.Execute(
                text => index.Engine.Rank(text, RankingRun.Depth, mode),
                subject.Queries,
                subject.JudgedIdOf,
                Relay(progress, mode.ToString().ToLowerInvariant(), subject.Queries.Count),
                warmUp);
            outcomes.Add(new ModeEvaluation(mode, Evaluator.Evaluate(subject.Qrels, run.Run), run));
        }

        var compared = new List<VariantEvaluation>();
        foreach (var variant in variants ?? [])
        {
            var engine = index.EngineWith(options.WithRanking(variant.Ranking));
            var run = RankingRun.Execute(
                text => engine.Rank(text, RankingRun.Depth, SearchMode.Hybrid),
                subject.Queries,
                subject.JudgedIdOf,
                Relay(progress, variant.Label, subject.Queries.Count),
                warmUp);
            compared.Add(new VariantEvaluation(variant.Label, Evaluator.Evaluate(subject.Qrels, run.Run), run));
        }

        LearnedEvaluation? learned = null;
        if (learnedFolds is { } folds)
        {
            var judged = CrossValidation.Collect(index.Features, subject.Queries, subject.Qrels, subject.JudgedIdOf, Relay(progress, "features", subject.Queries.Count));
            learned = CrossValidation.Run(judged, subject.Qrels, subject.JudgedIdOf, index.AnalyzerFingerprint, folds, settings: learnedSettings, progress: Relay(progress, "learned folds", folds));
        }

        return new EvaluationReport(subject.Name, index.Documents, subject.Queries.Count, index.BuildTime.TotalSeconds, index.SizeOnDiskBytes, outcomes, learned)
        {
            Variants = compared,
        };
    }

    /// <summary>Trains the learned ranker on every judged query of the subject (after cross-validating it when <paramref name="folds"/> is given).</summary>
    public static (Engine.Ranking.Learned.LearnedRanker Ranker, LearnedEvaluation? CrossValidation) Train(
        EvaluationSubject subject, SearchOptions options, int? folds, IProgress<EvaluationProgress>? progress = null, Engine.Ranking.Learned.LightGbmSettings? settings = null)
    {
        using var index = EvaluationIndex.Build(subject.Documents(), options, Relay(progress, "indexing", subject.DocumentCount));
        var judged = CrossValidation.Collect(index.Features, subject.Queries, subject.Qrels, subject.JudgedIdOf, Relay(progress, "features", subject.Queries.Count));
        var cv = folds is { } k ? CrossValidation.Run(judged, subject.Qrels, subject.JudgedIdOf, index.AnalyzerFingerprint, k, settings: settings, progress: Relay(progress, "learned folds", k)) : null;
        var ranker = Engine.Ranking.Learned.LearnedRanker.Train(judged.Select(j => j.ToTrainingGroup()), index.AnalyzerFingerprint, settings: settings, crossValidation: cv?.Figures);
        return (ranker, cv);
    }

    private static IProgress<int>? Relay(IProgress<EvaluationProgress>? progress, string stage, int total) =>
        progress is null ? null : new CallbackProgress<int>(done => progress.Report(new EvaluationProgress(stage, done, total)));

    /// <summary>Reports on the calling thread, in order (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class CallbackProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
