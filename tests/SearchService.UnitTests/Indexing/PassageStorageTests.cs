using System.Text.Json;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using SearchService.Engine;
using SearchService.Engine.Analysis;
using SearchService.Engine.Embeddings;
using SearchService.Engine.Indexing;
using SearchService.Engine.Ingestion;
using SearchService.Engine.Retrieval;

namespace SearchService.UnitTests.Indexing;

/// <summary>
/// Where a passage record keeps what a hit serves (schema 6): its passage and metadata JSON as doc values only, stored
/// only when too large for a doc value; an index of schema 5 (every passage's JSON stored as well) is served as it is.
/// </summary>
public sealed class PassageStorageTests
{
    private static readonly string[] Queries = ["bamboo diplomacy", "Việt Nam Hà Nội", "foreign ministry policy", "xyzzy"];

    [Fact]
    public void PassageRecords_KeepTheirJsonInDocValuesOnly_AndReadBackAsParsed()
    {
        using var fixture = new IndexFixture();
        fixture.Sync();
        var parser = new ArticleParser();
        var expected = System.IO.Directory.EnumerateFiles(fixture.SeedsPath, "*.txt")
            .Select(path => parser.Parse(ArticleParser.DocumentIdFromPath(path), Path.GetFileName(path), SourceFile.Read(new FileInfo(path), long.MaxValue).Text))
            .SelectMany(parsed => parsed.Passages.Select(p => (Passage: p, parsed.Metadata)))
            .ToDictionary(p => p.Passage.PassageId);

        var passages = fixture.Index.Read(searcher =>
        {
            var docs = PassageDocs(searcher);
            foreach (var doc in docs)
            {
                var record = searcher.Doc(doc);
                Assert.Null(record.Get(IndexFields.PassageJson));
                Assert.Null(record.Get(IndexFields.MetadataJson));
                Assert.True(HasHitDocValues(searcher.IndexReader, doc));
                var (passage, metadata) = LuceneDocumentMapper.ReadHit(searcher.IndexReader, doc);
                Assert.Equal(expected[passage.PassageId].Passage, passage);
                Assert.Equal(expected[passage.PassageId].Metadata, metadata);
                Assert.Equal(metadata, LuceneDocumentMapper.ReadHitMetadata(searcher.IndexReader, doc));
            }

            return docs.Count;
        });

        Assert.Equal(expected.Count, passages);
    }

    [Fact]
    public void APassageOverTheDocValueLimit_IsStored_AndServedByHitsDocumentsAndPassageLoads()
    {
        using var fixture = new IndexFixture();
        var paragraph = string.Join(' ', Enumerable.Range(0, 5000).Select(i => $"zanzibarword{i % 7}"));
        File.WriteAllText(Path.Combine(fixture.SeedsPath, "zz-long.txt"), $"A very long paragraph\n\n{paragraph}\n");
        fixture.Sync();

        var hit = Assert.Single(fixture.Search("zanzibarword3", k: 50).Results, h => h.Text.Length > 32_766);
        Assert.Equal(paragraph, hit.Text);
        Assert.NotEmpty(hit.Highlights);
        Assert.Contains(new DocumentCatalog(fixture.Handle, new IndexStatus()).Get("zz-long")!.Passages, p => p.Text == paragraph);
        fixture.Index.Read(searcher =>
        {
            var doc = Enumerable.Range(0, searcher.IndexReader.MaxDoc).Single(d => searcher.Doc(d).Get(IndexFields.PassageId) == hit.PassageId);
            Assert.False(HasHitDocValues(searcher.IndexReader, doc));
            Assert.NotNull(searcher.Doc(doc).Get(IndexFields.PassageJson));
            Assert.Contains(PassageRecords.Load(searcher.IndexReader, id => id == "zz-long"), p => p.PassageId == hit.PassageId && p.Text == paragraph);
            return 0;
        });
    }

    [Fact]
    public void AnIndexOfSchema5_IsServedAsItIs_UntilThisVersionCommitsToIt()
    {
        using var fixture = new IndexFixture();
        fixture.Sync();
        var before = Served(fixture);
        var indexedAt = fixture.Index.ReadManifest().ToDictionary(d => d.Key, d => d.Value.IndexedAt);

        fixture.Reopen(whileClosed: () => WriteAsSchema5(fixture, indexedAt));

        Assert.False(fixture.Index.WasRebuilt);
        Assert.Equal(LuceneIndex.SchemaFingerprint(fixture.Analysis, "5"), CommittedSchema(fixture));
        Assert.True(fixture.Index.Read(searcher => PassageDocs(searcher).All(doc => searcher.Doc(doc).Get(IndexFields.PassageJson) is not null)));
        var after = Served(fixture);
        Assert.Equal(before.Pages, after.Pages);
        Assert.Equal(before.Documents, after.Documents);
        Assert.Equal(before.Passages, after.Passages);

        File.AppendAllText(System.IO.Directory.EnumerateFiles(fixture.SeedsPath, "*.txt").Order(StringComparer.Ordinal).First(), "\n\nA new closing paragraph about quokkas.\n");
        Assert.Single(fixture.Sync().Changed);

        Assert.Equal(LuceneIndex.SchemaFingerprint(fixture.Analysis), CommittedSchema(fixture));
        Assert.Single(fixture.Search("quokkas").Results);
        Assert.Equal(before.Documents.Count, Served(fixture).Documents.Count);
    }

