using SearchService.Engine.Retrieval;
using SearchService.Evaluation;

namespace SearchService.UnitTests.Evaluation;

public sealed class RankingRunTests
{
    private static readonly EvaluationQuery[] Queries = [new("q1", "bamboo"), new("q2", "diplomacy"), new("q3", "trade")];

    [Fact]
    public void WarmUp_RunsTheRequestedNumberOfUntimedQueries_CyclingThroughTheSet_BeforeTimingEachQueryOnce()
    {
        var calls = new List<string>();

        var result = RankingRun.Execute(Record(calls), Queries, p => p.PassageId, warmUp: new RankingWarmUp(7, TimeSpan.FromMinutes(5)));

        Assert.Equal(["bamboo", "diplomacy", "trade", "bamboo", "diplomacy", "trade", "bamboo", "bamboo", "diplomacy", "trade"], calls);
        Assert.Equal(3, result.Latency.Count);
        Assert.Equal(3, result.Run.Count);
    }

    [Fact]
    public void WarmUp_None_TimesTheFirstPassDirectly()
    {
        var calls = new List<string>();

        RankingRun.Execute(Record(calls), Queries, p => p.PassageId, warmUp: RankingWarmUp.None);

        Assert.Equal(["bamboo", "diplomacy", "trade"], calls);
    }

    [Fact]
    public void WarmUp_StopsAtItsTimeLimit_EvenShortOfItsQueryCount()
    {
        var calls = new List<string>();

        RankingRun.Execute(Record(calls), Queries, p => p.PassageId, warmUp: new RankingWarmUp(int.MaxValue, TimeSpan.Zero));

        Assert.Equal(3, calls.Count);
    }

    private static Func<string, Ranking> Record(List<string> calls) => text =>
    {
        calls.Add(text);
        return new Ranking(0, []);
    };
}
