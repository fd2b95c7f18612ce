using SearchService.Engine.Analysis;

namespace SearchService.UnitTests.Indexing;

public sealed class SeedSynchronizerTests
{
    private const string Doc003 = "003_37e75ead3a9a6882";

    [Fact]
    public void Sync_FirstRun_IndexesEverySeed()
    {
        using var fixture = new IndexFixture();

        var report = fixture.Sync();

        Assert.Equal(5, report.Added.Count);
        Assert.Equal(5, fixture.Index.ReadManifest().Count);
        Assert.NotEmpty(fixture.Search("doi moi").Results);
    }

    [Fact]
    public void Restart_WithUnchangedSeeds_ReindexesNothing()
    {
        using var fixture = new IndexFixture();
        fixture.Sync();
        var before = fixture.Index.ReadManifest();

        fixture.Reopen();
        var report = fixture.Sync();

        Assert.False(report.HasChanges);
        Assert.Equal(5, report.Unchanged);
        Assert.Equal(before.Values.Select(d => d.IndexedAt), fixture.Index.ReadManifest().Values.Select(d => d.IndexedAt));
    }

    [Fact]
    public void Sync_TouchedButIdenticalFile_IsRecognisedByHash()
    {
        using var fixture = new IndexFixture();
        fixture.Sync();
        File.SetLastWriteTimeUtc(Path.Combine(fixture.SeedsPath, Doc003 + ".txt"), DateTime.UtcNow.AddMinutes(5));

        var report = fixture.Sync();

        Assert.False(report.HasChanges);
    }

    [Fact]
    public void Reindex_ReplacesChangedDocumentOnly()
    {
        using var fixture = new IndexFixture();
        fixture.Sync();
        var before = fixture.Index.ReadManifest();
        var path = Path.Combine(fixture.SeedsPath, Doc003 + ".txt");
        File.AppendAllText(path, "\nThe ministry also opened a consulate on the planet Zorblax.\n");

        var report = fixture.Sync();

        Assert.Equal([Doc003], report.Changed);
        Assert.Empty(report.Added);
        Assert.Empty(report.Deleted);
        var after = fixture.Index.ReadManifest();
        Assert.All(after.Where(d => d.Key != Doc003), d => Assert.Equal(before[d.Key].IndexedAt, d.Value.IndexedAt));
        Assert.Equal(before[Doc003].PassageCount + 1, after[Doc003].PassageCount);
        var hit = Assert.Single(fixture.Search("Zorblax").Results);
        Assert.Equal(Doc003, hit.Citation.DocumentId);
    }

    [Fact]
    public void Sync_AddedFile_IsIndexedAndDeletedFileIsRemoved()
    {
        using var fixture = new IndexFixture();
        fixture.Sync();
        var added = Path.Combine(fixture.SeedsPath, "900_added.txt");
        File.WriteAllText(added, "A headline about quokkas\n\nQuokkas were seen near the embassy in Canberra this week, officials said.\n");

        var addReport = fixture.Sync();
        Assert.Equal(["900_added"], addReport.Added);
        Assert.Single(fixture.Search("quokkas").Results);

        File.Delete(added);
        var deleteReport = fixture.Sync();
        Assert.Equal(["900_added"], deleteReport.Deleted);
        Assert.Empty(fixture.Search("quokkas").Results);
        Assert.Equal(5, fixture.Index.ReadManifest().Count);
    }

    [Fact]
    public void Sync_MissingSourcesFolder_KeepsTheIndex()
    {
        using var fixture = new IndexFixture();
        fixture.Sync();
        Directory.Move(fixture.SeedsPath, fixture.SeedsPath + "-gone");

        var report = fixture.Sync();

        Assert.False(report.HasChanges);
        Assert.Equal(5, fixture.Index.ReadManifest().Count);
    }

    [Fact]
    public void Reopen_WithAnotherAnalysisChain_RebuildsTheIndex()
    {
        using var fixture = new IndexFixture();
        fixture.Sync();

        fixture.Reopen(new AnalysisOptions { StopWords = StopWordList.None });

        Assert.True(fixture.Index.WasRebuilt);
        Assert.Empty(fixture.Index.ReadManifest());
        Assert.Equal(5, fixture.Sync().Added.Count);
    }

    [Fact]
    public void Reopen_WithTheSameChain_KeepsTheIndex()
    {
        using var fixture = new IndexFixture();
        fixture.Sync();

        fixture.Reopen();

        Assert.False(fixture.Index.WasRebuilt);
        Assert.Equal(5, fixture.Index.ReadManifest().Count);
    }

    [Fact]
    public void Shutdown_WithUncommittedChanges_DropsThem_SoTheyAreNeverPairedWithOldVectors()
    {
        using var fixture = new IndexFixture();
        fixture.Sync();
        var parsed = new SearchService.Engine.Ingestion.ArticleParser().Parse("950_pending", "950_pending.txt", "Head line\n\nThe pending okapi paragraph is here, not yet committed.\n");
        fixture.Index.Upsert(parsed, new SearchService.Engine.Indexing.SourceFingerprint("pending", 1, DateTime.UnixEpoch));

        fixture.Reopen();

        Assert.False(fixture.Index.ReadManifest().ContainsKey("950_pending"));
        Assert.False(fixture.Index.NeedsVectors);
        Assert.Empty(fixture.Search("okapi").Results);
    }
}
