using SearchService.Engine.Judgments;
using SearchService.Evaluation;
using SearchService.Engine.Ranking.Learned;
using SearchService.Engine.Retrieval;

namespace SearchService.UnitTests.Learning;

public sealed class LearnedRankingTests(SyntheticBeir data) : IClassFixture<SyntheticBeir>
{
    private IReadOnlyList<JudgedCandidates> Collect(Qrels qrels) =>
        CrossValidation.Collect(data.Index.Features, data.Subject.Queries, qrels, data.Subject.JudgedIdOf);

    private LearnedEvaluation CrossValidate(Qrels qrels, int folds = 4) =>
        CrossValidation.Run(Collect(qrels), qrels, data.Subject.JudgedIdOf, data.Index.AnalyzerFingerprint, folds);

    [Fact]
    public void Features_AreLabelFree_SameRowsWhateverTheJudgments()
    {
        var real = Collect(data.Subject.Qrels);
        var shuffled = Collect(data.ShuffledQrels(seed: 1));

        Assert.Equal(real.Count, shuffled.Count);
        for (var i = 0; i < real.Count; i++)
        {
            Assert.Equal(real[i].Rows.Select(r => r.Passage), shuffled[i].Rows.Select(r => r.Passage));
            Assert.All(real[i].Rows.Zip(shuffled[i].Rows), pair => Assert.Equal(pair.First.Features, pair.Second.Features));
        }

        Assert.Contains(real, j => !j.Grades.SequenceEqual(shuffled.Single(s => s.QueryId == j.QueryId).Grades));
    }

    [Fact]
    public void Features_FollowTheHybridRankingAndTheNamedList()
    {
        var query = data.Subject.Queries[0];
        var rows = data.Index.Features.Extract(query.Text);
        var hybrid = data.Index.Engine.Rank(query.Text, RankingFeatures.CandidateDepth, SearchMode.Hybrid);

        Assert.Equal(hybrid.Passages.Select(p => p.PassageId), rows.Select(r => r.Passage.PassageId));
        Assert.All(rows, r => Assert.Equal(RankingFeatures.Names.Count, r.Features.Length));
        Assert.Equal(1f, rows.Max(r => r.Features[RankingFeatures.Names.ToList().IndexOf("bm25_norm")]));
        Assert.All(rows, r => Assert.InRange(r.Features[RankingFeatures.Names.ToList().IndexOf("coverage_idf")], 0f, 1.0001f));
    }

    [Fact]
    public void CrossValidation_NeverScoresAQueryWithAModelThatSawItsJudgments()
    {
        var result = CrossValidate(data.Subject.Qrels);

        var all = data.Subject.Queries.Select(q => q.Id).ToHashSet();
        Assert.Equal(all.Order(), result.PerFold.SelectMany(f => f.Tested).Order());
        foreach (var fold in result.PerFold)
        {
            Assert.Empty(fold.TrainedOn.Intersect(fold.Tested));
            Assert.All(fold.Tested, q => Assert.Equal(fold.Fold, CrossValidation.FoldOf(q, result.Folds)));
            Assert.Equal(all.Except(fold.Tested).Order(), fold.TrainedOn.Order());
        }
    }

    [Fact]
    public void CrossValidation_HeldOutJudgmentsDoNotChangeTheirOwnRanking()
    {
        // Rewrite one query's judgments (its lexical bottom candidates become the relevant ones): if its own labels
        // leaked into the model that ranks it, its learned ranking would move.
        var target = data.Subject.Queries[3].Id;
        var candidates = data.Index.Features.Extract(data.Subject.Queries[3].Text);
        var rewritten = data.Subject.Qrels.QueryIds.ToDictionary(
            q => q,
            q => q == target
                ? (IReadOnlyDictionary<string, int>)candidates.TakeLast(5).ToDictionary(c => c.Passage.DocumentId, _ => 2)
                : data.Subject.Qrels.For(q),
            StringComparer.Ordinal);

        var original = CrossValidate(data.Subject.Qrels);
        var changed = CrossValidate(new Qrels(rewritten));

        Assert.Equal(original.Run.Run[target], changed.Run.Run[target]);
        Assert.NotEqual(original.Learned.PerQuery.Single(q => q.QueryId == target), changed.Learned.PerQuery.Single(q => q.QueryId == target));
    }

    [Fact]
    public void CrossValidation_IsDeterministic()
    {
        var first = CrossValidate(data.Subject.Qrels);
        var second = CrossValidate(data.Subject.Qrels);

        Assert.Equal(first.Learned.Mean, second.Learned.Mean);
        Assert.Equal(first.PValue, second.PValue);
        foreach (var (query, ranking) in first.Run.Run)
        {
            Assert.Equal(ranking, second.Run.Run[query]);
        }
    }

    [Fact]
    public void CrossValidation_WithShuffledLabels_LearnsNothingBeyondLexical()
    {
        var shuffled = data.ShuffledQrels(seed: 11);
        var result = CrossValidate(shuffled);

        Assert.True(
            result.Learned.Mean.NdcgAt10 <= result.Lexical.Mean.NdcgAt10 + 0.03,
            $"shuffled labels: learned {result.Learned.Mean.NdcgAt10:F3} vs lexical {result.Lexical.Mean.NdcgAt10:F3}");
    }

