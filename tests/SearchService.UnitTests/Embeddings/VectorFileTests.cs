using SearchService.Engine;
using SearchService.Engine.Analysis;
using SearchService.Engine.Embeddings;
using SearchService.Engine.Retrieval;
using SearchService.UnitTests.Indexing;

namespace SearchService.UnitTests.Embeddings;

/// <summary>
/// A loaded generation large enough for a graph leaves its rows in <c>vectors.bin</c> and reads them per query; the
/// scores are those of the matrix in memory, and an older generation keeps serving a query that holds it, even once
/// its folder is deleted. An interrupted save (fit and vectors written, no graph yet) can be picked up again.
/// </summary>
public sealed class VectorFileTests : IDisposable
{
    private static readonly SearchAnalyzer Analyzer = new(new SearchOptions().Analysis);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "searchservice-vectorfile-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Load_AtTheGraphThreshold_ReadsRowsFromTheFile_WithTheScoresOfTheMatrixInMemory()
    {
        var saved = Generation(1, seed: 5);
        var store = new VectorStore(_root, annThreshold: saved.Vectors.Count);
        store.Save(saved);

        var loaded = store.TryLoad(1, out var problem)!;

        Assert.Null(problem);
        Assert.False(loaded.Vectors.InMemory);
        Assert.True(new VectorStore(_root, annThreshold: saved.Vectors.Count + 1).TryLoad(1, out _)!.Vectors.InMemory);
        AssertSameRowsAndScores(saved.Vectors, loaded.Vectors);
    }

    [Fact]
    public void PrunedGeneration_KeepsServingTheQueryThatHoldsIt()
    {
        var first = Generation(1, seed: 5);
        var store = new VectorStore(_root, annThreshold: 0);
        store.Save(first);
        var held = store.TryLoad(1, out _)!;
        Assert.False(held.Vectors.InMemory);

        store.Save(Generation(2, seed: 6));
        store.Prune(keep: 2);

        Assert.False(Directory.Exists(Path.Combine(store.Root, "gen-0000000001")));
        AssertSameRowsAndScores(first.Vectors, held.Vectors);
    }

    [Fact]
    public void Load_RefusesAVectorFileWithMissingOrExtraBytes()
    {
        var store = new VectorStore(_root, annThreshold: 0);
        store.Save(Generation(1, seed: 5));
        var file = Path.Combine(store.Root, "gen-0000000001", "vectors.bin");
        var bytes = File.ReadAllBytes(file);

        File.WriteAllBytes(file, bytes[..^4]);
        Assert.Null(store.TryLoad(1, out var truncated));
        Assert.Contains("bytes of vectors", truncated, StringComparison.Ordinal);

        File.WriteAllBytes(file, [.. bytes, 0, 0, 0, 0]);
        Assert.Null(store.TryLoad(1, out _));
    }

    [Fact]
    public async Task TryLoadInterrupted_ReadsTheFitAndVectorsOfASaveStoppedBeforeItsGraph_AndSaveCompletesIt()
    {
        var saved = Generation(1, seed: 5);
        var store = new VectorStore(_root, annThreshold: 0);
        store.Save(saved);
        // What a stop during the graph build leaves: the model and the vectors in the temporary folder, nothing else.
        var final = Path.Combine(store.Root, "gen-0000000001");
        Directory.Move(final, final + ".tmp");
        File.Delete(Path.Combine(final + ".tmp", "meta.json"));
        File.Delete(Path.Combine(final + ".tmp", "ann.usearch"));
        File.Delete(Path.Combine(final + ".tmp", "ann.usearch.sha256"));

        var resumed = store.TryLoadInterrupted(1, saved.Model.Fingerprint, out var problem)!;

        Assert.Null(problem);
        Assert.Equal(saved.PassageIds, resumed.PassageIds);
        AssertSameRowsAndScores(saved.Vectors, resumed.Vectors);
        store.Save(resumed);
        Assert.False(Directory.Exists(final + ".tmp"));
        var reloaded = store.TryLoad(1, out _)!;
        await reloaded.NearestAttached;
        Assert.NotNull(reloaded.Nearest);
        AssertSameRowsAndScores(saved.Vectors, reloaded.Vectors);
    }

