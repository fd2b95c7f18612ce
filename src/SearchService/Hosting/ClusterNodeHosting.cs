using Microsoft.Extensions.Diagnostics.HealthChecks;
using SearchService.Api;
using SearchService.Cluster.Hosting;
using SearchService.Cluster.Search;
using SearchService.Cluster.Shards;

namespace SearchService.Hosting;

public static class ClusterNodeHosting
{
    /// <summary>
    /// Cluster mode when <c>Search:Cluster:Enabled</c>: this process also runs an Orleans silo hosting shard grains,
    /// /search, /ask, /suggest, /documents, push and their gRPC twins go through the cluster, /health/ready reports the shards. Off: only the options are bound.
    /// </summary>
    public static IHostApplicationBuilder AddSearchClusterNode(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SearchFront>();
        if (builder.AddSearchCluster())
        {
            // /ask, /suggest, /documents and push go to the shards (SearchFront, DocumentPusher), as /search does.
            builder.Services.AddSingleton<ClusterCatalog>();
            builder.Services.AddSingleton<ClusterAnswers>();
            builder.Services.AddSingleton<ClusterSuggest>();
            builder.Services.AddHealthChecks().AddCheck<ClusterShardsCheck>("cluster", tags: [HealthEndpoints.ReadyTag]);
        }

        return builder;
    }
}

/// <summary>/health's short form of the cluster: nodes, and shards ready of all; degraded while any is rebuilding.</summary>
internal sealed class ClusterShardsCheck(ClusterSearch cluster) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var overview = await cluster.Overview(cancellationToken);
        var ready = overview.Shards.Count(s => s.Status == ShardStatus.Ready);
        var data = new Dictionary<string, object>
        {
            ["nodes"] = overview.Nodes.Count,
            ["shards"] = overview.Shards.Count,
            ["shardsReady"] = ready,
        };
        var description = $"{ready}/{overview.Shards.Count} shards ready on {overview.Nodes.Count} nodes";
        return ready == overview.Shards.Count ? HealthCheckResult.Healthy(description, data) : HealthCheckResult.Degraded(description, data: data);
    }
}
