using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using SearchService.Cluster.Placement;
using SearchService.Cluster.Search;
using SearchService.Cluster.Shards;
using SearchService.Engine;
using StackExchange.Redis;

namespace SearchService.Cluster.Hosting;

public static class ClusterHostingExtensions
{
    /// <summary>
    /// Binds and validates <c>Search:Cluster</c>; when it is enabled, makes this process an Orleans silo of the cluster
    /// (Redis membership and shard storage, the configured ports) serving shard grains and scatter-gather search.
    /// Off (the default), nothing of Orleans is registered or started.
    /// </summary>
    /// <returns>Whether cluster mode is on.</returns>
    public static bool AddSearchCluster(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(ClusterOptions.SectionName);
        builder.Services.AddSingleton<IValidateOptions<ClusterOptions>, ClusterOptionsValidation>();
        builder.Services.AddOptions<ClusterOptions>().Bind(section).ValidateOnStart();
        var options = section.Get<ClusterOptions>() ?? new ClusterOptions();
        if (!options.Enabled)
        {
            return false;
        }

        var problems = options.Problems().ToList();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(ClusterOptions.SectionName, typeof(ClusterOptions), problems);
        }

        builder.UseOrleans(silo =>
        {
            var redis = ConfigurationOptions.Parse(options.Redis!);
            silo.UseRedisClustering(o => o.ConfigurationOptions = redis);
            silo.Services.AddRedisGrainStorage(ShardStorage.Name, o => o.ConfigurationOptions = redis);
            silo.Configure<Orleans.Configuration.ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = "searchservice";
            });
            silo.ConfigureEndpoints(IPAddress.Parse(options.AdvertisedAddress), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: false);

            // A node that dies is declared dead within seconds, not the default minute: its shards re-activate elsewhere.
            silo.Configure<ClusterMembershipOptions>(ConfigureFailureDetection);
            silo.Services.AddSearchShards();
        });
        return true;
    }

    /// <summary>What a silo needs to host shard grains and coordinate searches (also used by the in-process test cluster).</summary>
    public static IServiceCollection AddSearchShards(this IServiceCollection services)
    {
        // LSA is fitted on the whole corpus: per-shard LSA spaces could never score as one node's. Cluster mode ranks
        // with BM25 and the sentence encoder, whose vectors are per passage (docs/scale.md).
        services.PostConfigure<SearchOptions>(o => o.Embeddings.Lsa = false);
        services.AddPlacementDirector<ShardPlacementStrategy, ShardPlacementDirector>();
        services.TryAddSingleton<IShardSources>(sp => new SourcesFolderShardSources(sp.GetRequiredService<IOptions<SearchOptions>>().Value));
        services.TryAddSingleton<ClusterMetrics>();
        services.TryAddSingleton(sp => new ClusterSearch(sp.GetRequiredService<IGrainFactory>(), sp.GetRequiredService<IOptions<ClusterOptions>>(), sp.GetRequiredService<IOptions<SearchOptions>>(), sp.GetRequiredService<ClusterMetrics>()));
        return services;
    }

    public static void ConfigureFailureDetection(ClusterMembershipOptions membership)
    {
        membership.ProbeTimeout = TimeSpan.FromSeconds(2);
        membership.NumMissedProbesLimit = 2;
        membership.NumVotesForDeathDeclaration = 1;
        membership.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
    }
}

internal sealed class ClusterOptionsValidation : IValidateOptions<ClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterOptions options)
    {
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