    [Fact]
    public void Model_SavesAndLoads_WithItsHeader_AndScoresTheSame()
    {
        var judged = Collect(data.Subject.Qrels);
        var ranker = LearnedRanker.Train(judged.Select(j => j.ToTrainingGroup()), data.Index.AnalyzerFingerprint);
        var path = Path.Combine(Path.GetTempPath(), "searchservice-ltr-" + Guid.NewGuid().ToString("N") + ".model");
        try
        {
            ranker.Save(path);
            var loaded = LearnedRanker.Load(path);

            Assert.Equal(RankingFeatures.Names, loaded.Header.FeatureNames);
            Assert.Equal(RankingFeatures.Version, loaded.Header.FeatureVersion);
            Assert.Equal(RankingFeatures.CandidateDepth, loaded.Header.CandidateDepth);
            Assert.Null(loaded.Header.Mismatch(data.Index.AnalyzerFingerprint));
            Assert.NotNull(loaded.Header.Mismatch("another-chain"));
            Assert.NotNull((loaded.Header with { FeatureNames = ["bm25_norm"] }).Mismatch(data.Index.AnalyzerFingerprint));
            Assert.Equal(ranker.Score(judged[0].Rows), loaded.Score(judged[0].Rows));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Train_WithoutInformativeQueries_KeepsTheLexicalOrder()
    {
        var judged = Collect(data.Subject.Qrels);
        var ranker = LearnedRanker.Train(judged.Select(j => new TrainingGroup(j.QueryId, j.Rows, j.Grades.Select(_ => 0).ToList())), "x");

        Assert.Equal(0, ranker.Header.TrainingQueries);
        Assert.Equal(judged[0].Rows, ranker.Rerank(judged[0].Rows).Select(p => p.Row));
    }

    [Fact]
    public void Features_ReadFromThePostings_AgreeWithAReanalysisOfThePassage()
    {
        // The term features come from postings and norms; re-analyzing the stored passage text must give the same.
        var names = RankingFeatures.Names.ToList();
        using var analyzer = new SearchService.Engine.Analysis.SearchAnalyzer(data.Options.Analysis);
        foreach (var query in data.Subject.Queries.Take(8))
        {
            var queryTerms = Terms(analyzer, query.Text).Distinct().ToList();
            foreach (var row in data.Index.Features.Extract(query.Text))
            {
                var document = data.Dataset.Corpus.Single(d => d.Id == data.Subject.JudgedIdOf(row.Passage));
                var text = BeirPassages.ToParsedDocument(document).Passages.Single(p => p.PassageId == row.Passage.PassageId).Text;
                var tokens = Terms(analyzer, text);
                var matched = queryTerms.Count(tokens.Contains);
                Assert.Equal((float)matched / queryTerms.Count, row.Features[names.IndexOf("coverage")], 5);
                Assert.Equal((float)Math.Log(1 + tokens.Count), row.Features[names.IndexOf("length_log")], 5);
                Assert.Equal(matched > 0, row.Features[names.IndexOf("bm25_text_norm")] > 0);
            }
        }
    }

    private static List<string> Terms(SearchService.Engine.Analysis.SearchAnalyzer analyzer, string text) =>
        SearchService.Engine.Analysis.TokenStreamReader.Tokens(analyzer, "text", text).Select(t => t.Term).ToList();
}

public sealed class CrossValidationHelpersTests
{
    [Fact]
    public void FoldOf_IsFnv1aOfTheIdModK_AndStable()
    {
        // FNV-1a 32 of "a" is 0xE40C292C = 3826002220.
        Assert.Equal((int)(3826002220u % 5), CrossValidation.FoldOf("a", 5));
        Assert.Equal(CrossValidation.FoldOf("query-17", 5), CrossValidation.FoldOf("query-17", 5));
        Assert.All(Enumerable.Range(0, 200), i => Assert.InRange(CrossValidation.FoldOf($"q{i}", 5), 0, 4));
        Assert.Equal(5, Enumerable.Range(0, 200).Select(i => CrossValidation.FoldOf($"q{i}", 5)).Distinct().Count());
    }

    [Fact]
    public void PairedRandomization_NoDifferenceIsOne_AConsistentGainIsSmall()
    {
        var a = Enumerable.Range(0, 30).Select(i => i / 30.0).ToList();
        Assert.Equal(1.0, PairedRandomization.PValue(a, a, 1000, 1));
        var better = a.Select(x => x + 0.1).ToList();
        Assert.True(PairedRandomization.PValue(better, a, 1000, 1) < 0.01);
        Assert.Equal(PairedRandomization.PValue(better, a, 1000, 1), PairedRandomization.PValue(better, a, 1000, 1));
    }

    [Fact]
    public void SmallestSpan_FindsTheShortestPositionWindowHoldingEveryTerm()
    {
        // a x b x x a b c x a: a at 0, 5, 9; b at 2, 6; c at 7.
        Assert.Equal(2, RankingFeatures.SmallestSpan([[0, 5, 9], [2, 6]]));
        Assert.Equal(3, RankingFeatures.SmallestSpan([[0, 5, 9], [2, 6], [7]]));
        Assert.Equal(1, RankingFeatures.SmallestSpan([[4], [4]]));
        Assert.Equal(0, RankingFeatures.SmallestSpan([[1, 2], []]));
    }
}
