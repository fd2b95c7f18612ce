using SearchService.Engine;
using SearchService.Engine.Ranking.Fusion;
using SearchService.Engine.Retrieval;

namespace SearchService.UnitTests.Fusion;

public sealed class SignalFusionTests
{
    private static readonly IReadOnlyList<ScoredDoc> Bm25 = [new(1, 12.0), new(2, 8.0), new(3, 4.0)];
    private static readonly IReadOnlyList<ScoredDoc> Cosines = [new(3, 0.9), new(4, 0.7), new(1, 0.5)];

    [Fact]
    public void MinMax_MapsTheListsBestTo1AndItsWorstTo0_AndClampsScoresOutsideTheList()
    {
        var list = ListStatistics.Of(Bm25);
        var fusion = new MinMaxFusion();

        Assert.Equal(1, fusion.Normalize(list, 12, 1));
        Assert.Equal(0.5, fusion.Normalize(list, 8, 2), 12);
        Assert.Equal(0, fusion.Normalize(list, 4, 3));
        Assert.Equal(0, fusion.Normalize(list, 1, null));
        Assert.Equal(0, fusion.Normalize(list, null, null));
    }

    [Fact]
    public void ZScore_IsStandardDeviationsFromTheMean_NeverBelowTheListsWorst()
    {
        var list = ListStatistics.Of(Bm25);
        var fusion = new ZScoreFusion();
        var sd = Math.Sqrt(((4.0 * 4) + 0 + (4.0 * 4)) / 3);

        Assert.Equal(4 / sd, fusion.Normalize(list, 12, 1), 12);
        Assert.Equal(0, fusion.Normalize(list, 8, 2), 12);
        Assert.Equal(-4 / sd, fusion.Normalize(list, 0, null), 12);
        Assert.Equal(-4 / sd, fusion.Normalize(list, null, null), 12);
    }

    [Fact]
    public void Rrf_UsesRanksOnly()
    {
        var fusion = new ReciprocalRankFusion(60);

        Assert.Equal(1.0 / 61, fusion.Normalize(ListStatistics.Of(Bm25), 12, 1), 12);
        Assert.Equal(0, fusion.Normalize(ListStatistics.Of(Bm25), 12, null));
    }

    [Fact]
    public void Fuse_Convex_IsTheWeightedSumOfNormalizedScores_OverTheUnionPool()
    {
        var lexical = new FixedSignal(SignalKind.Lexical, Bm25);
        var semantic = new FixedSignal(SignalKind.Lsa, Cosines);
        var fused = SignalFusion.Fuse(
            [1, 2, 3, 4],
            [new FusionInput(lexical, 0.5, Bm25), new FusionInput(semantic, 0.25, Cosines)],
            new MinMaxFusion());

        var byDoc = fused.ToDictionary(c => c.Doc);
        Assert.Equal((0.5 * 1) + (0.25 * 0), byDoc[1].Fused, 12);
        Assert.Equal(0.5 * 0.5, byDoc[2].Fused, 12);
        Assert.Equal((0.5 * 0) + (0.25 * 1), byDoc[3].Fused, 12);
        Assert.Equal(0.25 * 0.5, byDoc[4].Fused, 12);
        Assert.Equal([1, 2, 3, 4], fused.Select(c => c.Doc));
        Assert.Equal(new SignalScore(12, 1, 1, 0.5), byDoc[1].Signals!["lexical"]);
        Assert.Equal(new SignalScore(null, null, 0, 0.5), byDoc[4].Signals!["lexical"]);
        Assert.Equal(12, byDoc[1].Lexical);
        Assert.Equal(0.5, byDoc[1].Semantic);
        Assert.Equal(3, byDoc[1].SemanticRank);
    }

    [Fact]
    public void Fuse_ScoresAPassageOutsideASignalsList_WhenTheSignalCan()
    {
        var lexical = new FixedSignal(SignalKind.Lexical, Bm25);
        var semantic = new FixedSignal(SignalKind.Encoder, [new(3, 0.9), new(4, 0.7)], outside: 0.1);
        var fused = SignalFusion.Fuse([1, 2, 3, 4], [new FusionInput(lexical, 1, Bm25), new FusionInput(semantic, 1, semantic.List)], new MinMaxFusion());

        var encoder = fused.Single(c => c.Doc == 2).Signals!["encoder"];
        Assert.Equal(0.1, encoder.Raw);
        Assert.Null(encoder.Rank);
        Assert.Equal(0, encoder.Normalized);
    }

    [Fact]
    public void Fuse_Ties_GoToTheBetterLexicalRankThenTheLowerDoc()
    {
        var lexical = new FixedSignal(SignalKind.Lexical, [new(7, 1), new(5, 1)]);
        var fused = SignalFusion.Fuse([5, 7], [new FusionInput(lexical, 1, lexical.List)], new ReciprocalRankFusion(0));

        Assert.Equal([7, 5], fused.Select(c => c.Doc));
    }

    [Theory]
    [InlineData(FusionMethod.Rrf, ScoreNormalization.MinMax, typeof(ReciprocalRankFusion))]
    [InlineData(FusionMethod.Convex, ScoreNormalization.MinMax, typeof(MinMaxFusion))]
    [InlineData(FusionMethod.Convex, ScoreNormalization.ZScore, typeof(ZScoreFusion))]
    public void ScoreFusions_AreChosenByTheOptions(FusionMethod method, ScoreNormalization normalization, Type expected)
    {
        Assert.IsType(expected, ScoreFusions.For(new RankingOptions { Fusion = method, Normalization = normalization }));
    }

    private sealed class FixedSignal(SignalKind kind, IReadOnlyList<ScoredDoc> list, double? outside = null) : ISignalQuery
    {
        public SignalKind Kind => kind;

        public IReadOnlyList<ScoredDoc> List => list;

        public SignalCandidates Retrieve(int depth) => new(kind, list.Take(depth).ToList(), list.Count);

        public double? Score(int doc) => list.Where(h => h.Doc == doc).Select(h => (double?)h.Score).FirstOrDefault() ?? outside;
    }
}
