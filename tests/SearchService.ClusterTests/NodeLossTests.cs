using Orleans.Runtime;
using SearchService.Cluster.Routing;
using SearchService.Cluster.Shards;
using SearchService.Evaluation;
using SearchService.Engine.Retrieval;

namespace SearchService.ClusterTests;

/// <summary>
/// A pushed document and a silo killed under the cluster: the shards of the lost silo re-activate on the others,
/// rebuild from the sources and grain storage, and the cluster ranks as one node again with nothing lost.
/// </summary>
public sealed class NodeLossTests(FaultCluster fixture) : IClassFixture<FaultCluster>
{
    private static readonly ClusterDocument Pushed = new("pushed-glacier-survey", "Glacier survey", "The glacier survey counted crevasses and measured how fast the glacier ice is melting each summer.");

    [Fact]
    public async Task After_a_silo_dies_its_shards_rebuild_elsewhere_and_rank_as_one_node_with_no_document_lost_or_duplicated()
    {
        var shard = ShardRouting.ShardOf(Pushed.Id, InProcessCluster.Shards);
        await fixture.Cluster.Client.GetGrain<IShardGrain>(shard).Push(Pushed);
        var found = await fixture.Search.Rank("glacier crevasses", 5, SearchMode.Lexical);
        Assert.Equal(Pushed.Id, found.Passages[0].DocumentId);

        // Kill (no graceful shutdown) a silo that hosts shards, never the one the test client's gateway is on.
        var states = await fixture.Search.States();
        var victim = fixture.Cluster.Silos.Skip(1).First(s => states.Any(st => st.Node.EndsWith(":" + s.SiloAddress.Endpoint.Port, StringComparison.Ordinal)));
        var lost = states.Where(s => s.Node.EndsWith(":" + victim.SiloAddress.Endpoint.Port, StringComparison.Ordinal)).Select(s => s.Id).ToList();
        await fixture.Cluster.KillSiloAsync(victim);

        var after = await fixture.WaitUntilReady(TimeSpan.FromSeconds(60));
        Assert.All(after.Where(s => lost.Contains(s.Id)), s => Assert.DoesNotContain(":" + victim.SiloAddress.Endpoint.Port, s.Node, StringComparison.Ordinal));

        var held = new List<string>();
        for (var id = 0; id < InProcessCluster.Shards; id++)
        {
            held.AddRange(await fixture.Cluster.Client.GetGrain<IShardGrain>(id).GetDocumentIds());
        }

        var expected = fixture.Documents.Select(d => d.Document.Metadata.DocumentId).Append(Pushed.Id).Order(StringComparer.Ordinal);
        Assert.Equal(expected, held.Order(StringComparer.Ordinal));

        using var single = EvaluationIndex.Build(fixture.Documents.Append((ClusterDocuments.Parse(Pushed), ClusterDocuments.Fingerprint(Pushed))), fixture.SearchOptions());
        foreach (var query in SeedsClusterTests.Queries.Append("glacier crevasses"))
        {
            foreach (var mode in new[] { SearchMode.Lexical, SearchMode.Hybrid })
            {
                var cluster = await fixture.Search.Rank(query, 10, mode);
                Assert.False(cluster.Partial);
                RankingAssert.Identical(query, single.Engine.Rank(query, 10, mode), cluster.Passages, cluster.Total);
            }
        }
    }
}
