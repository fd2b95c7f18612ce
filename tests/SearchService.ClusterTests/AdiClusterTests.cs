using SearchService.Evaluation;
using SearchService.Engine.Retrieval;

namespace SearchService.ClusterTests;

/// <summary>The shared ADI collection on three silos and four shards: every query ranks as on one node, in every mode.</summary>
public sealed class AdiClusterTests(AdiCluster fixture) : IClassFixture<AdiCluster>
{
    [SharedCollectionFact("adi")]
    public Task Lexical_rankings_of_every_query_equal_one_node() => AllQueriesIdentical(SearchMode.Lexical);

    [SharedCollectionFact("adi")]
    public Task Semantic_rankings_of_every_query_equal_one_node() => AllQueriesIdentical(SearchMode.Semantic);

    [SharedCollectionFact("adi")]
    public Task Hybrid_rankings_of_every_query_equal_one_node() => AllQueriesIdentical(SearchMode.Hybrid);

    private async Task AllQueriesIdentical(SearchMode mode)
    {
        var queries = BeirDataset.Load(AdiCluster.Path).Queries;
        Assert.NotEmpty(queries);
        foreach (var query in queries)
        {
            var single = fixture.Single.Engine.Rank(query.Text, 100, mode);
            var cluster = await fixture.Search.Rank(query.Text, 100, mode);
            Assert.False(cluster.Partial);
            RankingAssert.Identical(query.Text, single, cluster.Passages, cluster.Total);
        }
    }
}