    [Fact]
    public void AnIndexOfAnOlderSchema_IsRebuilt()
    {
        using var fixture = new IndexFixture();
        fixture.Sync();

        fixture.Reopen(whileClosed: () => Relabel(fixture, LuceneIndex.SchemaFingerprint(fixture.Analysis, "4")));

        Assert.True(fixture.Index.WasRebuilt);
        Assert.Empty(fixture.Index.ReadManifest());
    }

    /// <summary>What the index serves: lexical pages, every document with its passages, every passage as the vector build loads it.</summary>
    private static (List<string> Pages, List<string> Documents, List<StoredPassage> Passages) Served(IndexFixture fixture)
    {
        var pages = Queries.Select(q => JsonSerializer.Serialize(fixture.Search(q, k: 20).Results)).ToList();
        var catalog = new DocumentCatalog(fixture.Handle, new IndexStatus());
        var documents = fixture.Index.ReadManifest().Keys.Order(StringComparer.Ordinal).Select(id => JsonSerializer.Serialize(catalog.Get(id))).ToList();
        var passages = fixture.Index.Read(searcher => PassageRecords.Load(searcher.IndexReader, _ => true).OrderBy(p => p.PassageId, StringComparer.Ordinal).ToList());
        return (pages, documents, passages);
    }

    /// <summary>
    /// Rewrites the index as schema 5 wrote it: every passage's JSON stored beside its doc values, and the first
    /// passage with stored JSON only (as a passage over the doc-value limit had), labelled version 5, no vectors.
    /// </summary>
    private static void WriteAsSchema5(IndexFixture fixture, Dictionary<string, DateTimeOffset> indexedAt)
    {
        var analyzer = new SearchAnalyzer(fixture.Analysis);
        using var directory = FSDirectory.Open(fixture.IndexPath);
        using var writer = new IndexWriter(directory, new IndexWriterConfig(SearchAnalyzer.Version, analyzer) { OpenMode = OpenMode.CREATE, Similarity = new RankingOptions().CreateSimilarity() });
        var parser = new ArticleParser();
        var first = true;
        foreach (var path in System.IO.Directory.EnumerateFiles(fixture.SeedsPath, "*.txt").Order(StringComparer.Ordinal))
        {
            var source = SourceFile.Read(new FileInfo(path), long.MaxValue);
            var id = ArticleParser.DocumentIdFromPath(path);
            var parsed = parser.Parse(id, Path.GetFileName(path), source.Text);
            var records = LuceneDocumentMapper.ToRecords(parsed, source.Fingerprint, indexedAt[id], source.Warning).ToList();
            foreach (var record in records.Where(r => r.GetField(IndexFields.HitPassage) is not null))
            {
                var passage = record.GetField(IndexFields.HitPassage).GetBinaryValue();
                record.Add(new StoredField(IndexFields.PassageJson, passage.Utf8ToString()));
                record.Add(new StoredField(IndexFields.MetadataJson, record.GetField(IndexFields.HitMetadata).GetBinaryValue().Utf8ToString()));
                if (first)
                {
                    record.RemoveFields(IndexFields.HitPassage);
                    record.RemoveFields(IndexFields.HitMetadata);
                    first = false;
                }
            }

            writer.AddDocuments(records);
        }

        writer.SetCommitData(new Dictionary<string, string> { [IndexFields.SchemaKey] = LuceneIndex.SchemaFingerprint(fixture.Analysis, "5"), ["searchservice.vectors"] = "-1" });
        writer.Commit();
    }

    private static void Relabel(IndexFixture fixture, string schema)
    {
        using var directory = FSDirectory.Open(fixture.IndexPath);
        using var writer = new IndexWriter(directory, new IndexWriterConfig(SearchAnalyzer.Version, new SearchAnalyzer(fixture.Analysis)));
        writer.SetCommitData(new Dictionary<string, string>(writer.CommitData) { [IndexFields.SchemaKey] = schema });
        writer.Commit();
    }

    private static string CommittedSchema(IndexFixture fixture)
    {
        using var directory = FSDirectory.Open(fixture.IndexPath);
        using var reader = DirectoryReader.Open(directory);
        return reader.IndexCommit.UserData[IndexFields.SchemaKey];
    }

    private static List<int> PassageDocs(IndexSearcher searcher) =>
        searcher.Search(new TermQuery(new Term(IndexFields.Type, IndexFields.PassageType)), int.MaxValue).ScoreDocs.Select(d => d.Doc).Order().ToList();

    private static bool HasHitDocValues(IndexReader reader, int doc)
    {
        var leaf = reader.Leaves[ReaderUtil.SubIndex(doc, reader.Leaves)];
        var value = new BytesRef();
        leaf.AtomicReader.GetBinaryDocValues(IndexFields.HitPassage)?.Get(doc - leaf.DocBase, value);
        return value.Length > 0;
    }
}
