using System.Numerics.Tensors;
using System.Security.Cryptography;
using SearchService.Engine.Embeddings;
using SearchService.Engine.Retrieval;
using SearchService.UnitTests.Indexing;

namespace SearchService.UnitTests.Embeddings;

/// <summary>
/// The graph's build and search settings (<see cref="GraphOptions"/>): bounded, saved with each graph so a graph built
/// with other ones loads as built and is then rebuilt, and the graph-only rebuild of a saved generation.
/// </summary>
public sealed class GraphSettingsTests : IDisposable
{
    private const int Dimensions = 32;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "searchservice-graph-" + Guid.NewGuid().ToString("N"));

    public GraphSettingsTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public void Problem_NamesTheSettingOutsideItsBounds_AndTheDefaultsHaveNone()
    {
        Assert.Null(new GraphOptions().Problem());
        Assert.Null(new GraphOptions { Connectivity = 64, ExpansionAdd = 4096, ExpansionSearch = 16, Quantization = GraphQuantization.Float32 }.Problem());
        Assert.Contains("Connectivity", new GraphOptions { Connectivity = 3 }.Problem());
        Assert.Contains("Connectivity", new GraphOptions { Connectivity = 65 }.Problem());
        Assert.Contains("ExpansionAdd", new GraphOptions { ExpansionAdd = 15 }.Problem());
        Assert.Contains("ExpansionSearch", new GraphOptions { ExpansionSearch = 4097 }.Problem());
        Assert.Contains("Quantization", new GraphOptions { Quantization = (GraphQuantization)7 }.Problem());
        Assert.Contains("RescoreCandidates", new GraphOptions { RescoreCandidates = -1 }.Problem());
        Assert.Null(new GraphOptions { RescoreCandidates = 64 }.Problem());
    }

    [Theory]
    [InlineData(GraphQuantization.Int8)]
    [InlineData(GraphQuantization.Float16)]
    [InlineData(GraphQuantization.Float32)]
    public void ASavedGraph_RecordsItsBuildSettings_AndLoadsWithThem_WhateverIsConfiguredNow(GraphQuantization quantization)
    {
        var vectors = Clustered(3000, seed: 31);
        var path = Path.Combine(_folder, "ann.usearch");
        var settings = new GraphOptions { Connectivity = 8, ExpansionAdd = 48, Quantization = quantization };
        var query = vectors.Row(5).ToArray();
        var before = new (int Row, float Score)[10];
        using (var built = NearestNeighbours.Build(vectors, settings))
        {
            Assert.Equal(new GraphBuild(8, 48, quantization), built.Built);
            built.Search(query, 10, before);
            built.Save(path);
        }

        using var loaded = NearestNeighbours.TryLoad(path, vectors, new GraphOptions());
        Assert.NotNull(loaded);
        Assert.Equal(new GraphBuild(8, 48, quantization), loaded.Built);
        var after = new (int Row, float Score)[10];
        loaded.Search(query, 10, after);
        Assert.Equal(before, after);
        Assert.Equal(5, after[0].Row);
    }

    [Fact]
    public void AGraphSavedBeforeItsSettingsWereRecorded_LoadsAsBuiltWithTheOriginalOnes()
    {
        var vectors = Clustered(1500, seed: 32);
        var path = Path.Combine(_folder, "ann.usearch");
        using (var built = NearestNeighbours.Build(vectors, new GraphOptions { Connectivity = 16, ExpansionAdd = 128 }))
        {
            built.Save(path);
        }

        File.Delete(NearestNeighbours.SettingsPath(path));

        using var loaded = NearestNeighbours.TryLoad(path, vectors, new GraphOptions { Connectivity = 32 });
        Assert.NotNull(loaded);
        Assert.Equal(GraphBuild.Original, loaded.Built);
    }

    [Fact]
    public void SettingsThatContradictTheGraphFile_OrCannotBeRead_AreRefused()
    {
        var vectors = Clustered(1500, seed: 33);
        var path = Path.Combine(_folder, "ann.usearch");
        using (var built = NearestNeighbours.Build(vectors, new GraphOptions { Connectivity = 12 }))
        {
            built.Save(path);
        }

        File.WriteAllText(NearestNeighbours.SettingsPath(path), """{"Connectivity":32,"ExpansionAdd":128,"Quantization":"Int8"}""");
        Assert.Null(NearestNeighbours.TryLoad(path, vectors));

        File.WriteAllText(NearestNeighbours.SettingsPath(path), """{"Connectivity":12,"ExpansionAdd":128,"Quan""");
        Assert.Null(NearestNeighbours.TryLoad(path, vectors));

        File.WriteAllText(NearestNeighbours.SettingsPath(path), """{"Connectivity":12,"ExpansionAdd":128,"Quantization":"Int8"}""");
        Assert.NotNull(NearestNeighbours.TryLoad(path, vectors));
    }

    [Fact]
    public void TheConfiguredSearchBeam_AppliesToALoadedGraph_AndAWiderOneFindsMoreOfTheExactTopTen()
    {
        var vectors = Clustered(20_000, seed: 34);
        var queries = Clustered(200, seed: 35);
        var path = Path.Combine(_folder, "ann.usearch");
        using (var built = NearestNeighbours.Build(vectors, new GraphOptions { Connectivity = 4, ExpansionAdd = 16 }))
        {
            built.Save(path);
        }

        using var narrow = NearestNeighbours.TryLoad(path, vectors, new GraphOptions { ExpansionSearch = 16 });
        using var wide = NearestNeighbours.TryLoad(path, vectors, new GraphOptions { ExpansionSearch = 1024 });
        Assert.NotNull(narrow);
        Assert.NotNull(wide);

        var narrowFound = 0;
        var wideFound = 0;
        var exact = new (int Row, float Score)[10];
        var approximate = new (int Row, float Score)[10];
        for (var q = 0; q < queries.Count; q++)
        {
            var query = queries.Row(q).ToArray();
            vectors.TopK(query, 10, exact);
            var rows = exact.Select(e => e.Row).ToHashSet();
            narrowFound += approximate[..narrow.Search(query, 10, approximate)].Count(a => rows.Contains(a.Row));
            wideFound += approximate[..wide.Search(query, 10, approximate)].Count(a => rows.Contains(a.Row));
        }

        Assert.True(wideFound > narrowFound, $"beam 1024 found {wideFound}, beam 16 {narrowFound} of {queries.Count * 10}");
    }

    [Fact]
    public void RescoreCandidates_ScoresOnlyTheGraphsNearestCandidates_NotTheWholeBeam()
    {
        // The graph walks the rows of `walked`; the exact scores come from `scored`, each row negated: scoring the whole
        // beam then keeps the beam's farthest rows, scoring only the graph's nearest few keeps those.
        var walked = Clustered(5000, seed: 36);
        var negated = new float[walked.Count * Dimensions];
        for (var row = 0; row < walked.Count; row++)
        {
            TensorPrimitives.Negate(walked.Row(row), negated.AsSpan(row * Dimensions, Dimensions));
        }

        var scored = new VectorMatrix(negated, Dimensions);
        var path = Path.Combine(_folder, "ann.usearch");
        using (var built = NearestNeighbours.Build(walked, new GraphOptions { Quantization = GraphQuantization.Float32 }))
        {
            built.Save(path);
        }

        using var everyCandidate = NearestNeighbours.TryLoad(path, scored, new GraphOptions { ExpansionSearch = 256, RescoreCandidates = 0 });
        using var nearestTen = NearestNeighbours.TryLoad(path, scored, new GraphOptions { ExpansionSearch = 256, RescoreCandidates = 10 });
        Assert.NotNull(everyCandidate);
        Assert.NotNull(nearestTen);
        var query = walked.Row(42).ToArray();
        var closest = new (int Row, float Score)[30];
        walked.TopK(query, 30, closest);
        var closestRows = closest.Select(c => c.Row).ToHashSet();

        var results = new (int Row, float Score)[10];
        Assert.Equal(10, nearestTen.Search(query, 10, results));
        Assert.All(results, r => Assert.Contains(r.Row, closestRows));
        Assert.All(results, r => Assert.Equal(scored.Dot(query, r.Row), r.Score));

        Assert.Equal(10, everyCandidate.Search(query, 10, results));
        Assert.All(results, r => Assert.DoesNotContain(r.Row, closestRows));
    }

    [Fact]
    public async Task RebuildNearest_ReplacesOnlyTheGraph_WithTheGivenSettings_AndTheReopenedIndexServesIt_WithTheSameRanking()
    {
        using var fixture = new IndexFixture(annThreshold: 0);
        fixture.Sync();
        var queries = new[] { "Vietnamese bamboo identity", "vaccine diplomacy", "free trade agreements" };
        var expected = queries.Select(q => Hits(fixture, q)).ToList();
        var generation = fixture.Index.Read(s => s.Vectors!.Vectors.Generation);
        var folder = Assert.Single(Directory.GetDirectories(Path.Combine(fixture.IndexPath, "vectors")));
        var untouched = new[] { "vectors.bin", "model.zip", "meta.json" }.ToDictionary(f => f, f => Hash(Path.Combine(folder, f)));
        var denser = new GraphOptions { Connectivity = 24, ExpansionAdd = 200, Quantization = GraphQuantization.Float16 };

        fixture.Graph = denser;
        fixture.Reopen(whileClosed: () =>
        {
            var (built, bytes) = new VectorStore(fixture.IndexPath, annThreshold: 0, graph: denser).RebuildNearest(generation);
            Assert.Equal(denser.Build, built);
            Assert.Equal(new FileInfo(Path.Combine(folder, "ann.usearch")).Length, bytes);
        });
        await fixture.Index.Read(s => s.Vectors!.Vectors.NearestAttached).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(generation, fixture.Index.Read(s => s.Vectors!.Vectors.Generation));
        Assert.Equal(denser.Build, fixture.Index.Read(s => s.Vectors!.Vectors.Nearest!.Built));
        Assert.All(untouched, file => Assert.Equal(file.Value, Hash(Path.Combine(folder, file.Key))));
        // 135 seed passages: the graph search is exhaustive, so the ranking is the scan's whatever the graph.
        Assert.Equal(expected, queries.Select(q => Hits(fixture, q)).ToList());
    }

    [Fact]
    public async Task AGenerationWhoseGraphWasBuiltWithOtherSettings_ServesIt_ThenRebuildsAndSavesItWithTheConfiguredOnes()
    {
        using var fixture = new IndexFixture(annThreshold: 0);
        fixture.Sync();
        var expected = Hits(fixture, "vaccine diplomacy");
        var file = Assert.Single(Directory.EnumerateFiles(Path.Combine(fixture.IndexPath, "vectors"), "ann.usearch", SearchOption.AllDirectories));
        var configured = new GraphOptions { Connectivity = 20, ExpansionAdd = 64 };

        fixture.Graph = configured;
        fixture.Reopen();
        await fixture.Index.Read(s => s.Vectors!.Vectors.NearestAttached).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(configured.Build, fixture.Index.Read(s => s.Vectors!.Vectors.Nearest!.Built));
        Assert.Equal(expected, Hits(fixture, "vaccine diplomacy"));
        using var saved = NearestNeighbours.TryLoad(file, fixture.Index.Read(s => s.Vectors!.Vectors.Vectors));
        Assert.NotNull(saved);
        Assert.Equal(configured.Build, saved.Built);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private static List<(string PassageId, double Score)> Hits(IndexFixture fixture, string query) =>
        fixture.Search(query, 10, SearchMode.Semantic).Results.Select(h => (h.PassageId, h.Score)).ToList();

    /// <summary>Unit vectors around 20 random centres (text embeddings cluster by topic; uniform noise would not).</summary>
    private static VectorMatrix Clustered(int count, int seed)
    {
        var random = new Random(seed);
        var centres = Enumerable.Range(0, 20).Select(_ => Enumerable.Range(0, Dimensions).Select(_ => (float)random.NextDouble() - 0.5f).ToArray()).ToArray();
        var data = new float[count * Dimensions];
        for (var i = 0; i < count; i++)
        {
            var row = data.AsSpan(i * Dimensions, Dimensions);
            var centre = centres[random.Next(centres.Length)];
            for (var d = 0; d < Dimensions; d++)
            {
                row[d] = centre[d] + (((float)random.NextDouble() - 0.5f) * 0.6f);
            }

            TensorPrimitives.Divide(row, TensorPrimitives.Norm(row), row);
        }

        return new VectorMatrix(data, Dimensions);
    }
}
