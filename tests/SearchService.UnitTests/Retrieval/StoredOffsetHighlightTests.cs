using SearchService.Engine.Analysis;
using SearchService.Engine.Indexing;
using SearchService.Engine.Retrieval;
using SearchService.UnitTests.Indexing;

namespace SearchService.UnitTests.Retrieval;

/// <summary>Highlights from the offsets stored in the index (the text field's postings) are exactly those of re-analysing the passage.</summary>
public sealed class StoredOffsetHighlightTests
{
    private static readonly string[] Queries = ["bamboo diplomacy", "Việt Nam Hà Nội viet nam", "Bùi Thanh Sơn đổi mới", "the foreign ministry's policies of Vietnam", "xyzzy"];

    [Fact]
    public void HighlightsFromPostingOffsets_EqualThoseOfAnalysingEveryPassage()
    {
        using var fixture = new IndexFixture();
        fixture.Sync();

        var highlighted = fixture.Index.Read(searcher =>
        {
            // Every passage of the index as one "page", in reverse doc order: hits need not come in doc order.
            var docs = new List<int>();
            var texts = new List<string>();
            for (var doc = searcher.IndexReader.MaxDoc - 1; doc >= 0; doc--)
            {
                if (searcher.Doc(doc).Get(IndexFields.PassageId) is not null)
                {
                    docs.Add(doc);
                    texts.Add(LuceneDocumentMapper.ReadHit(searcher.IndexReader, doc).Passage.Text);
                }
            }

            var marks = 0;
            foreach (var query in Queries)
            {
                var terms = TokenStreamReader.Tokens(fixture.Index.Analyzer, IndexFields.Text, query).Select(t => t.Term).ToHashSet(StringComparer.Ordinal);
                var stored = HighlightFinder.FromPostings(searcher.IndexReader, IndexFields.Text, docs, texts, terms);
                Assert.NotNull(stored);
                for (var i = 0; i < docs.Count; i++)
                {
                    Assert.Equal(HighlightFinder.Find(fixture.Index.Analyzer, IndexFields.Text, texts[i], terms), stored[i]);
                    marks += stored[i].Count;
                }
            }

            return marks;
        });

        Assert.True(highlighted > 0);
    }

    [Fact]
    public void HighlightsFromPostingOffsets_OfASinglePassageEqualThoseOfTheWholePage()
    {
        using var fixture = new IndexFixture();
        fixture.Sync();
        var terms = TokenStreamReader.Tokens(fixture.Index.Analyzer, IndexFields.Text, "bamboo diplomacy Việt Nam").Select(t => t.Term).ToHashSet(StringComparer.Ordinal);

        fixture.Index.Read(searcher =>
        {
            var docs = Enumerable.Range(0, searcher.IndexReader.MaxDoc).Where(d => searcher.Doc(d).Get(IndexFields.PassageId) is not null).Take(12).ToList();
            var texts = docs.Select(d => LuceneDocumentMapper.ReadHit(searcher.IndexReader, d).Passage.Text).ToList();
            var page = HighlightFinder.FromPostings(searcher.IndexReader, IndexFields.Text, docs, texts, terms)!;
            for (var i = 0; i < docs.Count; i++)
            {
                Assert.Equal(page[i], HighlightFinder.FromPostings(searcher.IndexReader, IndexFields.Text, [docs[i]], [texts[i]], terms)![0]);
            }

            Assert.Contains(page, h => h.Count > 0);
            return 0;
        });
    }
}
