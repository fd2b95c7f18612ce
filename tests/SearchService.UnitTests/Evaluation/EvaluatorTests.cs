using SearchService.Engine.Judgments;
using SearchService.Evaluation;
using static SearchService.UnitTests.Evaluation.Rankings;

namespace SearchService.UnitTests.Evaluation;

public sealed class EvaluatorTests
{
    // q1: a relevant, retrieved at rank 1 → every metric at its best except P@10 = 1/10 and R@100 = 1.
    // q2: b relevant, query missing from the run → all 0 (trec_eval -c).
    // q3: only a grade-0 judgment → no relevant document.
    // q4 is in the run but not in the qrels → ignored.
    private static readonly Qrels Judgments = Qrels(("q1", "a", 1), ("q2", "b", 2), ("q3", "c", 0));

    private static readonly Dictionary<string, IReadOnlyList<RankedDoc>> Run = new()
    {
        ["q1"] = Of("a", "x"),
        ["q3"] = Of("c"),
        ["q4"] = Of("z"),
    };

    [Fact]
    public void Evaluate_QueryMissingFromRun_CountsAsZeroInMean()
    {
        var result = Evaluator.Evaluate(Judgments, Run);

        // Mean over q1 and q2: nDCG (1 + 0) / 2 = 0.5, MRR 0.5, R@100 0.5, MAP@100 0.5, P@10 (0.1 + 0) / 2 = 0.05.
        Assert.Equal(new MetricSet(0.5, 0.5, 0.5, 0.5, 0.05), result.Mean);
        Assert.Equal(["q1", "q2"], result.PerQuery.Select(q => q.QueryId));
        Assert.Equal(MetricSet.Zero, result.PerQuery.Single(q => q.QueryId == "q2").Metrics);
    }

    [Fact]
    public void Evaluate_QueryWithoutRelevantJudgments_IsExcludedFromMeanByDefault()
    {
        var result = Evaluator.Evaluate(Judgments, Run);

        Assert.DoesNotContain(result.PerQuery, q => q.QueryId == "q3");
        Assert.Equal(["q3"], result.QueriesWithoutRelevant);
    }

    [Fact]
    public void Evaluate_CountAsZeroPolicy_IncludesQueryWithoutRelevantJudgmentsLikeTrecEval()
    {
        var result = Evaluator.Evaluate(Judgments, Run, NoRelevantJudgmentsPolicy.CountAsZero);

        // Mean over q1, q2, q3: nDCG (1 + 0 + 0) / 3; P@10 (0.1 + 0 + 0) / 3.
        Assert.Equal(["q1", "q2", "q3"], result.PerQuery.Select(q => q.QueryId));
        Assert.Equal(1.0 / 3.0, result.Mean.NdcgAt10, 12);
        Assert.Equal(0.1 / 3.0, result.Mean.PrecisionAt10, 12);
    }

    [Fact]
    public void Evaluate_QueryOnlyInRun_IsIgnored()
    {
        var result = Evaluator.Evaluate(Judgments, Run);

        Assert.DoesNotContain(result.PerQuery, q => q.QueryId == "q4");
    }

    [Fact]
    public void Evaluate_GradedRun_ReportsHandComputedPerQueryMetrics()
    {
        // Ranking b a c d, grades a=2 b=1 c=0 d=2 (see RetrievalMetricsTests for nDCG = 0.830231064546518).
        // Relevant: b (rank 1), a (rank 2), d (rank 4); 3 relevant in total.
        // RR = 1; R@100 = 3/3; AP@100 = (1/1 + 2/2 + 3/4) / 3 = 2.75 / 3 = 0.916666666666667; P@10 = 3/10.
        var qrels = Qrels(("q", "a", 2), ("q", "b", 1), ("q", "c", 0), ("q", "d", 2));
        var run = new Dictionary<string, IReadOnlyList<RankedDoc>> { ["q"] = Of("b", "a", "c", "d") };

        var metrics = Evaluator.Evaluate(qrels, run).PerQuery.Single().Metrics;

        Assert.Equal(0.830231064546518, metrics.NdcgAt10, 12);
        Assert.Equal(1.0, metrics.MrrAt10, 12);
        Assert.Equal(1.0, metrics.RecallAt100, 12);
        Assert.Equal(0.916666666666667, metrics.MapAt100, 12);
        Assert.Equal(0.3, metrics.PrecisionAt10, 12);
    }

    [Fact]
    public void Evaluate_DuplicateDocInRanking_Throws()
    {
        // trec_eval refuses a run with a duplicated docno for a query; so do we.
        var run = new Dictionary<string, IReadOnlyList<RankedDoc>> { ["q1"] = Of("a", "a") };

        var error = Assert.Throws<ArgumentException>(() => Evaluator.Evaluate(Judgments, run));

        Assert.Contains("q1", error.Message);
    }

    [Fact]
    public void Evaluate_NoQueryWithRelevantJudgments_Throws()
    {
        Assert.Throws<ArgumentException>(() => Evaluator.Evaluate(Qrels(("q3", "c", 0)), Run));
    }
}
