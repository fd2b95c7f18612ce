using SearchService.Engine.Judgments;
using SearchService.Evaluation;
using SearchService.Engine.Ranking.Learned;

namespace SearchService.UnitTests.Learning;

/// <summary>The learned ranker's per-feature contributions (what <c>explain=true</c> shows in learned mode).</summary>
public sealed class LearnedContributionsTests(SyntheticBeir data) : IClassFixture<SyntheticBeir>
{
    private IReadOnlyList<JudgedCandidates> Judged() =>
        CrossValidation.Collect(data.Index.Features, data.Subject.Queries, data.Subject.Qrels, data.Subject.JudgedIdOf);

    private LearnedRanker Trained(IReadOnlyList<JudgedCandidates> judged) =>
        LearnedRanker.Train(judged.Select(j => j.ToTrainingGroup()), data.Index.AnalyzerFingerprint);

    [Fact]
    public void Contributions_OfATrainedModel_HaveOneValuePerFeature_AndAreNotAllZero()
    {
        var judged = Judged();
        var ranker = Trained(judged);
        var rows = judged[0].Rows;

        var contributions = ranker.Contributions(rows);

        Assert.Equal(rows.Count, contributions.Count);
        Assert.All(contributions, c => Assert.Equal(RankingFeatures.Count, c.Length));
        Assert.Contains(contributions, c => c.Any(v => v != 0));
    }

    [Fact]
    public void Contributions_AreTheSame_AfterSaveAndLoad()
    {
        var judged = Judged();
        var ranker = Trained(judged);
        var path = Path.Combine(Path.GetTempPath(), "searchservice-ltr-" + Guid.NewGuid().ToString("N") + ".model");
        try
        {
            ranker.Save(path);
            var loaded = LearnedRanker.Load(path);

            foreach (var group in judged.Take(3))
            {
                Assert.Equal(ranker.Contributions(group.Rows), loaded.Contributions(group.Rows));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Contributions_NameTheFeatureThatMovedTheScore()
    {
        // Two rows equal but for feature f take the same path through every tree that does not split on f, so if
        // their scores differ some tree split on f on the row's path, and f's contribution cannot be zero. A
        // contribution credited to the wrong feature (or to no feature) breaks this.
        var judged = Judged();
        var ranker = Trained(judged);
        var rows = judged[0].Rows;
        var row = rows[0];
        var other = rows[^1];
        var contribution = ranker.Contributions([row])[0];
        var moved = 0;

        for (var f = 0; f < RankingFeatures.Count; f++)
        {
            var changed = row with { Features = row.Features.ToArray() };
            changed.Features[f] = other.Features[f];
            var scores = ranker.Score([row, changed]);
            if (scores[0] != scores[1])
            {
                moved++;
                Assert.True(contribution[f] != 0, $"changing {RankingFeatures.Names[f]} moved the score but its contribution is 0");
            }
        }

        Assert.True(moved > 0, "no single feature change moved the score; the test would prove nothing");
    }

    [Fact]
    public void Contributions_OfARow_DoNotDependOnTheOtherRowsAskedWithIt()
    {
        var judged = Judged();
        var ranker = Trained(judged);
        var rows = judged[1].Rows;

        var together = ranker.Contributions(rows);
        var reversed = ranker.Contributions(rows.Reverse().ToList()).Reverse().ToList();

        Assert.Equal(together, reversed);
        Assert.Equal(together[^1], ranker.Contributions([rows[^1]])[0]);
    }

    [Fact]
    public void Contributions_WithoutAModel_AreAllZero_OnePerFeature()
    {
        var judged = Judged();
        var ranker = LearnedRanker.Train(judged.Select(j => new TrainingGroup(j.QueryId, j.Rows, j.Grades.Select(_ => 0).ToList())), "x");

        var contributions = ranker.Contributions(judged[0].Rows);

        Assert.Equal(judged[0].Rows.Count, contributions.Count);
        Assert.All(contributions, c => Assert.Equal(new float[RankingFeatures.Count], c));
    }
}
