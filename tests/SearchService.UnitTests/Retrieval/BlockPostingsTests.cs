using CsCheck;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using SearchService.Engine.Ranking;
using SearchService.Engine.Retrieval;

namespace SearchService.UnitTests.Retrieval;

/// <summary>
/// Postings of the default codec are walked in place (<c>BlockPostings</c>: Lucene41's decoded blocks read through
/// <c>UnsafeAccessor</c>) and give exactly the hits of the <c>NextDoc</c>/<c>Freq</c> loop and of Lucene's own search —
/// across 128-posting blocks, the last vInt block, windows that end mid-block and deleted documents; postings of any
/// other enum (here a filtered reader's) keep the general loop and the same hits.
/// </summary>
public sealed class BlockPostingsTests : IClassFixture<TermDisjunctionPropertyTests.SkewedIndex>
{
    private readonly TermDisjunctionPropertyTests.SkewedIndex _index;

    public BlockPostingsTests(TermDisjunctionPropertyTests.SkewedIndex index) => _index = index;

    [Fact]
    public void ThisLuceneNetsBlockDocsEnum_HasTheStateThatIsReadInPlace() => Assert.True(BlockPostings.Available);

    [Fact]
    public void TheDefaultCodecsPostings_AreReadInPlace_InEverySegment()
    {
        var searcher = _index.Engine;
        var postings = Bm25Postings.Weigh(searcher, new ExactLengthBm25Similarity(), [Clause("text", 0), Clause("text", 40), Clause("title", 3)]);
        foreach (var leaf in searcher.IndexReader.Leaves)
        {
            var open = postings.Open(leaf);

            Assert.True(open > 0);
            Assert.Equal(open, postings.InPlaceClauses);
        }
    }

    [Fact]
    public void WithReadInPlaceOff_NoClauseIsReadInPlace()
    {
        var searcher = _index.Engine;
        var postings = Bm25Postings.Weigh(searcher, new ExactLengthBm25Similarity(), [Clause("text", 0)], readInPlace: false);

        Assert.True(postings.Open(searcher.IndexReader.Leaves[1]) > 0);
        Assert.Equal(0, postings.InPlaceClauses);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(192)]
    [InlineData(TermDisjunction.Window)]
    public void ATermInMostPassages_ReadInPlace_ScoresAsNextDocAndAsLucene_WithDeletions(int window)
    {
        // w0 is in most passages: many full 128-posting blocks per segment, every seventh passage deleted.
        var searcher = _index.Engine;
        var reader = searcher.IndexReader;
        Assert.True(reader.HasDeletions && reader.DocFreq(new Term("text", "w0")) > 5 * 128);
        TermQuery[] clauses = [Clause("text", 0), Clause("text", 1, 2.5f), Clause("tag", 0)];

        var inPlace = TermDisjunction.Search(searcher, clauses, 1_000, QueryDeadline.None, window, readInPlace: true);
        var general = TermDisjunction.Search(searcher, clauses, 1_000, QueryDeadline.None, window, readInPlace: false);
        var lucene = searcher.Search(Or(clauses), 1_000);

        Assert.Equal(lucene.TotalHits, inPlace.TotalHits);
        Assert.Equal(general.TotalHits, inPlace.TotalHits);
        Assert.Equal(Bits(lucene), Bits(inPlace));
        Assert.Equal(Bits(general), Bits(inPlace));
    }

    [Fact]
    public void ADeletedPassage_IsNeitherScoredNorCounted_WhenReadInPlace()
    {
        // Passage ids 3, 10, 17, … are deleted; a term found in one of them must not bring it back.
        var searcher = _index.Engine;
        var live = MultiFields.GetLiveDocs(searcher.IndexReader);
        TermQuery[] clauses = [Clause("text", 0), Clause("title", 2)];

        var hits = TermDisjunction.Search(searcher, clauses, searcher.IndexReader.MaxDoc, QueryDeadline.None, 64, readInPlace: true);

        Assert.NotEmpty(hits.ScoreDocs);
        Assert.All(hits.ScoreDocs, hit => Assert.True(live.Get(hit.Doc), $"deleted doc {hit.Doc} was returned"));
        Assert.Equal(searcher.Search(Or(clauses), 1).TotalHits, hits.TotalHits);
    }

