using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace SearchService.Cluster.Placement;

/// <summary>
/// Placement of shard grains by <see cref="ShardLayout"/> over the silos that can host them: deterministic, so a shard
/// activated (or re-activated after its node died, or migrated after a node joined or left) lands where every silo
/// expects it.
/// </summary>
[Serializable]
public sealed class ShardPlacementStrategy : PlacementStrategy;

/// <summary>Places the grain class with <see cref="ShardPlacementStrategy"/> (its integer key is the shard id).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ShardPlacementAttribute() : PlacementAttribute(new ShardPlacementStrategy());

public sealed class ShardPlacementDirector(Microsoft.Extensions.Options.IOptions<ClusterOptions> options) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target);
        var key = target.GrainIdentity.GetIntegerKey();
        var shards = options.Value.Shards;
        return Task.FromResult(key >= 0 && key < shards ? PreferredSilo((int)key, shards, silos) : silos[(int)((ulong)key % (ulong)silos.Length)]);
    }

    /// <summary>The silo <paramref name="shard"/> belongs on among <paramref name="silos"/>, named as /stats names nodes.</summary>
    public static SiloAddress PreferredSilo(int shard, int shards, IReadOnlyList<SiloAddress> silos) =>
        silos[ShardLayout.NodeOf(shard, shards, silos.Select(NodeName).ToList())];

    public static string NodeName(SiloAddress silo) => $"{silo.Endpoint.Address}:{silo.Endpoint.Port}";
}
