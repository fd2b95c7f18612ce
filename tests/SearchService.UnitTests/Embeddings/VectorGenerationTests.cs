using SearchService.Engine.Embeddings;
using SearchService.Engine.Retrieval;
using SearchService.UnitTests.Indexing;

namespace SearchService.UnitTests.Embeddings;

public sealed class VectorGenerationTests
{
    [Fact]
    public void Sync_BuildsVectorsForEveryPassage_AndSemanticSearchFindsThem()
    {
        using var fixture = new IndexFixture();
        fixture.Sync();

        var vectors = fixture.Index.Read(s => s.Vectors)!;
        var passages = fixture.Index.ReadManifest().Values.Sum(d => d.PassageCount);
        Assert.Equal(passages, vectors.Vectors.Vectors.Count);
        Assert.All(Enumerable.Range(0, vectors.Vectors.Vectors.Count), row => Assert.True(vectors.DocOf(row) >= 0));
        Assert.NotEmpty(fixture.Search("bamboo diplomacy", mode: SearchMode.Semantic).Results);
    }

    [Fact]
    public void Restart_LoadsTheSavedModelAndVectors_InsteadOfRefitting()
    {
        using var fixture = new IndexFixture();
        fixture.Sync();
        var before = fixture.Index.Read(s => s.Vectors!.Vectors);
        var query = fixture.Search("Vietnamese bamboo identity", mode: SearchMode.Semantic).Results.Select(h => (h.PassageId, h.Score)).ToList();

        fixture.Reopen();

        Assert.False(fixture.Index.NeedsVectors);
        var after = fixture.Index.Read(s => s.Vectors!.Vectors);
        Assert.Equal(before.Generation, after.Generation);
        Assert.Equal(before.PassageIds, after.PassageIds);
        Assert.False(fixture.Sync().HasChanges);
        Assert.Equal(query, fixture.Search("Vietnamese bamboo identity", mode: SearchMode.Semantic).Results.Select(h => (h.PassageId, h.Score)));
    }

    [Fact]
    public void Restart_WithLostVectors_RebuildsThemFromTheIndex()
    {
        using var fixture = new IndexFixture();
        fixture.Sync();
        fixture.Index.Dispose();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(fixture.IndexPath, "vectors"), "vectors.bin", SearchOption.AllDirectories))
        {
            File.WriteAllText(file, "garbage");
        }

        fixture.Reopen();
        Assert.True(fixture.Index.NeedsVectors);
        fixture.Sync();

        Assert.False(fixture.Index.NeedsVectors);
        Assert.NotEmpty(fixture.Search("bamboo", mode: SearchMode.Semantic).Results);
    }

    [Fact]
    public void ChangedDocument_NewGenerationCarriesItsNewPassages_AndNoDeletedOnes()
    {
        using var fixture = new IndexFixture();
        fixture.Sync();
        var first = fixture.Index.Read(s => s.Vectors!.Vectors);
        File.Delete(Path.Combine(fixture.SeedsPath, "002_7f81a9a8e99b335c.txt"));
        File.AppendAllText(Path.Combine(fixture.SeedsPath, "003_37e75ead3a9a6882.txt"), "\nA new paragraph about capybara diplomacy in the highlands.\n");

        fixture.Sync();

        var second = fixture.Index.Read(s => s.Vectors!.Vectors);
        Assert.True(second.Generation > first.Generation);
        Assert.DoesNotContain(second.PassageIds, id => id.StartsWith("002_", StringComparison.Ordinal));
        Assert.Equal(fixture.Index.ReadManifest().Values.Sum(d => d.PassageCount), second.Vectors.Count);
        Assert.All(fixture.Search("capybara", mode: SearchMode.Hybrid).Results, hit => Assert.NotEqual("002_7f81a9a8e99b335c", hit.Citation.DocumentId));
    }

    [Fact]
    public void Fit_IsDeterministicForTheSameCorpus()
    {
        using var one = new IndexFixture();
        using var two = new IndexFixture();
        one.Sync();
        two.Sync();

        var a = one.Search("economic diplomacy investment", 20, SearchMode.Semantic).Results.Select(h => (h.PassageId, h.Score));
        var b = two.Search("economic diplomacy investment", 20, SearchMode.Semantic).Results.Select(h => (h.PassageId, h.Score));

        Assert.Equal(a, b);
    }
}