    [Fact]
    public void RandomFlatOrs_ReadInPlaceOrThroughNextDoc_GiveTheSameHits()
    {
        // Rare terms (a handful of postings: singleton and vInt blocks) as well as common ones (full blocks).
        var clauses = Gen.Select(Gen.OneOf("text", "text", "title", "tag"), Gen.Frequency((3, Gen.Int[0, 10]), (3, Gen.Int[0, 299])), Gen.OneOf(1f, 0.3f, 4f))
            .Array[1, 10];
        Gen.Select(clauses, Gen.OneOf(1, 10, 100, 2_000), Gen.OneOf(64, 128, 320, TermDisjunction.Window)).Sample(
            (terms, depth, window) =>
            {
                var query = terms.Select(c => Clause(c.Item1, c.Item2, c.Item3)).ToArray();
                var inPlace = TermDisjunction.Search(_index.Engine, query, depth, QueryDeadline.None, window, readInPlace: true);
                var general = TermDisjunction.Search(_index.Engine, query, depth, QueryDeadline.None, window, readInPlace: false);
                Assert.Equal(general.TotalHits, inPlace.TotalHits);
                Assert.Equal(Bits(general), Bits(inPlace));
            },
            iter: 300,
            threads: 1);
    }

    [Fact]
    public void PostingsOfAFilteredReader_AreNotReadInPlace_AndScoreAsLucene()
    {
        var leaves = _index.Engine.IndexReader.Leaves.Select(l => (IndexReader)new WrappedPostings(l.AtomicReader)).ToArray();
        using var wrapped = new MultiReader(leaves, closeSubReaders: false);
        var searcher = new IndexSearcher(wrapped) { Similarity = _index.Engine.Similarity };
        TermQuery[] clauses = [Clause("text", 0), Clause("text", 7, 2.5f), Clause("title", 1)];

        var postings = Bm25Postings.Weigh(searcher, new ExactLengthBm25Similarity(), clauses);
        Assert.True(postings.Open(searcher.IndexReader.Leaves[2]) > 0);
        Assert.Equal(0, postings.InPlaceClauses);

        var hits = TermDisjunction.Search(searcher, clauses, 500, QueryDeadline.None, 192);
        var lucene = searcher.Search(Or(clauses), 500);
        Assert.Equal(lucene.TotalHits, hits.TotalHits);
        Assert.Equal(Bits(lucene), Bits(hits));
        Assert.Equal(Bits(TermDisjunction.Search(_index.Engine, clauses, 500, QueryDeadline.None, 192)), Bits(hits));
    }

    [Fact]
    public void AnEnumTypeWithoutThatState_IsNotTakenForABlockDocsEnum()
    {
        var real = _index.Engine.IndexReader.Leaves[1].AtomicReader.GetTermDocsEnum(new Term("text", "w0"))!;

        Assert.True(BlockPostings.HasExpectedShape(real.GetType()));
        Assert.False(BlockPostings.HasExpectedShape(typeof(FilterAtomicReader.FilterDocsEnum)));
        Assert.False(BlockPostings.HasExpectedShape(typeof(string)));
        Assert.False(BlockPostings.HasExpectedShape(null));
        Assert.False(BlockPostings.CanRead(new FilterAtomicReader.FilterDocsEnum(real)));
    }

    private static TermQuery Clause(string field, int word, float boost = 1f) => new(new Term(field, "w" + word)) { Boost = boost };

    private static BooleanQuery Or(TermQuery[] clauses)
    {
        var query = new BooleanQuery();
        foreach (var clause in clauses)
        {
            query.Add(clause, Occur.SHOULD);
        }

        return query;
    }

    private static List<(int Doc, int Score)> Bits(TopDocs top) =>
        top.ScoreDocs.Select(h => (h.Doc, BitConverter.SingleToInt32Bits(h.Score))).ToList();

    /// <summary>A segment whose postings come through Lucene's filter classes: the enums are not the codec's own.</summary>
    private sealed class WrappedPostings(AtomicReader segment) : FilterAtomicReader(segment)
    {
        public override Fields Fields => new WrappedFields(base.Fields);

        public override object CoreCacheKey => m_input.CoreCacheKey;

        private sealed class WrappedFields(Fields fields) : FilterFields(fields)
        {
            public override Terms? GetTerms(string field) => m_input.GetTerms(field) is { } terms ? new WrappedTerms(terms) : null;
        }

        private sealed class WrappedTerms(Terms terms) : FilterTerms(terms)
        {
            public override TermsEnum GetEnumerator() => new WrappedTermsEnum(m_input.GetEnumerator());

            public override TermsEnum GetEnumerator(TermsEnum? reuse) => GetEnumerator();
        }

        private sealed class WrappedTermsEnum(TermsEnum terms) : FilterTermsEnum(terms)
        {
            public override DocsEnum Docs(IBits? liveDocs, DocsEnum? reuse, DocsFlags flags) => new FilterDocsEnum(m_input.Docs(liveDocs, null, flags));
        }
    }
}
