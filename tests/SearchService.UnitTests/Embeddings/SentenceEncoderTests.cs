using System.Numerics.Tensors;
using SearchService.Engine.Embeddings.Encoder;

namespace SearchService.UnitTests.Embeddings;

public sealed class SentenceEncoderTests
{
    private static readonly SentenceEncoder MiniLm = SentenceEncoder.Shared(new EncoderOptions())!;

    private static readonly string[] Passages =
    [
        "Vietnam's bamboo diplomacy balances relations with the great powers.",
        "Rice exports from the Mekong delta rose sharply this year.",
        "The ministry evacuated citizens trapped in war zones overseas.",
        "Đổi mới reforms opened the economy of Việt Nam to foreign investment in 1986.",
        "A very short one.",
        string.Join(' ', Enumerable.Repeat("A long passage about trade agreements, tariffs and supply chains.", 40)),
    ];

    [Theory]
    [InlineData("How did the country help its people stuck abroad in conflicts?", "The government brought home nationals caught in wars in foreign countries.", "The price of rice rose in the Mekong delta.")]
    [InlineData("foreign policy that bends but does not break", "Vietnam's bamboo diplomacy is flexible yet firm in its principles.", "Heavy rain flooded the northern provinces.")]
    [InlineData("economic reforms of 1986", "Đổi mới opened the economy to markets in the late eighties.", "The football team won the regional cup.")]
    public void ParaphrasePair_ScoresAboveUnrelatedPair(string query, string paraphrase, string unrelated)
    {
        var q = MiniLm.EmbedQuery(query);
        var passages = MiniLm.EmbedPassages([paraphrase, unrelated]);

        Assert.True(TensorPrimitives.Dot(q, passages.Row(0)) > TensorPrimitives.Dot(q, passages.Row(1)) + 0.1f);
    }

    [Fact]
    public void EveryVector_HasUnitLength()
    {
        var passages = MiniLm.EmbedPassages(Passages);

        Assert.Equal(384, MiniLm.Dimensions);
        Assert.All(Enumerable.Range(0, Passages.Length), row => Assert.Equal(1f, TensorPrimitives.Norm(passages.Row(row)), 1e-4f));
        Assert.Equal(1f, TensorPrimitives.Norm(MiniLm.EmbedQuery("bamboo diplomacy")), 1e-4f);
    }

    [Fact]
    public void BatchSizeAndThreadCount_DoNotChangeAVector()
    {
        using var oneByOne = SentenceEncoder.Load(new EncoderOptions { BatchSize = 1, Threads = 1 });
        var batched = MiniLm.EmbedPassages(Passages);
        var single = oneByOne.EmbedPassages(Passages);

        for (var row = 0; row < Passages.Length; row++)
        {
            Assert.True(MaxDifference(batched.Row(row), single.Row(row)) <= 1e-5f, $"passage {row} differs by {MaxDifference(batched.Row(row), single.Row(row))}");
        }
    }

    [Fact]
    public void SameText_GivesSameVector_InANewEncoderInstance()
    {
        using var restarted = SentenceEncoder.Load(new EncoderOptions());

        Assert.Equal(MiniLm.Fingerprint, restarted.Fingerprint);
        Assert.Equal(MiniLm.EmbedQuery("bamboo diplomacy"), restarted.EmbedQuery("bamboo diplomacy"));
        Assert.True(MaxDifference(MiniLm.EmbedPassages(Passages).Row(3), restarted.EmbedPassages(Passages).Row(3)) <= 1e-6f);
    }

    [Theory]
    [InlineData("Việt Nam", "Viet Nam")]
    [InlineData("đổi mới", "doi moi")]
    [InlineData("Bùi Thanh Sơn", "Bui Thanh Son")]
    public void VietnameseDiacritics_AreFolded_SoAccentedAndPlainSpellingsMeet(string accented, string plain)
    {
        Assert.Equal(MiniLm.Tokenize(plain), MiniLm.Tokenize(accented));
        Assert.Equal(1f, TensorPrimitives.Dot(MiniLm.EmbedQuery(accented), MiniLm.EmbedQuery(plain)), 1e-5f);
    }

    [Fact]
    public void Fold_MapsDToD_AndDropsCombiningMarks()
    {
        Assert.Equal("Dong Da, duong pho Viet", EncoderText.Fold("Đống Đa, đường phố Việt"));
    }

    [Fact]
    public void Fold_ReplacesLoneSurrogatesAndNoncharacters_AndKeepsPairedSurrogates()
    {
        // Either made string.Normalize throw: a 500 for semantic search and /ask on hostile input.
        Assert.Equal("a\uFFFDb\uD83E\uDDEAc\uFFFD\uFFFD", EncoderText.Fold("a\uDDB8b\uD83E\uDDEAc\uFFFF\uD921"));
    }

    [Fact]
    public void LongText_IsCappedAtMaxTokens_WithTheSeparatorKept()
    {
        using var capped = SentenceEncoder.Load(new EncoderOptions { MaxTokens = 32 });
        var ids = capped.Tokenize(Passages[^1]);

        Assert.Equal(32, ids.Length);
        Assert.Equal(MiniLm.Tokenize("x")[^1], ids[^1]);
        Assert.NotEqual(MiniLm.Fingerprint, capped.Fingerprint);
    }

    [Fact]
    public void ArcticXs_EmbedsQueriesWithItsPrefix_AndRanksTheParaphraseFirst()
    {
        var arctic = SentenceEncoder.Shared(new EncoderOptions { Model = EncoderOptions.ArcticXs })!;
        var passages = arctic.EmbedPassages(["The government brought home nationals caught in wars abroad.", "Rice prices rose in the delta."]);
        var query = arctic.EmbedQuery("How did the country help its people stuck abroad in conflicts?");

        Assert.Equal(384, arctic.Dimensions);
        Assert.StartsWith("arctic-xs@", arctic.Fingerprint, StringComparison.Ordinal);
        Assert.True(TensorPrimitives.Dot(query, passages.Row(0)) > TensorPrimitives.Dot(query, passages.Row(1)));
    }

    private static float MaxDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var max = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return max;
    }
}
