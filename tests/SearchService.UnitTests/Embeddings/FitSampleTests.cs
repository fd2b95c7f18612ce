using Microsoft.Extensions.Logging.Abstractions;
using SearchService.Engine;
using SearchService.Engine.Analysis;
using SearchService.Engine.Embeddings;

namespace SearchService.UnitTests.Embeddings;

/// <summary>The LSA model of a large corpus is fitted on a bounded, deterministic sample; every passage is still embedded.</summary>
public sealed class FitSampleTests
{
    private const int Passages = 300;
    private static readonly SearchAnalyzer Analyzer = new(new SearchOptions().Analysis);

    [Fact]
    public void Rows_TakesExactlyTheSampleSize_TheSameForTheSameSeed()
    {
        var sample = FitSample.Rows(10_000, 1_000, seed: 42)!;
        var again = FitSample.Rows(10_000, 1_000, seed: 42)!;
        var otherSeed = FitSample.Rows(10_000, 1_000, seed: 43)!;

        Assert.Equal(1_000, sample.Count(taken => taken));
        Assert.Equal(sample, again);
        Assert.NotEqual(sample, otherSeed);
        // Spread over the whole corpus, not its first rows.
        Assert.InRange(sample.Skip(5_000).Count(taken => taken), 400, 600);
    }

    [Fact]
    public void Rows_TakesEveryRow_WhenTheCorpusIsNoLargerThanTheSample()
    {
        Assert.Null(FitSample.Rows(1_000, 1_000, seed: 42));
        Assert.Null(FitSample.Rows(10, 1_000, seed: 42));
    }

    [Fact]
    public void Refit_OfACorpusLargerThanTheSample_FitsOnTheSampledPassagesOnly_AndEmbedsEveryPassage()
    {
        var options = new EmbeddingOptions { FitSample = 100 };
        var passages = Corpus();

        var built = Build(passages, options);

        var texts = passages.Select(TextOf).ToList();
        var sampled = FitSample.Rows(Passages, 100, options.Seed)!;
        var expected = EmbeddingModel.Fit(texts.Where((_, row) => sampled[row]).ToList(), options).EmbedAll(texts);
        Assert.Equal(passages.Select(p => p.PassageId), built.PassageIds);
        AssertSameVectors(expected, built.Vectors);
        // A fit on every passage gives other vectors: the sample is what was fitted on.
        Assert.NotEqual(EmbeddingModel.Fit(texts, options).EmbedAll(texts).Row(0).ToArray(), built.Vectors.Row(0).ToArray());
    }

    [Fact]
    public void Refit_OfACorpusNoLargerThanTheSample_IsTheFitOnEveryPassage()
    {
        var options = new EmbeddingOptions { FitSample = Passages };
        var passages = Corpus();

        var built = Build(passages, options);

        var texts = passages.Select(TextOf).ToList();
        AssertSameVectors(EmbeddingModel.Fit(texts, options).EmbedAll(texts), built.Vectors);
    }

    [Fact]
    public void Refit_WithASample_GivesTheSameVectorsEveryTime()
    {
        var options = new EmbeddingOptions { FitSample = 100 };
        var passages = Corpus();

        AssertSameVectors(Build(passages, options).Vectors, Build(passages, options).Vectors);
    }

    [Fact]
    public void Fingerprint_ChangesWithTheSampleSize_ButNotForTheDefault()
    {
        var defaults = new EmbeddingOptions();
        Assert.DoesNotContain("-f", defaults.Fingerprint, StringComparison.Ordinal);
        Assert.NotEqual(defaults.Fingerprint, new EmbeddingOptions { FitSample = 5_000 }.Fingerprint);
    }

    private static VectorSet Build(IReadOnlyList<StoredPassage> passages, EmbeddingOptions options)
    {
        var indexer = new VectorIndexer(Analyzer, options, NullLogger.Instance);
        var keys = passages.Select(p => new PassageKey(p.PassageId, p.DocumentId)).ToList();
        // A lazy sequence, as the index streams them: the indexer may not count on a list.
        return indexer.Build(keys, filter => passages.Where(p => filter(p.DocumentId)).Select(p => p), previous: null, new HashSet<string>(), generation: 1)!;
    }

    private static string TextOf(StoredPassage passage) => EmbeddingText.Of(Analyzer, $"{passage.Title} {passage.Section}", passage.Text);

    private static void AssertSameVectors(VectorMatrix expected, VectorMatrix actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var row = 0; row < expected.Count; row++)
        {
            Assert.Equal(expected.Row(row).ToArray(), actual.Row(row).ToArray());
        }
    }

    private static List<StoredPassage> Corpus()
    {
        string[] topics = ["bamboo weaving village craft", "river delta rice harvest", "ancient temple pagoda", "coastal fishing boats", "mountain tea plantation", "city street food market"];
        string[] common = ["history", "people", "region", "season", "family", "tradition", "work", "festival", "water", "north", "south"];
        var random = new Random(5);
        return Enumerable.Range(0, Passages).Select(i =>
        {
            var topic = topics[random.Next(topics.Length)];
            var topicWords = topic.Split(' ');
            var words = Enumerable.Range(0, 12).Select(_ => random.Next(3) == 0 ? topicWords[random.Next(topicWords.Length)] : common[random.Next(common.Length)]);
            return new StoredPassage($"d{i}#0", $"d{i}", $"Title {i % 7}", null, $"{topic} {string.Join(' ', words)}");
        }).ToList();
    }
}
