using System.Text.Json;

namespace SearchService.IntegrationTests;

/// <summary>The command-line modes of the real program, run as a separate process.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("searchservice-cli-").FullName;

    private static string MiniBeir => Path.Combine(ServiceFixture.RepoRoot, "tests", "SearchService.UnitTests", "Evaluation", "Fixtures", "mini-beir");

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public async Task Eval_Beir_PrintsMetricsAsJsonAndWritesATrecRun()
    {
        var runFile = Path.Combine(_temp, "run.txt");

        var (exit, output, error) = await RunAsync("eval", "--warmup-queries", "0", "--beir", MiniBeir, "--mode", "lexical", "--json", "--run", runFile);

        Assert.True(exit == 0, error);
        var report = JsonDocument.Parse(output).RootElement;
        Assert.Equal("mini-beir", report.GetProperty("dataset").GetString());
        var mean = report.GetProperty("modes")[0].GetProperty("mean");
        Assert.InRange(mean.GetProperty("ndcgAt10").GetDouble(), 0.0, 1.0);
        var lines = await File.ReadAllLinesAsync(runFile);
        Assert.NotEmpty(lines);
        Assert.All(lines, line =>
        {
            var columns = line.Split(' ');
            Assert.Equal(6, columns.Length);
            Assert.Equal("Q0", columns[1]);
            Assert.True(int.Parse(columns[3]) >= 1);
            Assert.Equal("searchservice-lexical", columns[5]);
        });
    }

    [Fact]
    public async Task Eval_Answers_ReportsAccuracyNoAnswerAndCalibrationOverTheSeeds()
    {
        var answers = Path.Combine(_temp, "answers.jsonl");
        await File.WriteAllLinesAsync(answers,
        [
            """{"id":"c1","kind":"changed","question":"How many free trade agreements has Vietnam signed?","answers":["17 signed FTAs"],"older":["signed 15 Free Trade Agreements"]}""",
            """{"id":"u1","kind":"unanswerable","question":"What is the capital of France?","answers":[]}""",
        ]);

        var (exit, output, error) = await RunAsync("eval", "--answers", answers);

        Assert.True(exit == 0, error);
        Assert.Contains("answer set: 2 questions (1 answerable, 1 of them changed over time; 1 unanswerable)", output);
        Assert.Matches(@"span accuracy \(answerable\)\s+100 % 1/1", output);
        Assert.Matches(@"no-answer recall \(declined\)\s+100 % 1/1", output);
        Assert.Matches(@"changed: newest \+ older listed\s+100 % 1/1", output);
        Assert.Contains("calibration by reported confidence", output);
    }

    [Fact]
    public async Task Eval_Answers_MalformedLine_Exits2NamingTheLine()
    {
        var answers = Path.Combine(_temp, "bad.jsonl");
        await File.WriteAllLinesAsync(answers, ["""{"id":"x","question":"Who?","answers":[]}""", """{"id":"y","answers":[]}"""]);

        var (exit, _, error) = await RunAsync("eval", "--answers", answers);

        Assert.Equal(2, exit);
        Assert.Contains("line 2", error);
    }

    [Fact]
    public async Task Eval_TrecQrels_AreAcceptedInPlaceOfBeirQrels()
    {
        var qrels = Path.Combine(_temp, "qrels.trec");
        await File.WriteAllLinesAsync(qrels, ["q1 0 d01 2", "q1 0 d02 1", "q3 0 d09 2"]);

        var (exit, output, error) = await RunAsync("eval", "--warmup-queries", "0", "--beir", MiniBeir, "--qrels", qrels, "--json");

        Assert.True(exit == 0, error);
        Assert.Equal(2, JsonDocument.Parse(output).RootElement.GetProperty("queries").GetInt32());
    }

    [Fact]
    public async Task Eval_Learned_WithTrecQrels_CrossValidatesOnThoseJudgments()
    {
        var qrels = Path.Combine(_temp, "qrels.trec");
        await File.WriteAllLinesAsync(qrels, ["q1 0 d01 2", "q1 0 d02 1", "q3 0 d09 2"]);

        var (exit, output, error) = await RunAsync("eval", "--warmup-queries", "0", "--beir", MiniBeir, "--qrels", qrels, "--mode", "learned", "--folds", "2", "--json");

        Assert.True(exit == 0, error);
        var learned = JsonDocument.Parse(output).RootElement.GetProperty("learned");
        Assert.Equal(2, learned.GetProperty("folds").GetInt32());
        var folds = learned.GetProperty("perFold").EnumerateArray().ToList();
        Assert.Equal(2, folds.Sum(f => f.GetProperty("ranked").GetInt32()));
        Assert.All(folds, f => Assert.Equal(JsonValueKind.Object, f.GetProperty("hybrid").ValueKind));
    }

    [Fact]
    public async Task Eval_Table_ShowsEveryMetricColumn()
    {
        var (exit, output, error) = await RunAsync("eval", "--warmup-queries", "0", "--beir", MiniBeir);

        Assert.True(exit == 0, error);
        foreach (var column in new[] { "nDCG@10", "MRR@10", "R@100", "MAP@100", "P@10", "median ms", "p99 ms" })
        {
            Assert.Contains(column, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Eval_Learned_PrintsFoldsThePValueAndWritesALearnedRun()
    {
        var runFile = Path.Combine(_temp, "run.txt");

        var (exit, output, error) = await RunAsync("eval", "--warmup-queries", "0", "--beir", MiniBeir, "--mode", "learned", "--folds", "2", "--run", runFile);

        Assert.True(exit == 0, error);
        Assert.Contains("| learned ", output, StringComparison.Ordinal);
        Assert.Contains("| lexical ", output, StringComparison.Ordinal);
        Assert.Contains("fold 0:", output, StringComparison.Ordinal);
        Assert.Contains("fold 1:", output, StringComparison.Ordinal);
        Assert.Contains("| hybrid ", output, StringComparison.Ordinal);
        Assert.Matches(@"fold 0:.*\n\s+lexical\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\n\s+hybrid\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\n\s+learned\s+", output.ReplaceLineEndings("\n"));
        Assert.Contains("paired randomization p = ", output, StringComparison.Ordinal);
        Assert.All(await File.ReadAllLinesAsync(Path.Combine(_temp, "run.learned.txt")), line => Assert.EndsWith(" searchservice-learned", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Train_Beir_WritesAModelFileWithItsHeader()
    {
        var model = Path.Combine(_temp, "ranker.model");

        var (exit, output, error) = await RunAsync("train", "--beir", MiniBeir, "--out", model, "--folds", "2");

        Assert.True(exit == 0, error);
        Assert.Contains("wrote " + model, output, StringComparison.Ordinal);
        var header = SearchService.Engine.Ranking.Learned.LearnedRanker.ReadHeader(model);
        Assert.Equal(SearchService.Engine.Ranking.Learned.RankingFeatures.Names, header.FeatureNames);
        Assert.Equal(2, header.CrossValidation!.Folds);
    }

    [Fact]
    public async Task Eval_Variants_RunHybridUnderEachRankingSettingOnTheSameIndex()
    {
        var (exit, output, error) = await RunAsync(
            "eval", "--warmup-queries", "0", "--beir", MiniBeir, "--mode", "hybrid", "--json",
            "--variant", "Fusion=Rrf;LexicalWeight=1;LsaWeight=0.5", "--variant", "Normalization=ZScore;HybridPool=Lexical");

        Assert.True(exit == 0, error);
        var report = JsonDocument.Parse(output).RootElement;
        var variants = report.GetProperty("variants").EnumerateArray().ToList();
        Assert.Equal(["Fusion=Rrf;LexicalWeight=1;LsaWeight=0.5", "Normalization=ZScore;HybridPool=Lexical"], variants.Select(v => v.GetProperty("label").GetString()));
        Assert.All(variants, v => Assert.InRange(v.GetProperty("mean").GetProperty("ndcgAt10").GetDouble(), 0.0, 1.0));
    }

    [Theory]
    [InlineData("NoSuchSetting=1")]
    [InlineData("Fusion=Sometimes")]
    [InlineData("LexicalWeight")]
    public async Task Eval_MalformedVariant_FailsWithAClearMessage(string variant)
    {
        var (exit, _, error) = await RunAsync("eval", "--warmup-queries", "0", "--beir", MiniBeir, "--mode", "hybrid", "--variant", variant);

        Assert.Equal(2, exit);
        Assert.Contains("variant:", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_MissingDataset_FailsWithAClearMessage()
    {
        var (exit, _, error) = await RunAsync("eval", "--warmup-queries", "0", "--beir", Path.Combine(_temp, "nope"));

        Assert.NotEqual(0, exit);
        Assert.Contains("eval:", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_NegativeWarmUp_FailsNamingTheOption()
    {
        var (exit, _, error) = await RunAsync("eval", "--warmup-queries", "-1", "--beir", MiniBeir);

        Assert.NotEqual(0, exit);
        Assert.Contains("--warmup-queries", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_PrintsCitedPassagesAsJson()
    {
        var (exit, output, error) = await RunAsync("search", "doi moi", "-k", "3", "--json");

        Assert.True(exit == 0, error);
        var response = JsonDocument.Parse(output).RootElement;
        var results = response.GetProperty("results");
        Assert.Equal(3, results.GetArrayLength());
        Assert.Contains("<mark>đổi mới</mark>", results[0].GetProperty("snippet").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_InvalidK_FailsNamingTheParameter()
    {
        var (exit, _, error) = await RunAsync("search", "doi moi", "-k", "0");

        Assert.Equal(2, exit);
        Assert.StartsWith("k:", error, StringComparison.Ordinal);
    }

    // The same real-process runner as the eval tests, in this test's scratch folder.
    private Task<(int Exit, string Output, string Error)> RunAsync(params string[] args) =>
        Relevance.CliProcess.RunAsync(_temp, null, args);
}
