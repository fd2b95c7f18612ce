using System.Globalization;
using System.Text.Json;

namespace SearchService.IntegrationTests.Relevance;

/// <summary>
/// <c>eval --per-query</c>, <c>--baseline</c> and the CI gate (<c>--fail-below</c>, <c>--fail-if-worse-than</c>) on the
/// mini BEIR fixture, through the real program.
/// </summary>
public sealed class EvalCompareAndGateTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("searchservice-gate-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private Task<(int Exit, string Output, string Error)> EvalAsync(params string[] args) =>
        CliProcess.RunAsync(_temp, null, ["eval", "--warmup-queries", "0", "--beir", CliProcess.MiniBeir, .. args]);

    [Fact]
    public async Task PerQuery_Json_ListsEveryJudgedQuery_WhoseMeanIsTheReportedMean()
    {
        var (exit, output, error) = await EvalAsync("--mode", "lexical", "--per-query", "--json");

        Assert.True(exit == 0, error);
        var mode = JsonDocument.Parse(output).RootElement.GetProperty("modes")[0];
        var perQuery = mode.GetProperty("perQuery").EnumerateArray().ToList();
        Assert.Equal(["q1", "q2", "q3", "q4"], perQuery.Select(q => q.GetProperty("queryId").GetString()));
        var mean = perQuery.Average(q => q.GetProperty("metrics").GetProperty("ndcgAt10").GetDouble());
        Assert.Equal(mode.GetProperty("mean").GetProperty("ndcgAt10").GetDouble(), mean, 12);
    }

    [Fact]
    public async Task PerQuery_Text_AddsARowPerQueryAndMode()
    {
        var (exit, output, error) = await EvalAsync("--mode", "lexical", "--per-query");

        Assert.True(exit == 0, error);
        Assert.Contains("per query:", output, StringComparison.Ordinal);
        foreach (var query in new[] { "q1", "q2", "q3", "q4" })
        {
            Assert.Matches($@"\n{query}\s+\| lexical \|\s+[\d.]+ \|", output.ReplaceLineEndings("\n"));
        }
    }

    [Fact]
    public async Task BaselineMode_PrintsEachMetricForBothWithTheDifferenceAndAPValue()
    {
        var (exit, output, error) = await EvalAsync("--mode", "hybrid", "--baseline", "lexical", "--json");

        Assert.True(exit == 0, error);
        var comparison = Assert.Single(JsonDocument.Parse(output).RootElement.GetProperty("comparisons").EnumerateArray());
        Assert.Equal("hybrid", comparison.GetProperty("candidate").GetString());
        Assert.Equal("lexical", comparison.GetProperty("baseline").GetString());
        Assert.Equal(4, comparison.GetProperty("queries").GetInt32());
        var metrics = comparison.GetProperty("metrics").EnumerateArray().ToList();
        Assert.Equal(["nDCG@10", "MRR@10", "R@100", "MAP@100", "P@10"], metrics.Select(m => m.GetProperty("metric").GetString()));
        Assert.All(metrics, m =>
        {
            Assert.Equal(m.GetProperty("candidate").GetDouble() - m.GetProperty("baseline").GetDouble(), m.GetProperty("difference").GetDouble(), 12);
            Assert.InRange(m.GetProperty("pValue").GetDouble(), 0.0, 1.0);
        });
    }

    [Fact]
    public async Task BaselineRunFile_OfTheSameRanking_HasNoDifferenceAndPOne_InTheText()
    {
        var run = Path.Combine(_temp, "lexical.run");
        var (written, _, writeError) = await EvalAsync("--mode", "lexical", "--run", run);
        Assert.True(written == 0, writeError);

        var (exit, output, error) = await EvalAsync("--mode", "lexical", "--baseline", run);

        Assert.True(exit == 0, error);
        Assert.Contains("lexical vs lexical.run (4 queries", output, StringComparison.Ordinal);
        Assert.Matches(@"nDCG@10\s+[\d.]+\s+[\d.]+\s+0\.000\s+1\.0000", output);
        Assert.Contains("gained most (nDCG@10): none", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailBelow_ExitsOneWithAOneLineReason_OnlyWhenTheMetricIsUnderTheFloor()
    {
        var ndcg = await LexicalNdcgAsync();
        var above = (ndcg + 0.001).ToString("F4", CultureInfo.InvariantCulture);
        var below = (ndcg - 0.001).ToString("F4", CultureInfo.InvariantCulture);

        var (failed, _, reason) = await EvalAsync("--mode", "lexical", "--fail-below", $"ndcg@10={above}", "--fail-below", "r@100=0");
        var (passed, _, passError) = await EvalAsync("--mode", "lexical", "--fail-below", $"nDCG@10={below}", "--fail-below", "lexical:R@100=0");

        Assert.Equal(1, failed);
        var line = Assert.Single(reason.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^eval: gate failed: lexical nDCG@10 [\d.]+ < [\d.]+$", line.TrimEnd());
        Assert.True(passed == 0, passError);
    }

    [Fact]
    public async Task FailIfWorseThan_APerfectRun_ExitsOne_ButNotWhenSignificanceIsRequiredOfFourQueries()
    {
        // The ideal ranking: every query's judged documents by grade. Lexical search cannot beat it.
        var perfect = Path.Combine(_temp, "perfect.run");
        var qrels = await File.ReadAllLinesAsync(Path.Combine(CliProcess.MiniBeir, "qrels", "test.tsv"));
        await File.WriteAllLinesAsync(perfect, qrels.Skip(1)
            .Select(line => line.Split('\t'))
            .Where(f => int.Parse(f[2], CultureInfo.InvariantCulture) > 0)
            .Select(f => $"{f[0]} Q0 {f[1]} 0 {f[2]} perfect"));
        Assert.True(await LexicalNdcgAsync() < 1.0 - 0.01, "the fixture's lexical ranking is not perfect");

        var (worse, _, reason) = await EvalAsync("--mode", "lexical", "--fail-if-worse-than", perfect);
        var (notSignificant, _, error) = await EvalAsync("--mode", "lexical", "--fail-if-worse-than", perfect, "--alpha", "0.05");
        var (tolerated, _, toleratedError) = await EvalAsync("--mode", "lexical", "--fail-if-worse-than", perfect, "--tolerance", "1");

        Assert.Equal(1, worse);
        Assert.Matches(@"^eval: gate failed: lexical nDCG@10 [\d.]+ is worse than perfect\.run 1\.000 \(-[\d.]+; tolerance 0\.010\)\s*$", reason);
        Assert.True(notSignificant == 0, error);
        Assert.True(tolerated == 0, toleratedError);
    }

    [Theory]
    [InlineData("--fail-below", "ndcg@5=0.5", "fail-below:")]
    [InlineData("--fail-below", "ndcg@10", "fail-below:")]
    [InlineData("--baseline", "no-such-run.txt", "baseline:")]
    [InlineData("--fail-if-worse-than", "bm42", "fail-if-worse-than:")]
    public async Task MalformedGateOrBaseline_Exits2NamingTheOption(string option, string value, string prefix)
    {
        var (exit, _, error) = await EvalAsync("--mode", "lexical", option, value);

        Assert.Equal(2, exit);
        Assert.StartsWith(prefix, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    private async Task<double> LexicalNdcgAsync()
    {
        var (exit, output, error) = await EvalAsync("--mode", "lexical", "--json");
        Assert.True(exit == 0, error);
        return JsonDocument.Parse(output).RootElement.GetProperty("modes")[0].GetProperty("mean").GetProperty("ndcgAt10").GetDouble();
    }
}
