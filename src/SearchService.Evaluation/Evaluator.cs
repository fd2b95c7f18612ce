using SearchService.Engine.Judgments;

namespace SearchService.Evaluation;

/// <summary>
/// Scores a run against qrels with the five metrics of <see cref="MetricSet"/>, as trec_eval <c>-c</c> would.
/// <list type="bullet">
/// <item>Rankings are measured in the order given. To reproduce trec_eval, pass the run through
/// <see cref="RankingOrder.TrecEval(IReadOnlyDictionary{string, IReadOnlyList{RankedDoc}})"/> first.</item>
/// <item>Every query in the qrels is evaluated. A query the run has no entry for scores 0 on everything: that is
/// trec_eval's <c>-c</c> ("average over the complete set of queries in the relevance judgements"). Without it, a
/// system that returns nothing for its hardest queries would look better.</item>
/// <item>Run queries absent from the qrels are ignored, as trec_eval ignores them: there is nothing to measure.</item>
/// <item>A query whose qrels have no document with grade ≥ 1 follows <see cref="NoRelevantJudgmentsPolicy"/>; by default it
/// is excluded from the mean. Note that trec_eval does <em>not</em> skip such queries (it scores them 0), so use
/// <see cref="NoRelevantJudgmentsPolicy.CountAsZero"/> when matching trec_eval's mean.</item>
/// <item>A ranking that lists a doc id twice is rejected, as trec_eval rejects it ("duplicate docs").</item>
/// </list>
/// </summary>
public static class Evaluator
{
    private static readonly IReadOnlyList<RankedDoc> NothingRetrieved = [];

    public static EvaluationResult Evaluate(
        Qrels qrels,
        IReadOnlyDictionary<string, IReadOnlyList<RankedDoc>> run,
        NoRelevantJudgmentsPolicy noRelevantJudgments = NoRelevantJudgmentsPolicy.ExcludeFromMean)
    {
        ArgumentNullException.ThrowIfNull(qrels);
        ArgumentNullException.ThrowIfNull(run);

        var perQuery = new List<QueryMetrics>();
        var withoutRelevant = new List<string>();
        foreach (var queryId in qrels.QueryIds)
        {
            var grades = qrels.For(queryId);
            var ranking = run.TryGetValue(queryId, out var hits) ? hits : NothingRetrieved;
            RequireDistinctDocIds(queryId, ranking);

            if (qrels.RelevantCount(queryId) == 0)
            {
                withoutRelevant.Add(queryId);
                if (noRelevantJudgments == NoRelevantJudgmentsPolicy.ExcludeFromMean)
                {
                    continue;
                }
            }

            perQuery.Add(new QueryMetrics(queryId, Measure(ranking, grades)));
        }

        if (perQuery.Count == 0)
        {
            // trec_eval also refuses ("No queries with both results and relevance info"): a mean of nothing is not 0.
            throw new ArgumentException("No query in the qrels can be evaluated (none has a relevant judgment).", nameof(qrels));
        }

        return new EvaluationResult(perQuery, MeanOf(perQuery), withoutRelevant);
    }

    /// <summary>The five metrics of one query's ranking.</summary>
    public static MetricSet Measure(IReadOnlyList<RankedDoc> ranking, IReadOnlyDictionary<string, int> grades) =>
        new(
            NdcgAt10: RetrievalMetrics.NdcgAt(ranking, grades, 10),
            MrrAt10: RetrievalMetrics.ReciprocalRankAt(ranking, grades, 10),
            RecallAt100: RetrievalMetrics.RecallAt(ranking, grades, 100),
            MapAt100: RetrievalMetrics.AveragePrecisionAt(ranking, grades, 100),
            PrecisionAt10: RetrievalMetrics.PrecisionAt(ranking, grades, 10));

    internal static MetricSet MeanOf(IReadOnlyList<QueryMetrics> perQuery)
    {
        // Arithmetic mean over queries (macro average), as trec_eval's summary line.
        double n = perQuery.Count;
        return new MetricSet(
            perQuery.Sum(q => q.Metrics.NdcgAt10) / n,
            perQuery.Sum(q => q.Metrics.MrrAt10) / n,
            perQuery.Sum(q => q.Metrics.RecallAt100) / n,
            perQuery.Sum(q => q.Metrics.MapAt100) / n,
            perQuery.Sum(q => q.Metrics.PrecisionAt10) / n);
    }

    private static void RequireDistinctDocIds(string queryId, IReadOnlyList<RankedDoc> ranking)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var hit in ranking)
        {
            if (!seen.Add(hit.DocId))
            {
                throw new ArgumentException($"Query {queryId} lists document {hit.DocId} more than once.", "run");
            }
        }
    }
}
