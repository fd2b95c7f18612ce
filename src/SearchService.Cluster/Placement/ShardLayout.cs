using SearchService.Cluster.Routing;

namespace SearchService.Cluster.Placement;

/// <summary>
/// Which node each shard belongs on, decided from the set of live nodes alone, so every silo computes the same layout
/// without talking to the others. Balanced: every node gets ⌊N/S⌋ or ⌈N/S⌉ of the N shards (the first N mod S nodes
/// in ordinal order the larger share). Stable: shard by shard (in id order) each takes, of the nodes with room left,
/// the one of highest rendezvous score FNV-1a(shard, node), so a node joining or leaving moves few of the shards that
/// stay on live nodes (plain "shard mod node count" would move most of them).
/// </summary>
public static class ShardLayout
{
    /// <summary>The node of <paramref name="shard"/> among <paramref name="nodes"/> (names unique, e.g. "host:siloPort").</summary>
    public static int NodeOf(int shard, int shards, IReadOnlyList<string> nodes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shard, shards);
        ArgumentOutOfRangeException.ThrowIfZero(nodes.Count);
        return Assign(shards, nodes)[shard];
    }

    /// <summary>For every shard 0..N−1 the index into <paramref name="nodes"/> of the node it belongs on.</summary>
    public static int[] Assign(int shards, IReadOnlyList<string> nodes)
    {
        ArgumentOutOfRangeException.ThrowIfZero(nodes.Count);
        var ordered = Enumerable.Range(0, nodes.Count).OrderBy(i => nodes[i], StringComparer.Ordinal).ToList();
        var room = new int[nodes.Count];
        for (var rank = 0; rank < ordered.Count; rank++)
        {
            room[ordered[rank]] = shards / nodes.Count + (rank < shards % nodes.Count ? 1 : 0);
        }

        var layout = new int[shards];
        for (var shard = 0; shard < shards; shard++)
        {
            // Total room equals the shard count, so some node always has room; ties in score go to the ordinal-first node.
            var chosen = ordered.Where(i => room[i] > 0).MaxBy(i => Score(shard, nodes[i]));
            room[chosen]--;
            layout[shard] = chosen;
        }

        return layout;
    }

    private static ulong Score(int shard, string node) =>
        ShardRouting.Hash(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{shard}@{node}"));
}
