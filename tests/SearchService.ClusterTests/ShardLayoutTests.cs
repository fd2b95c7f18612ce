using SearchService.Cluster.Placement;

namespace SearchService.ClusterTests;

public sealed class ShardLayoutTests
{
    private static readonly string[] Nodes = ["10.0.0.7:11111", "10.0.0.3:11111", "10.0.0.5:11112", "10.0.0.9:11111", "10.0.0.1:11113"];

    [Theory]
    [InlineData(4, 1)]
    [InlineData(4, 3)]
    [InlineData(20, 3)]
    [InlineData(7, 5)]
    [InlineData(2, 5)]
    public void Every_node_gets_the_floor_or_the_ceiling_of_shards_over_nodes(int shards, int nodes)
    {
        var layout = ShardLayout.Assign(shards, Nodes.Take(nodes).ToList());
        var counts = Enumerable.Range(0, nodes).Select(n => layout.Count(x => x == n)).ToList();
        Assert.All(counts, c => Assert.InRange(c, shards / nodes, (shards + nodes - 1) / nodes));
        Assert.Equal(shards, counts.Sum());
    }

    [Fact]
    public void The_layout_depends_on_the_set_of_nodes_not_their_order()
    {
        var forward = Nodes.ToList();
        var backward = Nodes.Reverse().ToList();
        var a = ShardLayout.Assign(12, forward).Select(i => forward[i]);
        var b = ShardLayout.Assign(12, backward).Select(i => backward[i]);
        Assert.Equal(a, b);
    }

    [Fact]
    public void A_node_joining_moves_fewer_shards_than_shard_modulo_node_count_would()
    {
        const int shards = 20;
        var three = Nodes.Take(3).ToList();
        var four = Nodes.Take(4).ToList();
        var before = ShardLayout.Assign(shards, three).Select(i => three[i]).ToList();
        var after = ShardLayout.Assign(shards, four).Select(i => four[i]).ToList();
        var moved = Enumerable.Range(0, shards).Count(s => before[s] != after[s]);
        var sorted3 = three.Order(StringComparer.Ordinal).ToList();
        var sorted4 = four.Order(StringComparer.Ordinal).ToList();
        var movedByModulo = Enumerable.Range(0, shards).Count(s => sorted3[s % 3] != sorted4[s % 4]);
        Assert.True(moved < movedByModulo, $"layout moved {moved} shards, modulo {movedByModulo}");
        Assert.True(moved >= shards / 4, "the joining node must receive its share");
    }
}
