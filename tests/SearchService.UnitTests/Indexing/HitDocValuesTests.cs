using SearchService.Engine.Indexing;

namespace SearchService.UnitTests.Indexing;

/// <summary>A hit's passage and metadata read from doc values are exactly those its stored JSON fields decode to.</summary>
public sealed class HitDocValuesTests
{
    [Fact]
    public void ReadHit_OfEveryPassage_EqualsTheStoredPassageAndMetadata_AndComesFromDocValues()
    {
        using var fixture = new IndexFixture();
        fixture.Sync();

        var passages = fixture.Index.Read(searcher =>
        {
            var count = 0;
            for (var doc = 0; doc < searcher.IndexReader.MaxDoc; doc++)
            {
                var record = searcher.Doc(doc);
                if (record.Get(IndexFields.PassageJson) is null)
                {
                    continue;
                }

                var (passage, metadata) = LuceneDocumentMapper.ReadHit(searcher.IndexReader, doc);
                Assert.Equal(LuceneDocumentMapper.ReadPassage(record), passage);
                Assert.Equal(LuceneDocumentMapper.ReadMetadata(record), metadata);
                Assert.True(HasHitDocValues(searcher.IndexReader, doc), $"passage {passage.PassageId} has no hit doc values");
                count++;
            }

            return count;
        });

        Assert.True(passages > 100);
    }

    [Fact]
    public void ReadHit_OfAPassageOverTheDocValueLimit_FallsBackToStoredFields()
    {
        using var fixture = new IndexFixture();
        var paragraph = string.Join(' ', Enumerable.Range(0, 5000).Select(i => $"zanzibarword{i % 7}"));
        File.WriteAllText(Path.Combine(fixture.SeedsPath, "zz-long.txt"), $"A very long paragraph\n\n{paragraph}\n");
        fixture.Sync();

        var hit = Assert.Single(fixture.Search("zanzibarword3", k: 50).Results, h => h.Text.Length > 32_766);
        Assert.Equal(paragraph, hit.Text);
        Assert.NotEmpty(hit.Highlights);
        fixture.Index.Read(searcher =>
        {
            var doc = Enumerable.Range(0, searcher.IndexReader.MaxDoc).Single(d => searcher.Doc(d).Get(IndexFields.PassageId) == hit.PassageId);
            Assert.False(HasHitDocValues(searcher.IndexReader, doc));
            return 0;
        });
    }

    private static bool HasHitDocValues(Lucene.Net.Index.IndexReader reader, int doc)
    {
        var leaf = reader.Leaves[Lucene.Net.Index.ReaderUtil.SubIndex(doc, reader.Leaves)];
        var value = new Lucene.Net.Util.BytesRef();
        leaf.AtomicReader.GetBinaryDocValues(IndexFields.HitPassage)?.Get(doc - leaf.DocBase, value);
        return value.Length > 0;
    }
}
