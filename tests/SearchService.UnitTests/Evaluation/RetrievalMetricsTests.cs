using SearchService.Evaluation;
using static SearchService.UnitTests.Evaluation.Rankings;

namespace SearchService.UnitTests.Evaluation;

public sealed class RetrievalMetricsTests
{
    private const int Precision = 12;

    [Fact]
    public void NdcgAt10_BinaryJudgments_MatchesHandComputedValue()
    {
        // Ranking a x b y, relevant a and b (grade 1).
        // DCG  = 1/log2(2) + 1/log2(4)            = 1 + 0.5                 = 1.5
        // IDCG = 1/log2(2) + 1/log2(3)            = 1 + 0.630929753571457   = 1.630929753571457
        // nDCG = 1.5 / 1.630929753571457          = 0.919720789148188
        var ndcg = RetrievalMetrics.NdcgAt(Of("a", "x", "b", "y"), Grades(("a", 1), ("b", 1)), 10);

        Assert.Equal(0.919720789148188, ndcg, Precision);
    }

    [Fact]
    public void NdcgAt10_GradedJudgments_MatchesHandComputedValue()
    {
        // Ranking b a c d with grades b=1 a=2 c=0 d=2; gain is the grade itself.
        // DCG  = 1/log2(2) + 2/log2(3) + 0/log2(4) + 2/log2(5) = 1 + 1.261859507142915 + 0 + 0.861353116146786 = 3.123212623289701
        // IDCG = grades sorted 2 2 1: 2/log2(2) + 2/log2(3) + 1/log2(4) = 2 + 1.261859507142915 + 0.5       = 3.761859507142915
        // nDCG = 3.123212623289701 / 3.761859507142915 = 0.830231064546518
        var ndcg = RetrievalMetrics.NdcgAt(Of("b", "a", "c", "d"), Grades(("a", 2), ("b", 1), ("c", 0), ("d", 2)), 10);

        Assert.Equal(0.830231064546518, ndcg, Precision);
    }

    [Fact]
    public void NdcgAt10_RelevantDocsNotRetrieved_StillCountInIdealDcg()
    {
        // Only a (grade 2) is retrieved; b (2) and c (1) are judged but missing from the ranking.
        // DCG  = 2/log2(2)                           = 2
        // IDCG = 2/log2(2) + 2/log2(3) + 1/log2(4)   = 3.761859507142915
        // nDCG = 2 / 3.761859507142915               = 0.531651965258792
        var ndcg = RetrievalMetrics.NdcgAt(Of("a"), Grades(("a", 2), ("b", 2), ("c", 1)), 10);

        Assert.Equal(0.531651965258792, ndcg, Precision);
    }

    [Fact]
    public void NdcgAt10_MoreRelevantThanCutoff_IdealIsCutAtTen()
    {
        // 12 relevant docs, all retrieved first: the top 10 are as good as any ranking can be, so nDCG@10 = 1
        // (an ideal built from all 12 without the cut would be larger and give < 1).
        var relevant = Fillers(12, "r").ToArray();
        var ndcg = RetrievalMetrics.NdcgAt(Of(relevant), relevant.ToDictionary(id => id, _ => 1), 10);

        Assert.Equal(1.0, ndcg, Precision);
    }

    [Fact]
    public void NdcgAt10_NegativeGrade_GivesNoGainRatherThanALoss()
    {
        // a=-1 at rank 1 contributes 0 (trec_eval adds gain only when > 0); b=1 at rank 2.
        // DCG = 1/log2(3) = 0.630929753571457; IDCG = 1/log2(2) = 1.
        var ndcg = RetrievalMetrics.NdcgAt(Of("a", "b"), Grades(("a", -1), ("b", 1)), 10);

        Assert.Equal(0.630929753571457, ndcg, Precision);
    }

    [Fact]
    public void AllMetrics_NoRelevantDocRetrieved_AreZero()
    {
        var ranking = Of("x", "y", "z");
        var grades = Grades(("a", 2), ("x", 0));

        Assert.Equal(0.0, RetrievalMetrics.NdcgAt(ranking, grades, 10));
        Assert.Equal(0.0, RetrievalMetrics.ReciprocalRankAt(ranking, grades, 10));
        Assert.Equal(0.0, RetrievalMetrics.RecallAt(ranking, grades, 100));
        Assert.Equal(0.0, RetrievalMetrics.AveragePrecisionAt(ranking, grades, 100));
        Assert.Equal(0.0, RetrievalMetrics.PrecisionAt(ranking, grades, 10));
    }

