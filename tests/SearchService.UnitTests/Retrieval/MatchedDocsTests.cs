using Lucene.Net.Index;
using Lucene.Net.Search;
using SearchService.Engine;
using SearchService.Engine.Indexing;
using SearchService.Engine.Ranking;
using SearchService.Engine.Ranking.Fusion;
using SearchService.Engine.Retrieval;
using SearchService.UnitTests.Indexing;

namespace SearchService.UnitTests.Retrieval;

/// <summary>
/// Hybrid's total is |lexical ∪ semantic|, the overlap read from the matches the lexical pass records instead of a
/// second, filtered run of the lexical query: on a real on-disk index with deleted passages, the recorded matches are
/// exactly the live documents Lucene finds, and the overlap and the hybrid total are what the old definition gives.
/// </summary>
public sealed class MatchedDocsTests
{
    private static readonly string[] Queries =
    [
        "bamboo diplomacy",
        "Việt Nam Hà Nội viet nam",
        "the foreign ministry's policies of Vietnam and its partners in trade",
        "investment",
        "\"foreign ministry\" diplomacy",
    ];

    [Fact]
    public void AddRun_AtAnUnalignedFirstDoc_RecordsTheDocumentOfEachBit()
    {
        using var matched = new MatchedDocs(300);
        matched.AddRun(100, (1UL << 0) | (1UL << 27) | (1UL << 28) | (1UL << 63));
        matched.Add(3);

        Assert.Equal(5, matched.Count());
        Assert.True(matched.Contains(3));
        Assert.True(matched.Contains(100));
        Assert.True(matched.Contains(127));
        Assert.True(matched.Contains(128));
        Assert.True(matched.Contains(163));
        Assert.False(matched.Contains(101));
        Assert.False(matched.Contains(164));
        Assert.False(matched.Contains(-1));
        Assert.False(matched.Contains(300));
        Assert.Equal(2, matched.CountOf(new HashSet<int> { 3, 4, 128, 1000 }));
    }

    [Theory]
    [InlineData(10, TermDisjunction.Window)]
    [InlineData(100, 64)]
    [InlineData(TermDisjunction.MaxDepth + 1, TermDisjunction.Window)]
    public void LexicalPass_RecordsExactlyTheLiveDocumentsLuceneMatches_OnAnIndexWithDeletions(int depth, int window)
    {
        using var fixture = FixtureWithDeletions();
        var compared = fixture.Index.Read(searcher =>
        {
            var checkedQueries = 0;
            foreach (var query in Queries.Select(text => Build(fixture, text)))
            {
                var expected = LiveMatches(searcher, query);
                using var matched = new MatchedDocs(searcher.IndexReader.MaxDoc);
                var clauses = TermDisjunction.Clauses(searcher, searcher.Rewrite(query), depth);
                var top = clauses is not null && window != TermDisjunction.Window
                    ? TermDisjunction.Search(searcher, clauses, depth, QueryDeadline.None, window, matched)
                    : BudgetedCollector.Search(searcher, query, depth, QueryDeadline.None, matched);

                Assert.Equal(expected.Count, top.TotalHits);
                Assert.Equal(expected.Count, matched.Count());
                Assert.All(expected, doc => Assert.True(matched.Contains(doc)));
                checkedQueries += expected.Count > 0 ? 1 : 0;
            }

            return checkedQueries;
        });

        Assert.True(compared >= 3);
    }

    [Fact]
    public void OverlapWithSemanticPassages_IsWhatTheFilteredRerunOfTheLexicalQueryCounts()
    {
        using var fixture = FixtureWithDeletions();
        fixture.Index.Read(searcher =>
        {
            var maxDoc = searcher.IndexReader.MaxDoc;
            foreach (var query in Queries.Select(text => Build(fixture, text)))
            {
                using var matched = new MatchedDocs(maxDoc);
                BudgetedCollector.Search(searcher, query, 10, QueryDeadline.None, matched);
                foreach (var step in new[] { 1, 2, 3, 7 })
                {
                    // Deleted passages included: a semantic list never holds one, but the count must not depend on it.
                    var semantic = Enumerable.Range(0, maxDoc).Where(doc => doc % step == 0).ToList();
                    Assert.Equal(LexicalMatchCount.Within(searcher, query, semantic), matched.CountOf(semantic.ToHashSet()));
                }
            }

            return 0;
        });
    }

    [Fact]
    public void HybridTotal_IsTheSizeOfTheUnionOfLiveLexicalMatchesAndSemanticMatches()
    {
        using var fixture = FixtureWithDeletions();
        var options = fixture.Options;
        var withOverlap = fixture.Index.Read(searcher =>
        {
            Assert.NotEmpty(VectorSpaces.Of(searcher, fixture.Index));
            var overlapping = 0;
            foreach (var text in Queries)
            {
                var analyzed = AnalyzedQuery.Of(searcher, fixture.Index, options, text, QuerySyntax.Plain, expand: false);
                var ranked = new HybridRanking(options).Rank(searcher, fixture.Index, analyzed, 10, QueryDeadline.None);
                var semantic = ranked.SemanticMatches ?? [];
                var union = LiveMatches(searcher, analyzed.Lexical.Query!);
                var lexicalCount = union.Count;
                union.UnionWith(semantic);

                Assert.Equal(union.Count, ranked.Total);
                overlapping += lexicalCount + semantic.Count > union.Count ? 1 : 0;
            }

            return overlapping;
        });

        // The overlap was subtracted for at least one query: a total of |lexical| + |semantic| would fail above.
        Assert.True(withOverlap > 0);
    }

    private static IndexFixture FixtureWithDeletions()
    {
        var fixture = new IndexFixture();
        fixture.Sync();
        foreach (var file in Directory.EnumerateFiles(fixture.SeedsPath, "*.txt").Order(StringComparer.Ordinal).Take(3))
        {
            File.Delete(file);
        }

        fixture.Sync();
        Assert.True(fixture.Index.Read(searcher => searcher.IndexReader.HasDeletions));
        return fixture;
    }

    /// <summary>The straightforward count: every live document Lucene's own search returns.</summary>
    private static HashSet<int> LiveMatches(IndexSearcher searcher, Query query)
    {
        var all = searcher.Search(query, Math.Max(1, searcher.IndexReader.MaxDoc));
        var live = MultiFields.GetLiveDocs(searcher.IndexReader);
        var docs = all.ScoreDocs.Select(h => h.Doc).ToHashSet();
        Assert.All(docs, doc => Assert.True(live is null || live.Get(doc)));
        return docs;
    }

    private static Query Build(IndexFixture fixture, string text) =>
        new LexicalQueryBuilder(fixture.Index.Analyzer, new RankingOptions()).BuildPlain(text).Query!;
}
