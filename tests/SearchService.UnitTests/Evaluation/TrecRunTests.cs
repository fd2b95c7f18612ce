using System.Globalization;
using SearchService.Evaluation;

namespace SearchService.UnitTests.Evaluation;

public sealed class TrecRunTests
{
    private static readonly Dictionary<string, IReadOnlyList<RankedDoc>> Run = new()
    {
        ["q2"] = [new RankedDoc("d9", 0.125)],
        ["q1"] = [new RankedDoc("d1", 12.5), new RankedDoc("d7", 3.25), new RankedDoc("d3", -1.0)],
    };

    [Fact]
    public void Write_ProducesTrecEvalLinesWithOneBasedRanksAndQueriesInOrdinalOrder()
    {
        var writer = new StringWriter();

        TrecRunWriter.Write(writer, Run, "bm25");

        Assert.Equal(
            "q1 Q0 d1 1 12.500000 bm25\n" +
            "q1 Q0 d7 2 3.250000 bm25\n" +
            "q1 Q0 d3 3 -1.000000 bm25\n" +
            "q2 Q0 d9 1 0.125000 bm25\n",
            writer.ToString());
    }

    [Fact]
    public void Write_UnderCommaDecimalCulture_StillUsesDecimalPoint()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var writer = new StringWriter();
            TrecRunWriter.Write(writer, Run, "bm25");

            Assert.Contains("q1 Q0 d1 1 12.500000 bm25", writer.ToString());
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Write_DocIdWithWhitespace_Throws()
    {
        var run = new Dictionary<string, IReadOnlyList<RankedDoc>> { ["q1"] = [new RankedDoc("two words", 1)] };

        Assert.Throws<ArgumentException>(() => TrecRunWriter.Write(new StringWriter(), run, "tag"));
    }

    [Fact]
    public void WriteThenRead_RoundTripsQueriesDocsAndScoresInOrder()
    {
        using var dir = new TemporaryDirectory();
        var path = Path.Combine(dir.Path, "run.txt");

        TrecRunWriter.WriteFile(path, Run, "bm25");
        var read = TrecRunReader.Read(path);

        Assert.Equal(Run.Keys.Order(), read.Keys.Order());
        foreach (var (queryId, hits) in Run)
        {
            Assert.Equal(hits, read[queryId]);
        }
    }

    [Fact]
    public void Read_NonNumericScore_ErrorNamesLineNumber()
    {
        using var dir = new TemporaryDirectory();
        var path = dir.Write("run.txt", "q1 Q0 d1 1 1.5 tag", "q1 Q0 d2 2 abc tag");

        var error = Assert.Throws<InvalidDataException>(() => TrecRunReader.Read(path));

        Assert.Contains("line 2", error.Message);
    }
}
