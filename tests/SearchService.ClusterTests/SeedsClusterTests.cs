using SearchService.Cluster.Routing;
using SearchService.Cluster.Shards;
using SearchService.Evaluation;
using SearchService.Engine.Retrieval;

namespace SearchService.ClusterTests;

/// <summary>Three silos, four shards, the seed articles: routing, rankings equal to one node in every mode, pushes.</summary>
public sealed class SeedsClusterTests(SeedsCluster fixture) : IClassFixture<SeedsCluster>
{
    /// <summary>The dev set's queries, and a few of one word (rare and common terms) and with no match.</summary>
    public static IReadOnlyList<string> Queries { get; } =
        DevSet.Load(DevSet.DefaultPath(TestPaths.RepoRoot)).Queries.Select(q => q.Query)
            .Concat(["the", "water", "vaccine trial results", "zzqx nothing matches this"])
            .ToList();

    [Fact]
    public async Task Every_document_is_on_exactly_the_shard_its_id_hashes_to()
    {
        var expected = fixture.Documents.Select(d => d.Document.Metadata.DocumentId).ToList();
        var held = new List<(int Shard, string Id)>();
        for (var shard = 0; shard < InProcessCluster.Shards; shard++)
        {
            var ids = await fixture.Cluster.Client.GetGrain<IShardGrain>(shard).GetDocumentIds();
            held.AddRange(ids.Select(id => (shard, id)));
        }

        Assert.Equal(expected.Order(StringComparer.Ordinal), held.Select(h => h.Id).Order(StringComparer.Ordinal));
        Assert.All(held, h => Assert.Equal(ShardRouting.ShardOf(h.Id, InProcessCluster.Shards), h.Shard));
        Assert.True(held.Select(h => h.Shard).Distinct().Count() > 1, "the seeds should spread over more than one shard");
    }

    [Fact]
    public async Task Shards_are_spread_over_the_silos_and_report_their_passages()
    {
        var states = await fixture.Search.States();
        Assert.All(states, s => Assert.Equal(ShardStatus.Ready, s.Status));
        Assert.Equal(fixture.Documents.Sum(d => d.Document.Passages.Count), states.Sum(s => s.Passages));
        Assert.All(states, s => Assert.False(string.IsNullOrEmpty(s.Node)));
    }

    [Theory]
    [InlineData(SearchMode.Lexical)]
    [InlineData(SearchMode.Semantic)]
    [InlineData(SearchMode.Hybrid)]
    public async Task Rankings_equal_one_node_over_the_same_documents(SearchMode mode)
    {
        foreach (var query in Queries)
        {
            var single = fixture.Single.Engine.Rank(query, 10, mode);
            var cluster = await fixture.Search.Rank(query, 10, mode);
            Assert.False(cluster.Partial);
            RankingAssert.Identical(query, single, cluster.Passages, cluster.Total);
        }
    }

    [Fact]
    public async Task Deep_hybrid_rankings_past_the_candidate_depth_equal_one_node()
    {
        // Beyond the first 100 candidates hybrid ranks in tiers of doubling depth (StablePages): the cluster must too.
        const string query = "the";
        var single = fixture.Single.Engine.Rank(query, 250, SearchMode.Hybrid);
        var cluster = await fixture.Search.Rank(query, 250, SearchMode.Hybrid);
        RankingAssert.Identical(query, single, cluster.Passages, cluster.Total);
    }

    [Fact]
    public async Task A_search_page_has_the_hits_text_and_citations_in_the_ranked_order()
    {
        var request = new SearchRequest("vaccine trial results", K: 5, Mode: SearchMode.Hybrid);
        var single = fixture.Single.Engine.Search(request);
        var cluster = await fixture.Search.Search(request);
        Assert.False(cluster.Partial);
        Assert.Equal(single.Total, cluster.Response.Total);
        Assert.Equal(single.Results.Select(h => h.PassageId), cluster.Response.Results.Select(h => h.PassageId));
        Assert.Equal(single.Results.Select(h => h.Rank), cluster.Response.Results.Select(h => h.Rank));
        Assert.Equal(single.Results.Select(h => h.Citation), cluster.Response.Results.Select(h => h.Citation));
        Assert.Equal(single.Results.Select(h => h.Snippet), cluster.Response.Results.Select(h => h.Snippet));
        Assert.All(single.Results.Zip(cluster.Response.Results), p => Assert.Equal(p.First.Score, p.Second.Score, RankingAssert.Tolerance));
    }

