using System.Globalization;
using CsCheck;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using SearchService.Engine.Ranking;
using SearchService.Engine.Retrieval;

namespace SearchService.UnitTests.Retrieval;

/// <summary>
/// The windowed scorer of flat ORs returns exactly what Lucene's own search returns — total, docs, order and float
/// bits — over random multi-field boosted queries on a real on-disk index with several segments, deletions, a segment
/// without one of the fields and a field without norms. With the engine's BM25 it scores from the postings directly
/// (<c>Bm25Postings</c>, cached field lengths); with any other similarity through Lucene's term scorers: both paths.
/// </summary>
public sealed class TermDisjunctionPropertyTests : IClassFixture<TermDisjunctionPropertyTests.SkewedIndex>
{
    private readonly SkewedIndex _index;

    public TermDisjunctionPropertyTests(SkewedIndex index) => _index = index;

    private static readonly Gen<(string Field, int Term, float Boost)[]> Clauses =
        Gen.Select(
            Gen.OneOf(SkewedIndex.Text, SkewedIndex.Text, SkewedIndex.Title, SkewedIndex.Tag),
            Gen.Frequency((4, Gen.Int[0, 15]), (3, Gen.Int[0, 120]), (1, Gen.Int[0, SkewedIndex.Vocabulary + 5])),
            Gen.OneOf(1f, 1f, 0.3f, 2.5f, 7f))
        .Array[1, 12];

    private static readonly Gen<(int Depth, int Window)> Settings =
        Gen.Select(Gen.OneOf(1, 3, 10, 37, 100, 1_000), Gen.OneOf(64, 192, TermDisjunction.Window));

    [Fact]
    public void RandomFlatOrs_WithTheEnginesBm25_GiveLucenesTotalsDocsAndScoreBits()
    {
        var matched = SameAsLucene(_index.Engine, iterations: 400);

        // The property is about scored hits: most samples must match something.
        Assert.True(matched > 300, $"only {matched} samples matched any passage");
    }

    [Fact]
    public void RandomFlatOrs_WithAnotherSimilarity_GoThroughTermScorers_AndGiveLucenesResults() =>
        SameAsLucene(_index.Lucene, iterations: 150);

    /// <summary>Random flat ORs scored by TermDisjunction and by IndexSearcher agree bit for bit; returns how many matched anything.</summary>
    private int SameAsLucene(IndexSearcher searcher, int iterations)
    {
        var matched = 0;
        Gen.Select(Clauses, Settings).Sample(
            sample =>
            {
                var (clauses, (depth, window)) = sample;
                var (expected, actual) = _index.Search(searcher, clauses, depth, window);
                Assert.Equal(expected.TotalHits, actual.TotalHits);
                Assert.Equal(Bits(expected), Bits(actual));
                matched += actual.TotalHits > 0 ? 1 : 0;
            },
            iter: iterations,
            threads: 1,
            print: Describe);
        return matched;
    }

    [Fact]
    public void AFieldWithoutNorms_AndASegmentWithoutTheField_ScoreAsLucenesTermScorers()
    {
        (string, int, float)[] clauses = [(SkewedIndex.Tag, 0, 1f), (SkewedIndex.Title, 0, 2.5f), (SkewedIndex.Title, 1, 1f), (SkewedIndex.Text, 2, 0.3f)];

        var (expected, actual) = _index.Search(_index.Engine, clauses, depth: 500, window: 192);

        Assert.True(expected.TotalHits > 5_000);
        Assert.Equal(expected.TotalHits, actual.TotalHits);
        Assert.Equal(Bits(expected), Bits(actual));
    }

    [Fact]
    public void ManyTiedScores_GoToTheLowerDocAsInLucene()
    {
        // A tag-only query: no norms, so every passage with the tag once scores the same.
        (string, int, float)[] clauses = [(SkewedIndex.Tag, 5, 1f)];

        var (expected, actual) = _index.Search(_index.Engine, clauses, depth: 500, window: 64);

        Assert.Equal(expected.TotalHits, actual.TotalHits);
        Assert.True(actual.ScoreDocs.Length > 100 && actual.ScoreDocs.Select(h => h.Score).Distinct().Count() <= 5);
        Assert.Equal(Bits(expected), Bits(actual));
    }

    private static string Describe(((string Field, int Term, float Boost)[], (int Depth, int Window)) sample) =>
        $"{string.Join(" ", sample.Item1.Select(c => $"{c.Field}:w{c.Term}^{c.Boost}"))} depth {sample.Item2.Depth} window {sample.Item2.Window}";

