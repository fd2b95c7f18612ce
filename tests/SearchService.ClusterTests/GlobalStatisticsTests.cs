using Microsoft.Extensions.Logging.Abstractions;
using SearchService.Cluster.Routing;
using SearchService.Cluster.Shards;
using SearchService.Engine;
using SearchService.Evaluation;
using SearchService.Engine.Indexing;
using SearchService.Engine.Ingestion;
using SearchService.Engine.Retrieval;
using SearchService.Testing;

namespace SearchService.ClusterTests;

/// <summary>
/// Two shards where "glacier" is common in one and rare in the other: scored with their own statistics their BM25
/// scores differ from one index's; scored with the summed statistics they are exactly one index's.
/// </summary>
public sealed class GlobalStatisticsTests
{
    private static readonly SearchOptions Options = new() { Embeddings = { Model = "none", Lsa = false } };

    [Fact]
    public void Bm25_with_summed_statistics_scores_a_term_rare_in_one_shard_and_common_in_another_as_one_index()
    {
        using var folder = new TemporaryFolder("searchservice-global-stats-");
        var documents = Corpus();
        using var single = EvaluationIndex.Build(documents.Select(d => (d.Document, d.Fingerprint)), Options);
        using var shard0 = ShardIndex.Build(Path.Combine(folder.Path, "0"), documents.Where(d => d.Shard == 0).Select(d => (d.Document, d.Fingerprint, d.Ordinal)), Options, NullLogger.Instance, default);
        using var shard1 = ShardIndex.Build(Path.Combine(folder.Path, "1"), documents.Where(d => d.Shard == 1).Select(d => (d.Document, d.Fingerprint, d.Ordinal)), Options, NullLogger.Instance, default);
        var query = new ShardQuery("glacier melting", SearchMode.Lexical);

        var own0 = shard0.Statistics(query);
        var own1 = shard1.Statistics(query);
        var summed = SummedStatistics.Sum([own0, own1]);
        Assert.Equal(own0.Terms.Single(t => t.Field == "text" && t.Text == "glacier").DocFreq + own1.Terms.Single(t => t.Field == "text" && t.Text == "glacier").DocFreq, summed.Terms.Single(t => t.Field == "text" && t.Text == "glacier").DocFreq);

        var expected = single.Engine.Rank(query.Text, 100, SearchMode.Lexical).Passages.ToDictionary(p => p.PassageId, p => p.Score);
        var global = shard0.Rank(query, summed, 100, default).Lexical.Concat(shard1.Rank(query, summed, 100, default).Lexical).ToList();
        var local = shard0.Rank(query, own0, 100, default).Lexical.Concat(shard1.Rank(query, own1, 100, default).Lexical).ToList();

        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), global.Select(h => h.PassageId).Order(StringComparer.Ordinal));
        Assert.All(global, hit => Assert.Equal(expected[hit.PassageId], hit.Score, RankingAssert.Tolerance));

        // The test can fail: the same shards with their own statistics score the rare shard's passages higher.
        Assert.Contains(local, hit => Math.Abs(expected[hit.PassageId] - hit.Score) > 0.01);
    }

    /// <summary>Twelve documents about glaciers on shard 0 and one on shard 1, plus filler on shard 1; ids found by their hash.</summary>
    private static List<(ParsedDocument Document, SourceFingerprint Fingerprint, long Ordinal, int Shard)> Corpus()
    {
        var parser = new ArticleParser();
        var ids = Enumerable.Range(0, 200).Select(i => $"doc-{i}").ToList();
        var onShard0 = ids.Where(id => ShardRouting.ShardOf(id, 2) == 0).Take(12).ToList();
        var onShard1 = ids.Where(id => ShardRouting.ShardOf(id, 2) == 1).Take(12).ToList();
        var texts = onShard0.Select(id => (id, $"Glacier report\n\nThe glacier retreats as the glacier ice keeps melting in summer ({id}).", 0))
            .Concat(onShard1.Select((id, i) => (id, i == 0
                ? "Alpine notes\n\nA single glacier was seen above the village; snow melting early."
                : $"Harbour log\n\nShips arrived with grain and timber on day {i}; the weather was calm.", 1)))
            .ToList();
        return texts.Select((t, ordinal) => (parser.Parse(t.Item1, t.Item1 + ".txt", t.Item2), new SourceFingerprint(t.Item1, t.Item2.Length, DateTime.UnixEpoch), (long)ordinal, t.Item3)).ToList();
    }
}
