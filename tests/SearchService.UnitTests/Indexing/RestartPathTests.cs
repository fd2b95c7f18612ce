using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using SearchService.Engine.Analysis;
using SearchService.Engine.Indexing;
using SearchService.Engine.Retrieval;
using SearchService.UnitTests.Ingestion;

namespace SearchService.UnitTests.Indexing;

/// <summary>
/// What a restart reads before it serves (issue 19): the manifest from one doc value per document record instead of
/// stored fields, and the LSA model loaded in the background; a typed query that matches is not sent through typo
/// correction.
/// </summary>
public sealed class RestartPathTests
{
    [Fact]
    public void Manifest_AfterRestart_EqualsWhatTheDocumentRecordsStoredFieldsSay()
    {
        using var fixture = new IndexFixture();
        fixture.Sync();
        fixture.Reopen();

        var manifest = fixture.Index.ReadManifest();
        var stored = fixture.Index.Read(searcher => searcher
            .Search(new TermQuery(new Term(IndexFields.Type, IndexFields.DocumentType)), 1000).ScoreDocs
            .Select(hit => LuceneDocumentMapper.ReadIndexedDocument(searcher.Doc(hit.Doc)))
            .ToList());

        Assert.Equal(5, manifest.Count);
        Assert.Equal(stored.OrderBy(d => d.Metadata.DocumentId, StringComparer.Ordinal), manifest.Values.OrderBy(d => d.Metadata.DocumentId, StringComparer.Ordinal));
    }

    [Fact]
    public void Open_CountsTheLiveDocumentRecords_WithoutDecodingTheManifest()
    {
        using var fixture = new IndexFixture();
        Assert.Equal(0, fixture.Index.DocumentsAtOpen);
        fixture.Sync();
        File.Delete(System.IO.Directory.EnumerateFiles(fixture.SeedsPath, "*.txt").Order(StringComparer.Ordinal).First());
        fixture.Sync();

        fixture.Reopen();

        Assert.Equal(4, fixture.Index.DocumentsAtOpen);
        Assert.Equal(fixture.Index.ReadManifest().Count, fixture.Index.DocumentsAtOpen);
    }

    [Fact]
    public void LivePassages_CountedWithoutReadingIds_EqualWhatTheRowMapCounts_AfterDeletions()
    {
        using var fixture = new IndexFixture();
        fixture.Sync();
        File.Delete(System.IO.Directory.EnumerateFiles(fixture.SeedsPath, "*.txt").Order(StringComparer.Ordinal).First());
        fixture.Sync();

        var (counted, mapped) = fixture.Index.Read(searcher =>
            (PassageRows.CountLive(searcher.IndexReader), PassageRows.Map(searcher.IndexReader, 0, (string _, out int row) => { row = -1; return false; }).LivePassages));

        Assert.True(counted > 0);
        Assert.Equal(mapped, counted);
        Assert.Equal(fixture.Index.Read(searcher => searcher.Search(new TermQuery(new Term(IndexFields.Type, IndexFields.PassageType)), 1).TotalHits), counted);
    }

    [Fact]
    public async Task ReadyReported_CompletesOnTheFirstReport_AndTheBoundedWaitEndsWithoutOne()
    {
        var status = new IndexStatus();
        Assert.False(status.ReadyReported.IsCompleted);
        await status.ReadyReportedOr(TimeSpan.FromMilliseconds(1), CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1));
        Assert.False(status.ReadyReported.IsCompleted);

