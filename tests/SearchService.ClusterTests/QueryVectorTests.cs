using Microsoft.Extensions.Logging.Abstractions;
using SearchService.Cluster.Shards;
using SearchService.Engine;
using SearchService.Engine.Embeddings.Encoder;
using SearchService.Engine.Indexing;
using SearchService.Engine.Ingestion;
using SearchService.Engine.Retrieval;
using SearchService.Testing;

namespace SearchService.ClusterTests;

/// <summary>
/// The coordinating node embeds a query once and sends the vector with it: a shard ranks by that vector, not by
/// embedding the text again, unless the vector comes from another encoder than the one its passages were made with.
/// </summary>
public sealed class QueryVectorTests
{
    private static readonly SearchOptions Options = new() { Embeddings = { Model = "minilm", Lsa = false } };

    [Fact]
    public void A_shard_ranks_semantic_candidates_by_the_vector_it_is_given_rather_than_by_the_query_text()
    {
        using var folder = new TemporaryFolder("searchservice-query-vector-");
        using var shard = ShardIndex.Build(folder.Path, Corpus(), Options, NullLogger.Instance, default);
        var encoder = SentenceEncoder.Shared(Options.EncoderWhenEnabled!)!;
        var glacier = new QueryVector(encoder.Fingerprint, encoder.EmbedQuery("glacier ice melting in summer"));
        var statistics = shard.Statistics(new ShardQuery("harbour ships", SearchMode.Semantic));

        var byText = shard.Rank(new ShardQuery("harbour ships", SearchMode.Semantic), statistics, 1, default);
        var byVector = shard.Rank(new ShardQuery("harbour ships", SearchMode.Semantic, glacier), statistics, 1, default);

        Assert.StartsWith("harbour", byText.Semantic[0].DocumentId, StringComparison.Ordinal);
        Assert.StartsWith("glacier", byVector.Semantic[0].DocumentId, StringComparison.Ordinal);
        Assert.Equal(glacier.Values.Length, encoder.Dimensions);
    }

    [Fact]
    public void A_vector_from_another_encoder_is_ignored_and_the_shard_embeds_the_query_itself()
    {
        using var folder = new TemporaryFolder("searchservice-query-vector-");
        using var shard = ShardIndex.Build(folder.Path, Corpus(), Options, NullLogger.Instance, default);
        var encoder = SentenceEncoder.Shared(Options.EncoderWhenEnabled!)!;
        var foreign = new QueryVector("another-model", encoder.EmbedQuery("glacier ice melting in summer"));
        var statistics = shard.Statistics(new ShardQuery("harbour ships", SearchMode.Semantic));

        var ranked = shard.Rank(new ShardQuery("harbour ships", SearchMode.Semantic, foreign), statistics, 1, default);

        Assert.StartsWith("harbour", ranked.Semantic[0].DocumentId, StringComparison.Ordinal);
    }

    private static List<(ParsedDocument Document, SourceFingerprint Fingerprint, long Ordinal)> Corpus()
    {
        var parser = new ArticleParser();
        string[] texts =
        [
            "glacier-1|Glacier report\n\nThe glacier retreats as its ice keeps melting every summer.",
            "glacier-2|Alpine notes\n\nMeltwater from the glacier ice fed the river all summer long.",
            "harbour-1|Harbour log\n\nShips arrived in the harbour with grain and timber; the quay was busy.",
            "harbour-2|Port diary\n\nThe harbour master counted the ships moored at the docks today.",
        ];
        return texts.Select((t, ordinal) =>
        {
            var (id, text) = (t.Split('|')[0], t.Split('|')[1]);
            return (parser.Parse(id, id + ".txt", text), new SourceFingerprint(id, text.Length, DateTime.UnixEpoch), (long)ordinal);
        }).ToList();
    }
}