    [Fact]
    public void TryLoadInterrupted_RefusesATruncatedVectorFile()
    {
        var store = new VectorStore(_root);
        var saved = Generation(1, seed: 5);
        store.Save(saved);
        var final = Path.Combine(store.Root, "gen-0000000001");
        Directory.Move(final, final + ".tmp");
        var file = Path.Combine(final + ".tmp", "vectors.bin");
        File.WriteAllBytes(file, File.ReadAllBytes(file)[..^100]);

        Assert.Null(store.TryLoadInterrupted(1, saved.Model.Fingerprint, out var problem));
        Assert.NotNull(problem);
    }

    [Fact]
    public async Task Restart_OfAGenerationWithAGraph_RanksFromTheFileAsFromMemory_AndAnOlderOneServesItsHolder()
    {
        using var fixture = new IndexFixture(annThreshold: 0);
        fixture.Sync();
        var before = SemanticHits(fixture);
        var inMemory = fixture.Index.Read(s => s.Vectors!.Vectors);
        Assert.True(inMemory.Vectors.InMemory);

        fixture.Reopen();

        var loaded = fixture.Index.Read(s => s.Vectors!.Vectors);
        await loaded.NearestAttached;
        Assert.False(loaded.Vectors.InMemory);
        Assert.Equal(before, SemanticHits(fixture));

        // A new generation is published and the loaded one's folder pruned while something still holds it.
        File.AppendAllText(Directory.EnumerateFiles(fixture.SeedsPath, "*.txt").Order(StringComparer.Ordinal).First(), "\nA new paragraph about capybara diplomacy.\n");
        fixture.Sync();
        Assert.NotEqual(loaded.Generation, fixture.Index.Read(s => s.Vectors!.Vectors).Generation);
        Assert.False(Directory.Exists(Path.Combine(fixture.IndexPath, "vectors", $"gen-{loaded.Generation:D10}")));
        AssertSameRowsAndScores(inMemory.Vectors, loaded.Vectors);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static List<(string PassageId, double Score)> SemanticHits(IndexFixture fixture) =>
        fixture.Search("bamboo village tradition", mode: SearchMode.Semantic).Results.Select(h => (h.PassageId, h.Score)).ToList();

    private static void AssertSameRowsAndScores(VectorMatrix expected, VectorMatrix actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.Dimensions, actual.Dimensions);
        var query = expected.Row(expected.Count / 2).ToArray();
        var scores = new float[expected.Count];
        actual.Scores(query, 0, scores);
        var row = new float[expected.Dimensions];
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected.Row(i).ToArray(), actual.Row(i).ToArray());
            actual.CopyRow(i, row);
            Assert.Equal(expected.Row(i).ToArray(), row);
            Assert.Equal(expected.Dot(query, i), actual.Dot(query, i));
            Assert.Equal(expected.Dot(query, i), scores[i]);
        }

        var expectedTop = new (int Row, float Score)[10];
        var actualTop = new (int Row, float Score)[10];
        Assert.Equal(expected.TopK(query, 10, expectedTop), actual.TopK(query, 10, actualTop));
        Assert.Equal(expectedTop, actualTop);
    }

    /// <summary>An LSA generation over a small synthetic corpus (different seeds: different passages).</summary>
    private static VectorSet Generation(long generation, int seed)
    {
        string[] topics = ["bamboo weaving village craft", "river delta rice harvest", "ancient temple pagoda", "coastal fishing boats", "mountain tea plantation"];
        string[] common = ["history", "people", "region", "season", "family", "tradition", "work", "festival", "water", "north"];
        var random = new Random(seed);
        var texts = Enumerable.Range(0, 200).Select(_ =>
        {
            var topic = topics[random.Next(topics.Length)];
            var topicWords = topic.Split(' ');
            var words = Enumerable.Range(0, 12).Select(_ => random.Next(3) == 0 ? topicWords[random.Next(topicWords.Length)] : common[random.Next(common.Length)]);
            return EmbeddingText.Of(Analyzer, null, $"{topic} {string.Join(' ', words)}");
        }).ToList();
        var model = EmbeddingModel.Fit(texts, new EmbeddingOptions());
        return new VectorSet(generation, model, texts.Select((_, i) => $"d{seed}-{i}#0").ToList(), model.EmbedAll(texts), 0);
    }
}
