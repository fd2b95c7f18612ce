using SearchService.Engine.Judgments;
using SearchService.Evaluation;

namespace SearchService.UnitTests.Evaluation;

/// <summary>Compact builders for rankings and judgments, so each test reads as its hand computation.</summary>
internal static class Rankings
{
    /// <summary>A ranking in the given order with descending scores (no ties).</summary>
    public static IReadOnlyList<RankedDoc> Of(params string[] docIds) =>
        docIds.Select((id, i) => new RankedDoc(id, docIds.Length - i)).ToArray();

    /// <summary>"filler1".."fillerN": retrieved documents that are not judged.</summary>
    public static IEnumerable<string> Fillers(int count, string prefix = "filler") =>
        Enumerable.Range(1, count).Select(i => prefix + i);

    public static IReadOnlyDictionary<string, int> Grades(params (string DocId, int Grade)[] grades) =>
        grades.ToDictionary(g => g.DocId, g => g.Grade);

    public static Qrels Qrels(params (string QueryId, string DocId, int Grade)[] judgments) =>
        new(judgments
            .GroupBy(j => j.QueryId)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyDictionary<string, int>)g.ToDictionary(j => j.DocId, j => j.Grade)));
}
