using System.Diagnostics;
using SearchService.Engine.Retrieval;

namespace SearchService.Engine.Evaluation;

/// <summary>A query to run in an evaluation.</summary>
public sealed record EvaluationQuery(string Id, string Text);

/// <summary>The rankings of every query, and how long each took.</summary>
public sealed record RankingRunResult(IReadOnlyDictionary<string, IReadOnlyList<RankedDoc>> Run, LatencySummary Latency);

/// <summary>Runs every query once to warm up, then again timed; latency covers building the query and fetching the ids.</summary>
public static class RankingRun
{
    public const int Depth = 100;
    private const int WarmUpQueries = 50;

    public static RankingRunResult Execute(
        Func<string, Ranking> rank,
        IReadOnlyList<EvaluationQuery> queries,
        Func<RankedPassage, string> judgedIdOf,
        IProgress<int>? progress = null)
    {
        foreach (var query in queries.Take(WarmUpQueries))
        {
            rank(query.Text);
        }

        var run = new Dictionary<string, IReadOnlyList<RankedDoc>>(StringComparer.Ordinal);
        var latencies = new List<double>(queries.Count);
        foreach (var query in queries)
        {
            var clock = Stopwatch.StartNew();
            var ranking = rank(query.Text);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            run[query.Id] = Distinct(ranking.Passages.Select(p => new RankedDoc(judgedIdOf(p), p.Score)));
            if (run.Count % 25 == 0)
            {
                progress?.Report(run.Count);
            }
        }

        progress?.Report(run.Count);
        return new RankingRunResult(run, latencies.Count == 0 ? new LatencySummary(0, 0, 0) : LatencySummary.From(latencies));
    }

    // When several passages map to one judged id (a document), the first, best-ranked one stands for it.
    private static List<RankedDoc> Distinct(IEnumerable<RankedDoc> ranking)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return ranking.Where(doc => seen.Add(doc.DocId)).ToList();
    }
}
