using SearchService.Cluster.Search;
using SearchService.Engine;
using SearchService.Engine.Retrieval;

namespace SearchService.Api;

/// <summary>
/// Where /search and gRPC Search are answered: this node's engine, or in cluster mode (<c>Search:Cluster:Enabled</c>)
/// the scatter-gather over every shard of the cluster, whose answers say <c>partial</c> when shards are missing.
/// </summary>
public sealed class SearchFront(SearchEngine engine, IServiceProvider services)
{
    private readonly ClusterSearch? _cluster = services.GetService<ClusterSearch>();

    public async Task<SearchResponse> Search(SearchRequest request, CancellationToken cancellationToken) =>
        _cluster is null ? engine.Search(request, cancellationToken) : (await _cluster.Search(request, cancellationToken)).Response;

    /// <summary>The cluster's nodes and shards for /stats; null on a single node.</summary>
    public async Task<ClusterOverview?> ClusterOverview(CancellationToken cancellationToken) =>
        _cluster is null ? null : await _cluster.Overview(cancellationToken);
}
