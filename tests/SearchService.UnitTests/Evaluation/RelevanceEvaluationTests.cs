using SearchService.Engine;
using SearchService.Engine.Judgments;
using SearchService.Evaluation;
using SearchService.Engine.Retrieval;

namespace SearchService.UnitTests.Evaluation;

public sealed class RelevanceEvaluationTests
{
    /// <summary>Measured 0.745 (lexical, default options) when the floor was set; a drop below it is a regression.</summary>
    private const double DevSetNdcgFloor = 0.72;

    [Fact]
    public void DevSet_LexicalNdcgAt10_StaysAboveTheMeasuredFloor()
    {
        var devSet = DevSet.Load(DevSet.DefaultPath(SeedCorpus.RepoRoot));
        var subject = EvaluationSubject.FromDevSet(devSet, SeedCorpus.SeedsPath);

        var report = RelevanceEvaluation.Run(subject, new SearchOptions(), [SearchMode.Lexical], warmUp: RankingWarmUp.None);

        var lexical = Assert.Single(report.Modes);
        Assert.Equal(devSet.Queries.Count, lexical.Result.PerQuery.Count);
        Assert.True(lexical.Result.Mean.NdcgAt10 >= DevSetNdcgFloor, $"dev set nDCG@10 {lexical.Result.Mean.NdcgAt10:F3} fell below {DevSetNdcgFloor}");
    }

    [Fact]
    public void Beir_MiniFixture_RunsEveryJudgedQueryAndRanksTheTopicFirst()
    {
        var dataset = BeirDataset.Load(MiniBeirFixture.Directory);
        var subject = EvaluationSubject.FromBeir(dataset, "mini");

        var report = RelevanceEvaluation.Run(subject, new SearchOptions(), [SearchMode.Lexical], warmUp: RankingWarmUp.None);

        var lexical = Assert.Single(report.Modes);
        Assert.Equal(dataset.Corpus.Count(), report.Documents);
        Assert.Equal(dataset.Queries.Count(q => dataset.Qrels.Contains(q.Id)), lexical.Run.Run.Count);
        Assert.All(lexical.Run.Run.Values, ranking => Assert.Equal(ranking.Count, ranking.Select(d => d.DocId).Distinct().Count()));
        Assert.True(lexical.Result.Mean.NdcgAt10 > 0.8, $"nDCG@10 {lexical.Result.Mean.NdcgAt10:F3}");
        Assert.True(lexical.Run.Latency.Count > 0);
    }

    [Fact]
    public void Beir_QrelsOverride_JudgesOnlyItsQueries()
    {
        var dataset = BeirDataset.Load(MiniBeirFixture.Directory);
        var first = dataset.Qrels.QueryIds[0];
        var only = new Qrels(new Dictionary<string, IReadOnlyDictionary<string, int>> { [first] = dataset.Qrels.For(first) });

        var subject = EvaluationSubject.FromBeir(dataset, "mini", only);

        Assert.Equal([first], subject.Queries.Select(q => q.Id));
    }
}
