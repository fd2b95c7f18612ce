using Lucene.Net.Search;
using SearchService.Engine;
using SearchService.Engine.Retrieval;
using SearchService.UnitTests.Indexing;

namespace SearchService.UnitTests.Retrieval;

/// <summary>
/// The windowed scorer for plain (flat OR) queries returns what Lucene's own search of the same query returns: the same
/// total, the same documents in the same order, and bit-identical float scores.
/// </summary>
public sealed class TermDisjunctionTests
{
    private static readonly string[] Queries =
    [
        "bamboo diplomacy",
        "Việt Nam Hà Nội viet nam",
        "the foreign ministry's policies of Vietnam and its partners in trade",
        "diplomacy diplomacy economic",
        "Bùi Thanh Sơn đổi mới xyzzyq",
        "investment",
    ];

    [Theory]
    [InlineData(1, TermDisjunction.Window)]
    [InlineData(10, TermDisjunction.Window)]
    [InlineData(100, TermDisjunction.Window)]
    [InlineData(5000, TermDisjunction.Window)]
    [InlineData(10, 64)]
    [InlineData(100, 128)]
    public void PlainQueries_GiveLucenesTotalHitsAndScoresBitForBit(int depth, int window)
    {
        using var fixture = new IndexFixture();
        fixture.Sync();

        var compared = AssertSameAsLucene(fixture, depth, window);

        Assert.True(compared > 0);
    }

    [Fact]
    public void PlainQueries_AfterDeletions_SkipDeletedPassagesAsLuceneDoes()
    {
        using var fixture = new IndexFixture();
        fixture.Sync();
        foreach (var file in Directory.EnumerateFiles(fixture.SeedsPath, "*.txt").Order(StringComparer.Ordinal).Take(3))
        {
            File.Delete(file);
        }

        fixture.Sync();
        Assert.True(fixture.Index.Read(searcher => searcher.IndexReader.HasDeletions || searcher.IndexReader.Leaves.Count > 0));

        var compared = AssertSameAsLucene(fixture, 50, 64);

        Assert.True(compared > 0);
    }

    [Fact]
    public void QueriesThatAreNotAFlatOrOfTerms_AreLeftToLucene()
    {
        using var fixture = new IndexFixture();
        fixture.Sync();
        fixture.Index.Read(searcher =>
        {
            var required = new BooleanQuery { { new TermQuery(new Lucene.Net.Index.Term(Engine.Indexing.IndexFields.Text, "bamboo")), Occur.MUST } };
            Assert.Null(TermDisjunction.Clauses(searcher, required, 10));
            Assert.Null(TermDisjunction.Clauses(searcher, new MatchAllDocsQuery(), 10));
            var plain = Build(fixture, "bamboo diplomacy");
            Assert.NotNull(TermDisjunction.Clauses(searcher, plain, 10));
            Assert.Null(TermDisjunction.Clauses(searcher, plain, TermDisjunction.MaxDepth + 1));
            return 0;
        });
    }

    private static int AssertSameAsLucene(IndexFixture fixture, int depth, int window) => fixture.Index.Read(searcher =>
    {
        var hits = 0;
        foreach (var text in Queries)
        {
            var query = Build(fixture, text);
            var clauses = TermDisjunction.Clauses(searcher, query, depth);
            Assert.NotNull(clauses);

            // Lucene's path for these queries: an out-of-order top-k collector, so BooleanScorer scores them.
            var collector = TopScoreDocCollector.Create(depth, docsScoredInOrder: false);
            searcher.Search(query, collector);
            var expected = collector.GetTopDocs(0, depth);
            var actual = TermDisjunction.Search(searcher, clauses, depth, QueryDeadline.None, window);

            Assert.Equal(expected.TotalHits, actual.TotalHits);
            Assert.Equal(expected.ScoreDocs.Select(h => (h.Doc, BitConverter.SingleToInt32Bits(h.Score))), actual.ScoreDocs.Select(h => (h.Doc, BitConverter.SingleToInt32Bits(h.Score))));
            hits += actual.ScoreDocs.Length;
        }

        return hits;
    });

    private static Query Build(IndexFixture fixture, string text) =>
        new LexicalQueryBuilder(fixture.Index.Analyzer, new RankingOptions()).BuildPlain(text).Query!;
}