    private static List<(int Doc, int Score)> Bits(TopDocs top) =>
        top.ScoreDocs.Select(h => (h.Doc, BitConverter.SingleToInt32Bits(h.Score))).ToList();

    /// <summary>
    /// 9,000 passages of words drawn from a Zipf distribution (word 0 in most passages, the tail in a few), text
    /// lengths 1-60 (short fields tie often), a title everywhere but in the first segment, and a tag field without
    /// norms; written in segments of 1,500 with every seventh passage then deleted.
    /// </summary>
    public sealed class SkewedIndex : IDisposable
    {
        public const string Text = "text";
        public const string Title = "title";
        public const string Tag = "tag";
        public const int Vocabulary = 300;
        private const int Passages = 9_000;
        private const int SegmentSize = 1_500;

        private static readonly FieldType WithoutNorms = new(TextField.TYPE_NOT_STORED) { OmitNorms = true };

        private readonly string _path = Path.Combine(Path.GetTempPath(), "disjunction-" + Guid.NewGuid().ToString("N"));
        private readonly FSDirectory _directory;
        private readonly DirectoryReader _reader;

        public SkewedIndex()
        {
            _directory = FSDirectory.Open(_path);
            var similarity = new ExactLengthBm25Similarity();
            var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, new WhitespaceAnalyzer(LuceneVersion.LUCENE_48))
            {
                Similarity = similarity,
                MaxBufferedDocs = SegmentSize,
                MergePolicy = NoMergePolicy.COMPOUND_FILES,
            };
            var random = new Random(19);
            var cumulative = new double[Vocabulary];
            var sum = 0.0;
            for (var i = 0; i < Vocabulary; i++)
            {
                sum += 1.0 / Math.Pow(i + 1, 1.1);
                cumulative[i] = sum;
            }

            string Words(int min, int max) => string.Join(' ', Enumerable.Range(0, random.Next(min, max)).Select(_ =>
            {
                var at = Array.BinarySearch(cumulative, random.NextDouble() * sum);
                return "w" + (at < 0 ? ~at : at);
            }));

            using (var writer = new IndexWriter(_directory, config))
            {
                for (var id = 0; id < Passages; id++)
                {
                    var document = new Document
                    {
                        new StringField("id", id.ToString(CultureInfo.InvariantCulture), Field.Store.NO),
                        new TextField(Text, Words(1, 60), Field.Store.NO),
                        new Field(Tag, Words(1, 4), WithoutNorms),
                    };
                    if (id >= SegmentSize)
                    {
                        document.Add(new TextField(Title, Words(1, 6), Field.Store.NO));
                    }

                    writer.AddDocument(document);
                }

                writer.Commit();
                for (var id = 3; id < Passages; id += 7)
                {
                    writer.DeleteDocuments(new Term("id", id.ToString(CultureInfo.InvariantCulture)));
                }

                writer.Commit();
            }

            _reader = DirectoryReader.Open(_directory);
            Engine = new IndexSearcher(_reader) { Similarity = similarity };
            Lucene = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
            Assert.True(_reader.Leaves.Count >= 4 && _reader.HasDeletions);
            Assert.Null(_reader.Leaves[0].AtomicReader.GetNormValues(Title));
        }

        /// <summary>A searcher with the engine's similarity (scored from the postings).</summary>
        public IndexSearcher Engine { get; }

        /// <summary>A searcher with Lucene's BM25 (scored through term scorers).</summary>
        public IndexSearcher Lucene { get; }

        /// <summary>Lucene's top list of the OR of <paramref name="clauses"/>, and the windowed scorer's.</summary>
        public (TopDocs Expected, TopDocs Actual) Search(IndexSearcher searcher, (string Field, int Term, float Boost)[] clauses, int depth, int window)
        {
            var query = new BooleanQuery();
            foreach (var (field, term, boost) in clauses)
            {
                query.Add(new TermQuery(new Term(field, "w" + term)) { Boost = boost }, Occur.SHOULD);
            }

            var collector = TopScoreDocCollector.Create(depth, docsScoredInOrder: false);
            searcher.Search(query, collector);
            var terms = TermDisjunction.Clauses(searcher, query, depth) ?? throw new InvalidOperationException("not a flat OR of terms");
            return (collector.GetTopDocs(0, depth), TermDisjunction.Search(searcher, terms, depth, QueryDeadline.None, window));
        }

        public void Dispose()
        {
            _reader.Dispose();
            _directory.Dispose();
            System.IO.Directory.Delete(_path, recursive: true);
        }
    }
}
