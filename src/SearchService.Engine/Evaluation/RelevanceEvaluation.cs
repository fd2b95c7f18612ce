using SearchService.Engine.Retrieval;

namespace SearchService.Engine.Evaluation;

/// <summary>One mode's outcome: its metrics and its rankings (for a TREC run file).</summary>
public sealed record ModeEvaluation(SearchMode Mode, EvaluationResult Result, RankingRunResult Run);

/// <summary>A relevance test: the index that was built, and each mode's outcome.</summary>
public sealed record EvaluationReport(string Dataset, int Documents, int Queries, double IndexSeconds, long IndexBytes, IReadOnlyList<ModeEvaluation> Modes)
{
    public IEnumerable<MetricsRow> Rows => Modes.Select(m =>
        new MetricsRow(Dataset, m.Mode.ToString().ToLowerInvariant(), m.Result.Mean, IndexSeconds, m.Run.Latency));
}

/// <summary>Progress of a relevance test: which stage, how far, out of how many.</summary>
public readonly record struct EvaluationProgress(string Stage, int Done, int Total);

/// <summary>Builds a throwaway index of the subject, runs its judged queries in each mode, and scores the rankings.</summary>
public static class RelevanceEvaluation
{
    public static EvaluationReport Run(EvaluationSubject subject, SearchOptions options, IReadOnlyList<SearchMode> modes, IProgress<EvaluationProgress>? progress = null)
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
                Relay(progress, mode.ToString().ToLowerInvariant(), subject.Queries.Count));
            outcomes.Add(new ModeEvaluation(mode, Evaluator.Evaluate(subject.Qrels, run.Run), run));
        }

        return new EvaluationReport(subject.Name, index.Documents, subject.Queries.Count, index.BuildTime.TotalSeconds, index.SizeOnDiskBytes, outcomes);
    }

    private static IProgress<int>? Relay(IProgress<EvaluationProgress>? progress, string stage, int total) =>
        progress is null ? null : new CallbackProgress<int>(done => progress.Report(new EvaluationProgress(stage, done, total)));

    /// <summary>Reports on the calling thread, in order (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class CallbackProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