        var waiting = status.ReadyReportedOr(TimeSpan.FromHours(1), CancellationToken.None);
        status.ReportReady();
        await waiting.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(status.ReadyReported.IsCompleted);
        status.ReportReady();
    }

    [Fact]
    public void Manifest_OfRecordsWithoutTheirDocValue_IsReadFromStoredFields()
    {
        // Records written before the doc value existed (removed here), and one whose entry is too large for a doc value.
        var fingerprint = new SourceFingerprint("hash", 1234, new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        var indexedAt = new DateTimeOffset(2026, 2, 3, 4, 5, 6, TimeSpan.Zero);
        var documents = ParsedSeeds.All.OrderBy(d => d.Metadata.DocumentId, StringComparer.Ordinal).ToList();
        var warnings = documents.Select((d, i) => i == 1 ? new string('w', 40_000) : i == 2 ? "a short warning" : null).ToList();
        using var directory = new RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(SearchAnalyzer.Version, new SearchAnalyzer(new AnalysisOptions()))))
        {
            for (var i = 0; i < documents.Count; i++)
            {
                var records = LuceneDocumentMapper.ToRecords(documents[i], fingerprint, indexedAt, warnings[i]).ToList();
                if (i % 2 == 0)
                {
                    records[^1].RemoveField(IndexFields.Manifest);
                }

                writer.AddDocuments(records);
            }

            writer.Commit();
        }

        using var reader = DirectoryReader.Open(directory);
        var manifest = IndexManifest.Read(reader);

        Assert.Equal(documents.Count, manifest.Count);
        for (var i = 0; i < documents.Count; i++)
        {
            var expected = new IndexedDocument(documents[i].Metadata, fingerprint, documents[i].Passages.Count, indexedAt, warnings[i]);
            Assert.Equal(expected, manifest[documents[i].Metadata.DocumentId]);
        }
    }

    [Fact]
    public void ManifestEntry_TooLargeForADocValue_IsLeftEmpty_AndAnEmptyValueDecodesToNothing()
    {
        var parsed = ParsedSeeds.Get(ParsedSeeds.Bamboo001);
        var fingerprint = new SourceFingerprint("hash", 10, DateTime.UnixEpoch);

        var small = ManifestEntry.Encode(parsed.Metadata, fingerprint, 3, DateTimeOffset.UnixEpoch, null);
        var large = ManifestEntry.Encode(parsed.Metadata, fingerprint, 3, DateTimeOffset.UnixEpoch, new string('w', 40_000));

        Assert.Equal(new IndexedDocument(parsed.Metadata, fingerprint, 3, DateTimeOffset.UnixEpoch), ManifestEntry.Decode(small));
        Assert.Equal(0, large.Length);
        Assert.Null(ManifestEntry.Decode(large));
    }

    [Fact]
    public void Restart_WithAnUnreadableModel_ServesWithoutIt_AndTheNextPassFitsANewOne()
    {
        using var fixture = new IndexFixture();
        fixture.Sync();
        fixture.Index.Dispose();
        foreach (var file in System.IO.Directory.EnumerateFiles(Path.Combine(fixture.IndexPath, "vectors"), "model.zip", SearchOption.AllDirectories))
        {
            File.WriteAllText(file, "garbage");
        }

        fixture.Reopen();

        Assert.NotEmpty(fixture.Search("bamboo").Results);
        Assert.NotEmpty(fixture.Search("bamboo", mode: SearchMode.Hybrid).Results);
        Assert.Throws<SemanticUnavailableException>(() => fixture.Search("bamboo", mode: SearchMode.Semantic));
        Assert.True(fixture.Index.NeedsVectors);

        fixture.Sync();

        Assert.False(fixture.Index.NeedsVectors);
        Assert.NotEmpty(fixture.Search("bamboo", mode: SearchMode.Semantic).Results);
    }

    [Fact]
    public void TypedQuery_ThatMatchesThroughAnotherWord_IsSearchedAsTyped_WhileAnUnknownWordAloneIsCorrected()
    {
        using var fixture = new IndexFixture();
        fixture.Sync();

        var matching = fixture.Search("bambooo diplomacy");
        var alone = fixture.Search("bambooo");

        Assert.Null(matching.DidYouMean);
        Assert.NotEmpty(matching.Results);
        Assert.Equal("bamboo", alone.DidYouMean);
        Assert.NotEmpty(alone.Results);
    }
}
