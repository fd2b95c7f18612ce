using SearchService.Cluster.Placement;
using SearchService.Cluster.Routing;
using SearchService.Cluster.Shards;
using SearchService.Engine.Retrieval;
using SearchService.Evaluation;

namespace SearchService.ClusterTests;

/// <summary>
/// A node joining and a node leaving gracefully: the shards move to the layout over the live silos (onto the new
/// silo, off the leaving one), rebuild there, and the cluster ranks as one node again with every document (sources and
/// pushed) held exactly once.
/// </summary>
public sealed class RebalancingTests(GrowingCluster fixture) : IClassFixture<GrowingCluster>
{
    private static readonly ClusterDocument Pushed = new("pushed-river-delta", "River delta", "The river delta survey mapped how sediment builds new islands where the river meets the sea.");

    [Fact]
    public async Task Shards_spread_onto_a_joining_silo_and_off_a_leaving_one_ranking_as_one_node_with_every_document_once()
    {
        await fixture.Cluster.Client.GetGrain<IShardGrain>(ShardRouting.ShardOf(Pushed.Id, InProcessCluster.Shards)).Push(Pushed);
        var before = await fixture.WaitUntilReady(TimeSpan.FromSeconds(120));
        Assert.Equal(2, before.Select(s => s.Node).Distinct().Count());

        var joined = await fixture.Cluster.StartAdditionalSiloAsync();
        var grown = await fixture.WaitUntilReady(TimeSpan.FromSeconds(120));
        Assert.Equal(3, grown.Select(s => s.Node).Distinct().Count());
        Assert.Contains(grown, s => s.Node == ShardPlacementDirector.NodeName(joined.SiloAddress));
        await AssertRanksAsOneNodeWithEveryDocumentOnce();

        await fixture.Cluster.StopSiloAsync(joined);
        var shrunk = await fixture.WaitUntilReady(TimeSpan.FromSeconds(120));
        Assert.Equal(2, shrunk.Select(s => s.Node).Distinct().Count());
        Assert.DoesNotContain(shrunk, s => s.Node == ShardPlacementDirector.NodeName(joined.SiloAddress));
        await AssertRanksAsOneNodeWithEveryDocumentOnce();
    }

    private async Task AssertRanksAsOneNodeWithEveryDocumentOnce()
    {
        var held = new List<string>();
        for (var id = 0; id < InProcessCluster.Shards; id++)
        {
            held.AddRange(await fixture.Cluster.Client.GetGrain<IShardGrain>(id).GetDocumentIds());
        }

        var documents = fixture.Documents.Append((ClusterDocuments.Parse(Pushed), ClusterDocuments.Fingerprint(Pushed))).ToList();
        Assert.Equal(documents.Select(d => d.Item1.Metadata.DocumentId).Order(StringComparer.Ordinal), held.Order(StringComparer.Ordinal));

        using var single = EvaluationIndex.Build(documents, fixture.SearchOptions());
        foreach (var query in SeedsClusterTests.Queries.Append("river delta sediment"))
        {
            foreach (var mode in new[] { SearchMode.Lexical, SearchMode.Semantic, SearchMode.Hybrid })
            {
                var cluster = await fixture.Search.Rank(query, 10, mode);
                Assert.False(cluster.Partial, $"'{query}' {mode}: partial, missing {string.Join(", ", cluster.MissingShards)}");
                RankingAssert.Identical(query, single.Engine.Rank(query, 10, mode), cluster.Passages, cluster.Total);
            }
        }
    }
}
