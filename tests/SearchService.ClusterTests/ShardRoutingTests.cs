using SearchService.Cluster;
using SearchService.Cluster.Routing;

namespace SearchService.ClusterTests;

public sealed class ShardRoutingTests
{
    [Fact]
    public void The_hash_is_fnv1a_64_of_the_utf8_id_so_every_process_routes_alike()
    {
        // Published FNV-1a 64 test vectors: "" and "a".
        Assert.Equal(0xcbf29ce484222325UL, ShardRouting.Hash(""));
        Assert.Equal(0xaf63dc4c8601ec8cUL, ShardRouting.Hash("a"));
        Assert.Equal((int)(0xaf63dc4c8601ec8cUL % 7), ShardRouting.ShardOf("a", 7));
    }

    [Fact]
    public void Documents_spread_over_every_shard()
    {
        var counts = Enumerable.Range(0, 1000).GroupBy(i => ShardRouting.ShardOf($"doc-{i}", 4)).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(4, counts.Count);
        Assert.All(counts.Values, count => Assert.InRange(count, 180, 320));
    }

    [Fact]
    public void Cluster_options_out_of_range_are_named_and_off_means_nothing_is_checked()
    {
        Assert.Empty(new ClusterOptions { Shards = 0, Redis = null }.Problems());
        var problems = new ClusterOptions { Enabled = true, Shards = 0, SiloPort = 5700, GatewayPort = 5700, RebalanceInterval = TimeSpan.Zero }.Problems().ToList();
        Assert.Contains(problems, p => p.Contains("Search:Cluster:Redis"));
        Assert.Contains(problems, p => p.Contains("Search:Cluster:Shards"));
        Assert.Contains(problems, p => p.Contains("GatewayPort"));
        Assert.Contains(problems, p => p.Contains("Search:Cluster:RebalanceInterval"));
        Assert.Empty(new ClusterOptions { Enabled = true, Redis = "127.0.0.1:6390" }.Problems());
    }
}