    [Fact]
    public void MrrAt10_FirstRelevantAtRankThree_IsOneThird()
    {
        // Grade 1 at rank 3 (b at rank 1 has grade 0, not relevant): 1/3.
        var rr = RetrievalMetrics.ReciprocalRankAt(Of("b", "x", "a", "c"), Grades(("a", 1), ("b", 0), ("c", 2)), 10);

        Assert.Equal(1.0 / 3.0, rr, Precision);
    }

    [Fact]
    public void MrrAt10_FirstRelevantAtRankTen_IsOneTenth()
    {
        var rr = RetrievalMetrics.ReciprocalRankAt(Of([.. Fillers(9), "a"]), Grades(("a", 1)), 10);

        Assert.Equal(0.1, rr, Precision);
    }

    [Fact]
    public void MrrAt10_FirstRelevantAtRankEleven_IsZero()
    {
        // Uncut recip_rank would be 1/11; the cut at 10 makes it 0.
        var rr = RetrievalMetrics.ReciprocalRankAt(Of([.. Fillers(10), "a"]), Grades(("a", 1)), 10);

        Assert.Equal(0.0, rr);
    }

    [Fact]
    public void RecallAt100_CountsOnlyRelevantWithinTopHundred()
    {
        // Relevant a b c d (4) plus e judged 0. a at rank 1, b at rank 100, c at rank 101, d not retrieved.
        // Recall@100 = |{a, b}| / 4 = 0.5; e does not enter the denominator.
        var ranking = Of(["a", .. Fillers(98), "b", "c", "e"]);
        var grades = Grades(("a", 1), ("b", 2), ("c", 1), ("d", 1), ("e", 0));

        Assert.Equal(0.5, RetrievalMetrics.RecallAt(ranking, grades, 100), Precision);
    }

    [Fact]
    public void MapAt100_DividesByAllRelevantIncludingUnretrieved()
    {
        // Relevant r1..r5. r1 at rank 1, r2 at rank 3, r3 at rank 6, r4 at rank 101 (beyond the cut), r5 not retrieved.
        // Precisions at the relevant ranks ≤ 100: 1/1, 2/3, 3/6.
        // AP@100 = (1 + 0.666666666666667 + 0.5) / 5 = 2.166666666666667 / 5 = 0.433333333333333
        var ranking = Of(["r1", "x1", "r2", "x2", "x3", "r3", .. Fillers(94), "r4"]);
        var grades = Grades(("r1", 1), ("r2", 1), ("r3", 2), ("r4", 1), ("r5", 1));

        Assert.Equal(0.433333333333333, RetrievalMetrics.AveragePrecisionAt(ranking, grades, 100), Precision);
    }

    [Fact]
    public void PrecisionAt10_FewerThanTenRetrieved_DividesByTen()
    {
        // 5 retrieved, 3 relevant among them: trec_eval pads with non-relevant, so P@10 = 3/10, not 3/5.
        var precision = RetrievalMetrics.PrecisionAt(Of("a", "x", "b", "y", "c"), Grades(("a", 1), ("b", 1), ("c", 2)), 10);

        Assert.Equal(0.3, precision, Precision);
    }

    [Fact]
    public void Metrics_GradeZeroRows_AreJudgedNonRelevant()
    {
        // a judged 0 at rank 1, b judged 1 at rank 2; only b is relevant.
        // nDCG@10 = (1/log2 3) / 1 = 0.630929753571457, RR = 1/2, R@100 = 1/1, AP@100 = (2nd rank, 1st rel: 1/2) / 1 = 0.5, P@10 = 1/10.
        var ranking = Of("a", "b");
        var grades = Grades(("a", 0), ("b", 1));

        Assert.Equal(0.630929753571457, RetrievalMetrics.NdcgAt(ranking, grades, 10), Precision);
        Assert.Equal(0.5, RetrievalMetrics.ReciprocalRankAt(ranking, grades, 10), Precision);
        Assert.Equal(1.0, RetrievalMetrics.RecallAt(ranking, grades, 100), Precision);
        Assert.Equal(0.5, RetrievalMetrics.AveragePrecisionAt(ranking, grades, 100), Precision);
        Assert.Equal(0.1, RetrievalMetrics.PrecisionAt(ranking, grades, 10), Precision);
    }

    [Fact]
    public void Metrics_NonPositiveCutoff_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RetrievalMetrics.PrecisionAt(Of("a"), Grades(("a", 1)), 0));
    }
}
