using SearchService.Engine.Judgments;
using SearchService.Evaluation;
using static SearchService.UnitTests.Evaluation.Rankings;

namespace SearchService.UnitTests.Evaluation;

public sealed class RunComparisonTests
{
    [Fact]
    public void PairedRandomization_IdenticalScores_IsOne()
    {
        var scores = new[] { 0.2, 0.5, 0.9, 0.0 };

        Assert.Equal(1.0, PairedRandomization.PValue(scores, scores));
    }

    [Fact]
    public void PairedRandomization_ThreeEqualGains_IsExactlyTwoOfEightSignAssignments()
    {
        // Differences +1, +1, +1: of the 8 sign assignments only +++ and --- reach |sum| = 3.
        Assert.Equal(0.25, PairedRandomization.PValue([1, 1, 1], [0, 0, 0]));
    }

    [Fact]
    public void PairedRandomization_TiedQueriesAreLeftOut_MixedSignsCountedByHand()
    {
        // Non-zero differences +.5, -.5, +.5, +.5 (observed |sum| = 1) plus two ties. Sign assignments of four halves
        // reach |sum| >= 1 when the signs sum to ±2 or ±4: 4 + 4 + 1 + 1 = 10 of 16.
        double[] a = [0.5, 0.0, 0.5, 0.5, 0.3, 0.7];
        double[] b = [0.0, 0.5, 0.0, 0.0, 0.3, 0.7];

        Assert.Equal(10.0 / 16, PairedRandomization.PValue(a, b));
        Assert.Equal(PairedRandomization.PValue(a, b), PairedRandomization.PValue(b, a));
    }

    [Fact]
    public void PairedRandomization_ManyConsistentGains_IsSmallAndTheSameEveryRun()
    {
        var baseline = Enumerable.Range(0, 40).Select(i => i / 40.0).ToArray();
        var better = baseline.Select(x => x + 0.05).ToArray();

        var p = PairedRandomization.PValue(better, baseline);

        Assert.True(p < 0.001, $"p = {p}");
        Assert.Equal(p, PairedRandomization.PValue(better, baseline));
    }

    [Fact]
    public void Compare_ReportsMeansDifferencePValueAndTheQueriesThatMovedMost()
    {
        var qrels = Qrels(("q1", "a", 1), ("q2", "b", 1), ("q3", "c", 1));
        var candidate = Evaluator.Evaluate(qrels, new Dictionary<string, IReadOnlyList<RankedDoc>>
        {
            ["q1"] = Of("a"), ["q2"] = Of("b"), ["q3"] = Of("x", "c"),
        });
        var baseline = Evaluator.Evaluate(qrels, new Dictionary<string, IReadOnlyList<RankedDoc>>
        {
            ["q1"] = Of("x", "a"), ["q2"] = Of("b"), ["q3"] = Of("c"),
        });

        var comparison = RunComparison.Of("hybrid", candidate, "lexical", baseline);

        var mrr = comparison.For(Metric.MrrAt10);
        Assert.Equal(3, comparison.Queries);
        Assert.Equal((1 + 1 + 0.5) / 3, mrr.Candidate, 12);
        Assert.Equal((0.5 + 1 + 1) / 3, mrr.Baseline, 12);
        Assert.Equal(0, mrr.Difference, 12);
        // q1 gained +x, q3 lost -x: two non-zero differences, every one of the 4 assignments reaches |sum| >= 0.
        Assert.Equal(1.0, mrr.PValue);
        Assert.Equal("q1", Assert.Single(comparison.Gained).QueryId);
        Assert.Equal("q3", Assert.Single(comparison.Lost).QueryId);
        Assert.Contains("hybrid vs lexical (3 queries", comparison.Render(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ndcg@10=0.7", null, "nDCG@10", 0.7)]
    [InlineData("nDCG@10=0.70", null, "nDCG@10", 0.7)]
    [InlineData("hybrid:MAP@100=0.25", "hybrid", "MAP@100", 0.25)]
    [InlineData("recall@100=1", null, "R@100", 1.0)]
    public void MetricFloor_ParsesEveryPrintedMetricName(string spec, string? run, string metric, double minimum)
    {
        var floor = MetricFloor.Parse(spec);

        Assert.Equal(run, floor.Run);
        Assert.Equal(metric, floor.Metric.Name);
        Assert.Equal(minimum, floor.Minimum);
    }

    [Theory]
    [InlineData("ndcg@10")]
    [InlineData("ndcg@5=0.7")]
    [InlineData("ndcg@10=high")]
    [InlineData("ndcg@10=1.5")]
    public void MetricFloor_RejectsWhatIsNotAPrintedMetricAndAFraction(string spec) =>
        Assert.Throws<FormatException>(() => MetricFloor.Parse(spec));

    [Fact]
    public void Gate_FailsBelowAFloor_AndOnADropBeyondTheTolerance()
    {
        var qrels = Qrels(("q1", "a", 1), ("q2", "b", 1));
        var good = Evaluator.Evaluate(qrels, new Dictionary<string, IReadOnlyList<RankedDoc>> { ["q1"] = Of("a"), ["q2"] = Of("b") });
        var worse = Evaluator.Evaluate(qrels, new Dictionary<string, IReadOnlyList<RankedDoc>> { ["q1"] = Of("a"), ["q2"] = Of("x", "b") });

        Assert.Empty(QualityGate.BelowFloors([("hybrid", good)], [MetricFloor.Parse("ndcg@10=0.9")]));
        Assert.Equal(["lexical MRR@10 0.750 < 0.900"], QualityGate.BelowFloors([("hybrid", good), ("lexical", worse)], [MetricFloor.Parse("mrr@10=0.9")]));

        var comparison = RunComparison.Of("hybrid", worse, "baseline.txt", good);
        Assert.Single(QualityGate.WorseThanBaseline([comparison], Metric.MrrAt10, tolerance: 0.1, alpha: null));
        Assert.Empty(QualityGate.WorseThanBaseline([comparison], Metric.MrrAt10, tolerance: 0.3, alpha: null));
        // Two queries can never be significant (the smallest two-sided p is 2/2 = 1 for one moved query).
        Assert.Empty(QualityGate.WorseThanBaseline([comparison], Metric.MrrAt10, tolerance: 0.1, alpha: 0.05));
    }
}
