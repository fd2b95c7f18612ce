using SearchService.Engine.Judgments;
using SearchService.Evaluation;
using SearchService.Engine.Ingestion;
using SearchService.UnitTests.Ingestion;

namespace SearchService.UnitTests.Evaluation;

public sealed class DevSetTests
{
    private static readonly Lazy<DevSet> Real = new(() => DevSet.Load(DevSet.DefaultPath(SeedCorpus.RepoRoot)));

    [Fact]
    public void RealDevSet_HasAtLeastThirtyQueriesWithUniqueIdsAndText()
    {
        var queries = Real.Value.Queries;

        Assert.True(queries.Count >= 30, $"only {queries.Count} queries");
        Assert.Equal(queries.Count, queries.Select(q => q.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(queries.Count, queries.Select(q => q.Query).Distinct(StringComparer.Ordinal).Count());
        Assert.All(queries, q => Assert.NotEmpty(q.Judgments));
        Assert.All(queries.SelectMany(q => q.Judgments), j => Assert.InRange(j.Grade, 1, 2));
        Assert.All(queries, q => Assert.Contains(q.Judgments, j => j.Grade == 2));
    }

    [Fact]
    public void RealDevSet_EveryJudgmentResolvesToExactlyOnePassage()
    {
        var problems = Real.Value.Problems(ParsedSeeds.All);

        Assert.True(problems.Count == 0, "Dev set problems:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void RealDevSet_ToQrels_GivesOnePassagePerJudgment()
    {
        var devSet = Real.Value;

        var qrels = devSet.ToQrels(ParsedSeeds.All);

        Assert.Equal(devSet.Queries.Count, qrels.QueryCount);
        foreach (var query in devSet.Queries)
        {
            Assert.Equal(query.Judgments.Count, qrels.For(query.Id).Count);
        }
    }

    [Fact]
    public void RealDevSet_JudgesEverySeedDocumentRelevantForSomeQuery()
    {
        var qrels = Real.Value.ToQrels(ParsedSeeds.All);
        var documentsWithRelevantPassages = qrels.QueryIds
            .SelectMany(id => qrels.For(id))
            .Where(kv => kv.Value >= Qrels.RelevantGrade)
            .Select(kv => kv.Key[..kv.Key.LastIndexOf('#')])
            .ToHashSet(StringComparer.Ordinal);

        Assert.All(SeedCorpus.All, id => Assert.Contains(id, documentsWithRelevantPassages));
    }

    [Fact]
    public void Load_ReadsQueriesAndJudgmentsInFileOrder()
    {
        using var dir = new TemporaryDirectory();
        var path = dir.Write(
            "dev.jsonl",
            """{"id":"q1","query":"bamboo","judgments":[{"documentId":"d1","contains":"bamboo tree","grade":2}]}""",
            "",
            """{"id":"q2","query":"Việt Nam","judgments":[{"documentId":"d1","contains":"Việt","grade":1},{"documentId":"d2","contains":"x","grade":2}]}""");

        var devSet = DevSet.Load(path);

        Assert.Equal(["q1", "q2"], devSet.Queries.Select(q => q.Id));
        Assert.Equal("Việt Nam", devSet.Queries[1].Query);
        Assert.Equal(new DevSetJudgment("d1", "bamboo tree", 2), devSet.Queries[0].Judgments.Single());
        Assert.Equal(2, devSet.Queries[1].Judgments.Count);
    }

    [Theory]
    [InlineData("""{"id":"q2","query":"x","judgments":[{"documentId":"d1","contains":"a","grade":2}]""", "invalid JSON")]
    [InlineData("""{"id":"q2","judgments":[{"documentId":"d1","contains":"a","grade":2}]}""", "\"query\"")]
    [InlineData("""{"id":"q2","query":"x","judgments":[{"documentId":"d1","contains":"a","grade":"2"}]}""", "judgments[0].grade")]
    [InlineData("""{"id":"q2","query":"x","judgments":[{"documentId":"d1","grade":1}]}""", "judgments[0].contains")]
    [InlineData("""{"id":"q2","query":"x","judgments":[]}""", "must not be empty")]
    [InlineData("""{"id":"q1","query":"y","judgments":[{"documentId":"d1","contains":"a","grade":1}]}""", "duplicate query id")]
    public void Load_MalformedLine_NamesFileAndLine(string badLine, string reason)
    {
        using var dir = new TemporaryDirectory();
        var path = dir.Write(
            "dev.jsonl",
            """{"id":"q1","query":"ok","judgments":[{"documentId":"d1","contains":"a","grade":2}]}""",
            badLine);

        var error = Assert.Throws<InvalidDataException>(() => DevSet.Load(path));

        Assert.Contains(path + " line 2", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void ToQrels_JudgmentMatchingNoPassage_ThrowsNamingQueryAndPhrase()
    {
        var devSet = DevSet.Create([Query("q7", new DevSetJudgment(ParsedSeeds.Bamboo001, "no such phrase anywhere", 2))]);

        var error = Assert.Throws<InvalidDataException>(() => devSet.ToQrels(ParsedSeeds.All));

        Assert.Contains("q7", error.Message);
        Assert.Contains("no such phrase anywhere", error.Message);
    }

    [Fact]
    public void Problems_ReportsMissingAmbiguousAndUnknownDocumentJudgments()
    {
        var devSet = DevSet.Create(
        [
            Query("q1", new DevSetJudgment(ParsedSeeds.Bamboo001, "Malawi", 2)),
            Query("q2", new DevSetJudgment(ParsedSeeds.Bamboo001, "Nguyen Phu Trong", 2)),
            Query("q3", new DevSetJudgment("999_missing", "Vietnam", 1)),
            Query("q4", new DevSetJudgment(ParsedSeeds.Interview004, "By establishing diplomatic relations with Malawi", 2)),
        ]);

        var problems = devSet.Problems(ParsedSeeds.All);

        Assert.Equal(3, problems.Count);
        Assert.StartsWith("q1: ", problems[0]);
        Assert.Contains("matches no passage", problems[0]);
        Assert.StartsWith("q2: ", problems[1]);
        Assert.Contains("passages (", problems[1]);
        Assert.StartsWith("q3: ", problems[2]);
        Assert.Contains("unknown document", problems[2]);
    }

    [Fact]
    public void ToQrels_SamePassageJudgedTwice_KeepsHigherGradeAndIsAProblem()
    {
        var devSet = DevSet.Create(
        [
            Query(
                "q1",
                new DevSetJudgment(ParsedSeeds.Interview004, "with Malawi", 1),
                new DevSetJudgment(ParsedSeeds.Interview004, "to 194", 2)),
        ]);

        var qrels = devSet.ToQrels(ParsedSeeds.All);

        Assert.Equal(2, qrels.For("q1").Single().Value);
        Assert.Single(devSet.Problems(ParsedSeeds.All));
    }

    [Fact]
    public void DefaultPath_IsUnderTestsDevset()
    {
        Assert.Equal(Path.Combine("root", "eval", "devset", "queries.jsonl"), DevSet.DefaultPath("root"));
    }

    private static DevSetQuery Query(string id, params DevSetJudgment[] judgments) => new(id, "query " + id, judgments);
}
