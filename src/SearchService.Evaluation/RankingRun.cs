using System.Diagnostics;
using SearchService.Engine.Retrieval;

namespace SearchService.Evaluation;

/// <summary>A query to run in an evaluation.</summary>
public sealed record EvaluationQuery(string Id, string Text);

/// <summary>The rankings of every query, and how long each took.</summary>
public sealed record RankingRunResult(IReadOnlyDictionary<string, IReadOnlyList<RankedDoc>> Run, LatencySummary Latency);

/// <summary>
/// Warms up (see <see cref="RankingWarmUp"/>), then runs every query once, timed; latency covers analysing the query,
/// searching and fetching the ids. Timing the first passes would measure the JIT, not the search.
/// </summary>
public static class RankingRun
{
    public const int Depth = 100;

    public static RankingRunResult Execute(
        Func<string, Engine.Retrieval.Ranking> rank,
        IReadOnlyList<EvaluationQuery> queries,
        Func<RankedPassage, string> judgedIdOf,
        IProgress<int>? progress = null,
        RankingWarmUp? warmUp = null)
    {
        WarmUp(rank, queries, warmUp ?? RankingWarmUp.Default);

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

    private static void WarmUp(Func<string, Engine.Retrieval.Ranking> rank, IReadOnlyList<EvaluationQuery> queries, RankingWarmUp warmUp)
    {
        var clock = Stopwatch.StartNew();
        var done = 0;
        while (queries.Count > 0 && done < warmUp.Queries && clock.Elapsed < warmUp.Limit)
        {
            rank(queries[done % queries.Count].Text);
            done++;
        }
    }

    // When several passages map to one judged id (a document), the first, best-ranked one stands for it.
    private static List<RankedDoc> Distinct(IEnumerable<RankedDoc> ranking)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return ranking.Where(doc => seen.Add(doc.DocId)).ToList();
    }
}