    [Fact]
    public async Task Requests_the_cluster_cannot_rank_like_one_node_are_refused_as_invalid()
    {
        await Assert.ThrowsAsync<InvalidQueryException>(() => fixture.Search.Search(new SearchRequest("title:water", Syntax: QuerySyntax.Lucene)));
        await Assert.ThrowsAsync<InvalidQueryException>(() => fixture.Search.Search(new SearchRequest("water", Mode: SearchMode.Learned)));
    }

    /// <summary>Misspelled queries one node corrects (did you mean), one it does not (a typed word matches), and one with nothing close.</summary>
    public static TheoryData<string, SearchMode> MisspelledQueries { get; } = new()
    {
        { "bambo diplomcy", SearchMode.Lexical },
        { "bambo diplomcy", SearchMode.Hybrid },
        { "diplomcy bambo", SearchMode.Semantic },
        { "vietnm ecomomy", SearchMode.Lexical },
        { "ministr of foreign afairs", SearchMode.Lexical },
        { "invesment partnrship", SearchMode.Hybrid },
        { "gree", SearchMode.Lexical },
        { "worl huan", SearchMode.Hybrid },
        { "bambo water", SearchMode.Lexical },
        { "zzqx nothing matches this", SearchMode.Lexical },
    };

    [Theory]
    [MemberData(nameof(MisspelledQueries))]
    public async Task A_misspelled_query_is_corrected_as_one_node_corrects_it(string query, SearchMode mode)
    {
        var request = new SearchRequest(query, K: 10, Mode: mode);
        var single = fixture.Single.Engine.Search(request);
        var cluster = await fixture.Search.Search(request);
        Assert.False(cluster.Partial);
        Assert.Equal(single.DidYouMean, cluster.Response.DidYouMean);
        Assert.Equal(single.Total, cluster.Response.Total);
        Assert.Equal(single.Results.Select(h => h.PassageId), cluster.Response.Results.Select(h => h.PassageId));
        Assert.Equal(single.Results.Select(h => h.Snippet), cluster.Response.Results.Select(h => h.Snippet));
        Assert.All(single.Results.Zip(cluster.Response.Results), p => Assert.Equal(p.First.Score, p.Second.Score, RankingAssert.Tolerance));

        var ranked = await fixture.Search.Rank(query, 10, mode);
        RankingAssert.Identical(query, fixture.Single.Engine.Rank(query, 10, mode), ranked.Passages, ranked.Total);
    }

    [Fact]
    public async Task Misspelled_seed_queries_are_corrected_at_all_so_the_comparison_proves_something()
    {
        foreach (var query in new[] { "bambo diplomcy", "vietnm ecomomy", "invesment partnrship" })
        {
            var cluster = await fixture.Search.Search(new SearchRequest(query, K: 3, Mode: SearchMode.Lexical));
            Assert.NotNull(cluster.Response.DidYouMean);
            Assert.NotEmpty(cluster.Response.Results);
        }
    }

    [Theory]
    [InlineData("gree")]
    [InlineData("huan")]
    [InlineData("worl")]
    public async Task A_correction_is_chosen_by_its_frequency_over_all_shards_not_by_any_one_shard(string typo)
    {
        var cluster = await fixture.Search.Search(new SearchRequest(typo, K: 3, Mode: SearchMode.Lexical));
        Assert.Equal(fixture.Single.Engine.Search(new SearchRequest(typo, K: 3, Mode: SearchMode.Lexical)).DidYouMean, cluster.Response.DidYouMean);
        Assert.NotNull(cluster.Response.DidYouMean);

        // What each shard alone would pick (closest, then most frequent there): some shard's pick is not the cluster's.
        var picks = new List<string>();
        for (var shard = 0; shard < InProcessCluster.Shards; shard++)
        {
            var candidates = await fixture.Cluster.Client.GetGrain<IShardGrain>(shard).GetTypoCandidates(new ShardQuery(typo, SearchMode.Lexical), [typo]);
            var best = candidates!.Words.SelectMany(w => w.Candidates)
                .Where(c => c.Known && Engine.Spelling.EditDistance.DamerauLevenshtein(typo, c.Word) == 1)
                .OrderByDescending(c => c.DocFreq).ThenBy(c => c.Word, StringComparer.Ordinal)
                .FirstOrDefault();
            if (best is not null)
            {
                picks.Add(best.Word);
            }
        }

        Assert.Contains(picks, pick => pick != cluster.Response.DidYouMean);
    }
}
