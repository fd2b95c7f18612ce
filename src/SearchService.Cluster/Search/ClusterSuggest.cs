using Microsoft.Extensions.Options;
using SearchService.Cluster.Shards;
using SearchService.Engine;
using SearchService.Engine.Analysis;
using SearchService.Engine.Indexing;
using SearchService.Engine.Suggest;

namespace SearchService.Cluster.Search;

/// <summary>
/// <c>/suggest</c> over the cluster, as one node's <see cref="Suggester"/> answers: (1) every shard lists its
/// completion candidates of the last word in term order (bounded as one node scans: the first
/// <see cref="Suggester.MaxScannedTerms"/> words of the union are each within every holding shard's first as many)
/// and the statistics of the title words; the candidates' passage counts are summed and the union cut where one node's
/// scan stops; (2) every shard ranks its titles with the summed statistics and the lists are merged by score, ties in
/// one index's order. The engine composes the response.
/// </summary>
public sealed class ClusterSuggest(IGrainFactory grains, IOptions<ClusterOptions> cluster, IOptions<SearchOptions> search)
{
    private readonly SearchAnalyzer _analyzer = new(search.Value.Analysis);

    /// <exception cref="IndexNotReadyException">A shard is rebuilding or unreachable (a 503, as /documents).</exception>
    public async Task<SuggestResponse> Suggest(SuggestRequest request, CancellationToken cancellationToken = default)
    {
        // Analyzed as every shard analyzes it (the same analysis options on every node).
        if (Suggester.Typed.Of(_analyzer, request.Query) is not { } typed)
        {
            return new SuggestResponse([]);
        }

        var shards = Enumerable.Range(0, cluster.Value.Shards).ToList();
        var statistics = await All(shards.Select(id => Shard(id).GetSuggestStatistics(request.Query)), cancellationToken);
        var completions = statistics.SelectMany(s => s.Completions)
            .GroupBy(c => c.Word, StringComparer.Ordinal)
            .Select(g => (Word: g.Key, Frequency: g.Sum(c => c.Frequency)))
            .OrderBy(c => c.Word, StringComparer.Ordinal)
            .Take(Suggester.MaxScannedTerms)
            .ToList();
        var collection = SummedStatistics.Sum(statistics.Select(s => s.Titles));
        var titles = (await All(shards.Select(id => Shard(id).SuggestTitles(request.Query, collection, request.K)), cancellationToken))
            .SelectMany((hits, shard) => hits.Select(hit => (Hit: hit, Shard: shard)))
            .OrderByDescending(h => h.Hit.Score)
            .ThenBy(h => (h.Hit.Ordinal, h.Shard, h.Hit.LocalDoc))
            .Take(request.K)
            .Select(h => new Suggestion(h.Hit.Title, SuggestionKind.Title, h.Hit.DocumentId))
            .ToList();

        return Suggester.Compose(typed, completions, titles, request.K);
    }

    private IShardGrain Shard(int id) => grains.GetGrain<IShardGrain>(id);

    private async Task<IReadOnlyList<T>> All<T>(IEnumerable<Task<T?>> calls, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var results = await Task.WhenAll(calls.Select(call => call.WaitAsync(cluster.Value.ShardTimeout, cancellationToken)));
            return results.Any(r => r is null) ? throw new IndexNotReadyException() : results.Select(r => r!).ToList();
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            throw new IndexNotReadyException();
        }
    }
}
