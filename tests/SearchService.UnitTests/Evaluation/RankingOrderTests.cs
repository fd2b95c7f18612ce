using SearchService.Evaluation;

namespace SearchService.UnitTests.Evaluation;

public sealed class RankingOrderTests
{
    [Fact]
    public void TrecEval_TiedScores_AreOrderedByDocIdDescending()
    {
        // trec_eval: score descending, then strcmp(docno) descending. "d3" > "d2" > "d10" byte-wise ('3' > '2' > '1').
        var hits = new[] { new RankedDoc("d10", 1.0), new RankedDoc("d2", 1.0), new RankedDoc("d1", 2.0), new RankedDoc("d3", 1.0) };

        var ordered = RankingOrder.TrecEval(hits);

        Assert.Equal(["d1", "d3", "d2", "d10"], ordered.Select(h => h.DocId));
    }

    [Fact]
    public void TrecEval_DifferentScores_IgnoresGivenOrderAndDocIds()
    {
        var hits = new[] { new RankedDoc("a", 0.5), new RankedDoc("z", 0.25), new RankedDoc("b", 3.0) };

        Assert.Equal(["b", "a", "z"], RankingOrder.TrecEval(hits).Select(h => h.DocId));
    }

    [Fact]
    public void TrecEval_TiedScores_ChangeReciprocalRankAsTrecEvalWouldReport()
    {
        // The engine returned d10 before d2 with equal scores; trec_eval would put d2 first ("d2" > "d10"),
        // so the relevant d10 falls from rank 1 to rank 2: RR 1 → 1/2.
        var asGiven = new[] { new RankedDoc("d10", 1.0), new RankedDoc("d2", 1.0) };
        var grades = new Dictionary<string, int> { ["d10"] = 1 };

        Assert.Equal(1.0, RetrievalMetrics.ReciprocalRankAt(asGiven, grades, 10));
        Assert.Equal(0.5, RetrievalMetrics.ReciprocalRankAt(RankingOrder.TrecEval(asGiven), grades, 10));
    }

    [Fact]
    public void TrecEval_TiedScoresWithSupplementaryCharacters_UseUtf8ByteOrderLikeStrcmp()
    {
        // U+1F600 (a surrogate pair in UTF-16) sorts after U+FB01 in UTF-8 bytes / code points, although its first
        // UTF-16 unit (0xD83D) is smaller than 0xFB01. Descending order therefore puts the emoji id first.
        var hits = new[] { new RankedDoc("\uFB01", 1.0), new RankedDoc("\U0001F600", 1.0) };

        Assert.Equal(["\U0001F600", "\uFB01"], RankingOrder.TrecEval(hits).Select(h => h.DocId));
    }

    [Fact]
    public void TrecEval_Run_ReordersEveryQuery()
    {
        var run = new Dictionary<string, IReadOnlyList<RankedDoc>>
        {
            ["q1"] = [new RankedDoc("a", 1.0), new RankedDoc("b", 1.0)],
            ["q2"] = [new RankedDoc("c", 1.0), new RankedDoc("d", 2.0)],
        };

        var ordered = RankingOrder.TrecEval(run);

        Assert.Equal(["b", "a"], ordered["q1"].Select(h => h.DocId));
        Assert.Equal(["d", "c"], ordered["q2"].Select(h => h.DocId));
    }
}
