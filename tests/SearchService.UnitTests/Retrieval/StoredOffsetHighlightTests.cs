using SearchService.Engine.Analysis;
using SearchService.Engine.Indexing;
using SearchService.Engine.Retrieval;
using SearchService.UnitTests.Indexing;

namespace SearchService.UnitTests.Retrieval;

/// <summary>Highlights from the offsets stored in the index (term vectors) are exactly those of re-analysing the passage.</summary>
public sealed class StoredOffsetHighlightTests
{
    [Fact]
    public void HighlightsFromStoredOffsets_EqualThoseOfAnalysingEveryPassage()
    {
        using var fixture = new IndexFixture();
        fixture.Sync();
        string[] queries = ["bamboo diplomacy", "Việt Nam Hà Nội viet nam", "Bùi Thanh Sơn đổi mới", "the foreign ministry's policies of Vietnam", "xyzzy"];

        var highlighted = fixture.Index.Read(searcher =>
        {
            var marks = 0;
            for (var doc = 0; doc < searcher.IndexReader.MaxDoc; doc++)
            {
                var record = searcher.Doc(doc);
                if (record.Get(IndexFields.PassageJson) is null)
                {
                    continue;
                }

                var passage = LuceneDocumentMapper.ReadPassage(record);
                var vector = searcher.IndexReader.GetTermVector(doc, IndexFields.Text);
                Assert.NotNull(vector);
                foreach (var query in queries)
                {
                    var terms = TokenStreamReader.Tokens(fixture.Index.Analyzer, IndexFields.Text, query).Select(t => t.Term).ToHashSet(StringComparer.Ordinal);
                    var stored = HighlightFinder.FromTermVector(vector, passage.Text, terms);
                    Assert.NotNull(stored);
                    Assert.Equal(HighlightFinder.Find(fixture.Index.Analyzer, IndexFields.Text, passage.Text, terms), stored);
                    marks += stored.Count;
                }
            }

            return marks;
        });

        Assert.True(highlighted > 0);
    }
}
