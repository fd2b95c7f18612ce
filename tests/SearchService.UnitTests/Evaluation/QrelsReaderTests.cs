using SearchService.Engine.Judgments;
using SearchService.Evaluation;

namespace SearchService.UnitTests.Evaluation;

public sealed class QrelsReaderTests
{
    [Fact]
    public void Read_BeirTsvWithHeader_KeepsAllGradesIncludingZeroAndNegative()
    {
        using var dir = new TemporaryDirectory();
        var path = dir.Write("test.tsv", "query-id\tcorpus-id\tscore", "q1\td1\t2", "q1\td2\t0", "q2\td3\t-1", "q2\td4\t1");

        var qrels = QrelsReader.Read(path);

        Assert.Equal(["q1", "q2"], qrels.QueryIds);
        Assert.Equal(2, qrels.GradeOf("q1", "d1"));
        Assert.Equal(0, qrels.GradeOf("q1", "d2"));
        Assert.Equal(-1, qrels.GradeOf("q2", "d3"));
        Assert.Null(qrels.GradeOf("q1", "d9"));
        Assert.Equal(1, qrels.RelevantCount("q1"));
        Assert.Equal(1, qrels.RelevantCount("q2"));
    }

    [Fact]
    public void Read_BeirTsvWithoutHeader_IsDetectedByThreeColumns()
    {
        using var dir = new TemporaryDirectory();
        var path = dir.Write("test.tsv", "q1\td1\t1", "q1\td2\t2");

        var qrels = QrelsReader.Read(path);

        Assert.Equal(2, qrels.GradeOf("q1", "d2"));
    }

    [Fact]
    public void Read_TrecQrels_IsDetectedByFourColumnsAndIgnoresIteration()
    {
        using var dir = new TemporaryDirectory();
        var path = dir.Write("qrels.txt", "301 0 FBIS3-10082 1", "301  0   FBIS3-10169 0", "302 Q0 LA010189-0001 2");

        var qrels = QrelsReader.Read(path);

        Assert.Equal(["301", "302"], qrels.QueryIds);
        Assert.Equal(1, qrels.GradeOf("301", "FBIS3-10082"));
        Assert.Equal(0, qrels.GradeOf("301", "FBIS3-10169"));
        Assert.Equal(2, qrels.GradeOf("302", "LA010189-0001"));
    }

    [Fact]
    public void Read_NonIntegerGrade_ErrorNamesFileAndLineNumber()
    {
        using var dir = new TemporaryDirectory();
        var path = dir.Write("test.tsv", "query-id\tcorpus-id\tscore", "q1\td1\t1", "q1\td2\thigh");

        var error = Assert.Throws<InvalidDataException>(() => QrelsReader.Read(path));

        Assert.Contains("test.tsv", error.Message);
        Assert.Contains("line 3", error.Message);
    }

    [Fact]
    public void Read_WrongColumnCount_ErrorNamesLineNumber()
    {
        using var dir = new TemporaryDirectory();
        var path = dir.Write("qrels.txt", "301 0 d1 1", "301 d2 1");

        var error = Assert.Throws<InvalidDataException>(() => QrelsReader.Read(path));

        Assert.Contains("line 2", error.Message);
    }

    [Fact]
    public void Read_SameDocJudgedTwiceWithDifferentGrades_Throws()
    {
        using var dir = new TemporaryDirectory();
        var path = dir.Write("test.tsv", "q1\td1\t1", "q1\td1\t1", "q1\td1\t2");

        var error = Assert.Throws<InvalidDataException>(() => QrelsReader.Read(path));

        Assert.Contains("line 3", error.Message);
    }
}
