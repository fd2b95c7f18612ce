using System.Diagnostics;
using SearchService.Engine.Retrieval;

namespace SearchService.Evaluation;

/// <summary>A query to run in an evaluation.</summary>
public sealed record EvaluationQuery(string Id, string Text);

/// <summary>The rankings of every query, and how long each took.</summary>
public sealed record RankingRunResult(IReadOnlyDictionary<string, IReadOnlyList<RankedDoc>> Run, LatencySummary Latency);

/// <summary>
/// Warms up, then runs every query once, timed; latency covers analysing the query, searching and fetching the ids.
/// The warm-up repeats the query set for a bounded time so the JIT has promoted the hot paths out of tier 0, as a
/// long-running service would have: timing the first passes would measure the JIT, not the search.
/// </summary>
public static class RankingRun
{
    public const int Depth = 100;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);
    private const int MaxWarmUpPasses = 20;

    public static RankingRunResult Execute(
        Func<string, Engine.Retrieval.Ranking> rank,
        IReadOnlyList<EvaluationQuery> queries,
        Func<RankedPassage, string> judgedIdOf,
        IProgress<int>? progress = null)
    {
        var warmUp = Stopwatch.StartNew();
        for (var pass = 0; pass < MaxWarmUpPasses && warmUp.Elapsed < WarmUp; pass++)
        {
            foreach (var query in queries)
            {
                rank(query.Text);
            }
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
