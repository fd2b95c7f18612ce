using SearchService.Engine.Embeddings;
using SearchService.Engine.Indexing;
using SearchService.Engine.Retrieval;

namespace SearchService.UnitTests.Indexing;

/// <summary>The persisted doc → vector-row map (<c>vectors/gen-N/rows.bin</c>) that spares a restart a scan of every passage.</summary>
public sealed class RowMapTests
{
    [Fact]
    public void FirstBind_SavesTheRowMapBesideTheGenerationsVectors()
    {
        using var fixture = new IndexFixture();
        fixture.Sync();

        var file = RowMapPath(fixture);
        Assert.True(File.Exists(file));
        var rows = fixture.Index.Read(s => s.Vectors!.Vectors.Vectors.Count);
        var saved = new RowMapFile(file).Load(rows);
        Assert.NotEmpty(saved);
        Assert.Equal(rows, saved.Values.Sum(s => s.RowOfDoc.Count(r => r >= 0)));
    }

    [Fact]
    public void Restart_ReadsTheSavedRowMap_AndMapsTheSameRows()
    {
        using var fixture = new IndexFixture();
        fixture.Sync();
        var before = DocOfEveryRow(fixture);
        var query = SemanticHits(fixture);
        var file = RowMapPath(fixture);
        var written = File.ReadAllBytes(file);
        var writtenAt = File.GetLastWriteTimeUtc(file);

        fixture.Reopen();

        Assert.Equal(before, DocOfEveryRow(fixture));
        Assert.Equal(query, SemanticHits(fixture));

        // Not rewritten: every segment's rows came from the file, none from a scan.
        Assert.Equal(writtenAt, File.GetLastWriteTimeUtc(file));
        Assert.Equal(written, File.ReadAllBytes(file));
    }

    [Fact]
    public void Restart_WithATornRowMap_FallsBackToTheScan_AndWritesTheMapAgain()
    {
        using var fixture = new IndexFixture();
        fixture.Sync();
        var before = DocOfEveryRow(fixture);
        var query = SemanticHits(fixture);
        var file = RowMapPath(fixture);
        var intact = File.ReadAllBytes(file);
        fixture.Index.Dispose();
        File.WriteAllBytes(file, intact[..(intact.Length / 2)]);

        fixture.Reopen();

        Assert.Equal(before, DocOfEveryRow(fixture));
        Assert.Equal(query, SemanticHits(fixture));
        Assert.Equal(intact, File.ReadAllBytes(file));
    }

    [Fact]
    public void Restart_WithARowMapWhoseRowsAreWrong_DoesNotTrustIt()
    {
        using var fixture = new IndexFixture();
        fixture.Sync();
        var before = DocOfEveryRow(fixture);
        var query = SemanticHits(fixture);
        var rows = before.Length;
        var map = new RowMapFile(RowMapPath(fixture));
        var saved = map.Load(rows).Values.ToList();
        fixture.Index.Dispose();

        // Intact file (checksum fine), wrong content: every passage points at the next passage's row.
        var lying = saved.Select(s => s with { RowOfDoc = s.RowOfDoc.Select(r => r >= 0 ? (r + 1) % rows : r).ToArray() }).ToList();
        map.Save(rows, lying);

        fixture.Reopen();

        Assert.Equal(before, DocOfEveryRow(fixture));
        Assert.Equal(query, SemanticHits(fixture));
    }

    [Fact]
    public void Restart_AfterAChange_MapsTheNewGenerationsRows()
    {
        using var fixture = new IndexFixture();
        fixture.Sync();
        File.AppendAllText(Path.Combine(fixture.SeedsPath, "003_37e75ead3a9a6882.txt"), "\nA new paragraph about capybara diplomacy in the highlands.\n");
        fixture.Sync();
        var before = DocOfEveryRow(fixture);

        fixture.Reopen();

        Assert.Equal(before, DocOfEveryRow(fixture));
        Assert.All(before, doc => Assert.True(doc >= 0));
        Assert.Contains(fixture.Search("capybara", mode: SearchMode.Semantic).Results, hit => hit.Text.Contains("capybara", StringComparison.Ordinal));
    }

    private static int[] DocOfEveryRow(IndexFixture fixture) => fixture.Index.Read(s =>
    {
        var binding = s.Vectors!;
        return Enumerable.Range(0, binding.Vectors.Vectors.Count).Select(binding.DocOf).ToArray();
    });

    private static List<(string PassageId, double Score)> SemanticHits(IndexFixture fixture) =>
        fixture.Search("Vietnamese bamboo identity", mode: SearchMode.Semantic).Results.Select(h => (h.PassageId, h.Score)).ToList();

    private static string RowMapPath(IndexFixture fixture)
    {
        var generation = fixture.Index.Read(s => s.Vectors!.Vectors.Generation);
        return Path.Combine(fixture.IndexPath, "vectors", $"gen-{generation:D10}", "rows.bin");
    }
}
