using System.Diagnostics;
using System.Text;
using SearchService.Engine.Ranking.Learned;
using SearchService.Engine.Retrieval;

using SearchService.Engine.Judgments;

namespace SearchService.Evaluation;

/// <summary>One fold: which queries trained its model, which it ranked, and both rankers' mean nDCG@10 on the latter.</summary>
public sealed record FoldResult(int Fold, IReadOnlyList<string> TrainedOn, IReadOnlyList<string> Tested, int InformativeTrainingQueries, double LexicalNdcgAt10, double LearnedNdcgAt10);

/// <summary>
/// The outcome of k-fold cross-validation of the learned ranker: each query ranked by the model of its fold, trained
/// on the other folds only. <see cref="Lexical"/> is the BM25 order of the same candidates, measured on the same queries.
/// </summary>
public sealed record LearnedEvaluation(
    int Folds,
    IReadOnlyList<FoldResult> PerFold,
    EvaluationResult Lexical,
    EvaluationResult Learned,
    RankingRunResult Run,
    double PValue)
{
    public CrossValidationFigures Figures => new(Folds, Learned.PerQuery.Count, Lexical.Mean.NdcgAt10, Learned.Mean.NdcgAt10, PValue);
}

/// <summary>A judged query's label-free candidates and the grades of those candidates (unjudged = 0).</summary>
public sealed record JudgedCandidates(string QueryId, IReadOnlyList<FeatureRow> Rows, IReadOnlyList<int> Grades, double ExtractMs)
{
    public TrainingGroup ToTrainingGroup() => new(QueryId, Rows, Grades);
}

/// <summary>
/// k-fold cross-validation of <see cref="LearnedRanker"/> by a stable hash of the query id (FNV-1a mod k), so a
/// query's fold never depends on the order or number of other queries, and two runs are identical.
/// </summary>
public static class CrossValidation
{
    public const int Permutations = 10_000;

    /// <summary>The fold of a query: FNV-1a (32-bit) of its UTF-8 id, mod <paramref name="folds"/>.</summary>
    public static int FoldOf(string queryId, int folds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(queryId))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return (int)(hash % (uint)folds);
    }

    /// <summary>Extracts every judged query's candidates (label-free) and attaches their grades from <paramref name="qrels"/>.</summary>
    public static IReadOnlyList<JudgedCandidates> Collect(
        RankingFeatures features, IReadOnlyList<EvaluationQuery> queries, Qrels qrels, Func<RankedPassage, string> judgedIdOf, IProgress<int>? progress = null)
    {
        var all = new List<JudgedCandidates>(queries.Count);
        foreach (var query in queries)
        {
            var clock = Stopwatch.StartNew();
            var rows = features.Extract(query.Text);
            var elapsed = clock.Elapsed.TotalMilliseconds;
            var grades = rows.Select(r => qrels.GradeOf(query.Id, judgedIdOf(r.Passage)) ?? 0).ToList();
            all.Add(new JudgedCandidates(query.Id, rows, grades, elapsed));
            if (all.Count % 25 == 0)
            {
                progress?.Report(all.Count);
            }
        }

        progress?.Report(all.Count);
        return all;
    }

    public static LearnedEvaluation Run(
        IReadOnlyList<JudgedCandidates> judged, Qrels qrels, Func<RankedPassage, string> judgedIdOf, string analyzerFingerprint,
        int folds = 5, int seed = LearnedRanker.DefaultSeed, LightGbmSettings? settings = null, IProgress<int>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var foldOf = judged.ToDictionary(j => j.QueryId, j => FoldOf(j.QueryId, folds), StringComparer.Ordinal);
        var learnedRun = new Dictionary<string, IReadOnlyList<RankedDoc>>(StringComparer.Ordinal);
        var lexicalRun = new Dictionary<string, IReadOnlyList<RankedDoc>>(StringComparer.Ordinal);
        var latencies = new List<double>(judged.Count);
        var trainedOn = new List<(List<string> Train, List<string> Test, int Informative)>();
        for (var fold = 0; fold < folds; fold++)
        {
            var train = judged.Where(j => foldOf[j.QueryId] != fold).ToList();
            var test = judged.Where(j => foldOf[j.QueryId] == fold).ToList();
            var ranker = LearnedRanker.Train(train.Select(j => j.ToTrainingGroup()), analyzerFingerprint, seed, settings);
            trainedOn.Add((train.Select(j => j.QueryId).ToList(), test.Select(j => j.QueryId).ToList(), ranker.Header.TrainingQueries));
            foreach (var query in test)
            {
                var clock = Stopwatch.StartNew();
                var reranked = ranker.Rerank(query.Rows);
                latencies.Add(query.ExtractMs + clock.Elapsed.TotalMilliseconds);
                learnedRun[query.QueryId] = Distinct(reranked.Select(p => new RankedDoc(judgedIdOf(p.Row.Passage), p.Score)));
                // The baseline is the candidates in BM25 order (those BM25 did not retrieve last, in pool order).
                var byLexical = query.Rows.OrderBy(r => r.LexicalRank ?? int.MaxValue).ThenBy(r => r.PoolRank);
                lexicalRun[query.QueryId] = Distinct(byLexical.Select(r => new RankedDoc(judgedIdOf(r.Passage), r.Passage.Score)));
            }

            progress?.Report(fold + 1);
        }

        // Only the judged queries that were run are measured (both rankers on the same set).
        var measured = new Qrels(judged.ToDictionary(j => j.QueryId, j => qrels.For(j.QueryId), StringComparer.Ordinal));
        var learned = Evaluator.Evaluate(measured, learnedRun);
        var lexical = Evaluator.Evaluate(measured, lexicalRun);
        var lexicalOf = lexical.PerQuery.ToDictionary(q => q.QueryId, q => q.Metrics.NdcgAt10, StringComparer.Ordinal);
        var learnedOf = learned.PerQuery.ToDictionary(q => q.QueryId, q => q.Metrics.NdcgAt10, StringComparer.Ordinal);
        var perFold = trainedOn.Select((t, fold) =>
        {
            var scored = t.Test.Where(learnedOf.ContainsKey).ToList();
            return new FoldResult(
                fold, t.Train, t.Test, t.Informative,
                scored.Count == 0 ? 0 : scored.Average(q => lexicalOf[q]),
                scored.Count == 0 ? 0 : scored.Average(q => learnedOf[q]));
        }).ToList();
        var ids = learned.PerQuery.Select(q => q.QueryId).ToList();
        var p = PairedRandomization.PValue(ids.Select(q => learnedOf[q]).ToList(), ids.Select(q => lexicalOf[q]).ToList(), Permutations, seed);
        var latency = latencies.Count == 0 ? new LatencySummary(0, 0, 0) : LatencySummary.From(latencies);
        return new LearnedEvaluation(folds, perFold, lexical, learned, new RankingRunResult(learnedRun, latency), p);
    }

    private static List<RankedDoc> Distinct(IEnumerable<RankedDoc> ranking)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return ranking.Where(doc => seen.Add(doc.DocId)).ToList();
    }
}
