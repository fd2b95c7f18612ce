using SearchService.Engine.Judgments;
using SearchService.Evaluation;

namespace SearchService.UnitTests.Evaluation;

public sealed class BeirDatasetTests
{
    [Fact]
    public void Load_TinyDirectory_ReadsCorpusQueriesAndQrels()
    {
        using var dir = new TemporaryDirectory();
        dir.Write(
            "corpus.jsonl",
            """{"_id": "d1", "title": "Espresso", "text": "Hot water through ground coffee.", "metadata": {}}""",
            """{"_id": "d2", "text": "No title field at all."}""",
            "",
            """{"_id": "d3", "title": "", "text": ""}""");
        dir.Write("queries.jsonl", """{"_id": "q1", "text": "espresso"}""", """{"_id": "q2", "text": "tea"}""");
        dir.Write("qrels/test.tsv", "query-id\tcorpus-id\tscore", "q1\td1\t2", "q1\td3\t0", "q2\td2\t1");

        var dataset = BeirDataset.Load(dir.Path);

        Assert.Equal(
            [
                new BeirDocument("d1", "Espresso", "Hot water through ground coffee."),
                new BeirDocument("d2", "", "No title field at all."),
                new BeirDocument("d3", "", ""),
            ],
            dataset.Corpus);
        Assert.Equal([new BeirQuery("q1", "espresso"), new BeirQuery("q2", "tea")], dataset.Queries);
        Assert.Equal(2, dataset.Qrels.GradeOf("q1", "d1"));
        Assert.Equal(0, dataset.Qrels.GradeOf("q1", "d3"));
    }

    [Fact]
    public void Corpus_EnumeratedTwice_StreamsTheFileAgain()
    {
        using var dir = WriteMinimalDataset();
        var dataset = BeirDataset.Load(dir.Path);

        Assert.Equal(dataset.Corpus.ToList(), dataset.Corpus.ToList());
    }

    [Fact]
    public void Corpus_MalformedJsonLine_ErrorNamesFileAndLineNumber()
    {
        using var dir = WriteMinimalDataset();
        dir.Write("corpus.jsonl", """{"_id": "d1", "text": "fine"}""", """{"_id": "d2", "text": "unterminated""");
        var dataset = BeirDataset.Load(dir.Path);

        var error = Assert.Throws<InvalidDataException>(() => dataset.Corpus.ToList());

        Assert.Contains("corpus.jsonl", error.Message);
        Assert.Contains("line 2", error.Message);
    }

    [Fact]
    public void Corpus_LineWithoutId_ErrorNamesLineNumber()
    {
        using var dir = WriteMinimalDataset();
        dir.Write("corpus.jsonl", """{"title": "orphan", "text": "no id"}""");

        var error = Assert.Throws<InvalidDataException>(() => BeirDataset.Load(dir.Path).Corpus.ToList());

        Assert.Contains("line 1", error.Message);
    }

    [Fact]
    public void Load_DuplicateQueryId_ErrorNamesLineNumber()
    {
        using var dir = WriteMinimalDataset();
        dir.Write("queries.jsonl", """{"_id": "q1", "text": "a"}""", """{"_id": "q1", "text": "b"}""");

        var error = Assert.Throws<InvalidDataException>(() => BeirDataset.Load(dir.Path));

        Assert.Contains("queries.jsonl line 2", error.Message);
    }

    [Fact]
    public void Load_MissingQrels_ThrowsFileNotFound()
    {
        using var dir = new TemporaryDirectory();
        dir.Write("corpus.jsonl", """{"_id": "d1", "text": "x"}""");
        dir.Write("queries.jsonl", """{"_id": "q1", "text": "x"}""");

        Assert.Throws<FileNotFoundException>(() => BeirDataset.Load(dir.Path));
    }

    [Fact]
    public void Load_MiniBeirFixture_HasTwelveDocsFourQueriesAndGradedQrels()
    {
        var dataset = BeirDataset.Load(MiniBeirFixture.Directory);

        var corpus = dataset.Corpus.ToList();
        Assert.Equal(12, corpus.Count);
        Assert.All(corpus, doc => Assert.False(string.IsNullOrEmpty(doc.Title)));
        Assert.Equal(4, dataset.Queries.Count);
        Assert.Equal(dataset.Queries.Select(q => q.Id).Order(), dataset.Qrels.QueryIds);
        Assert.All(dataset.Qrels.QueryIds, q => Assert.True(dataset.Qrels.RelevantCount(q) > 0));
        var corpusIds = corpus.Select(d => d.Id).ToHashSet();
        Assert.All(dataset.Qrels.QueryIds, q => Assert.Subset(corpusIds, dataset.Qrels.For(q).Keys.ToHashSet()));
    }

    private static TemporaryDirectory WriteMinimalDataset()
    {
        var dir = new TemporaryDirectory();
        dir.Write("corpus.jsonl", """{"_id": "d1", "title": "t", "text": "x"}""");
        dir.Write("queries.jsonl", """{"_id": "q1", "text": "x"}""");
        dir.Write("qrels/test.tsv", "query-id\tcorpus-id\tscore", "q1\td1\t1");
        return dir;
    }
}
