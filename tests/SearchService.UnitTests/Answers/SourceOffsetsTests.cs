using SearchService.Engine.Answers;

using SearchService.UnitTests.Ingestion;

namespace SearchService.UnitTests.Answers;

public sealed class SourceOffsetsTests
{
    [Fact]
    public void ToRaw_MapsNormalizedOffsetsAcrossCollapsedWhitespace()
    {
        const string raw = "xx  Alpha\u00A0 beta   gamma.\tDelta ";
        const string normalized = "Alpha beta gamma. Delta";
        const int passageStart = 4;

        foreach (var word in new[] { "Alpha", "beta", "gamma.", "Delta" })
        {
            var start = normalized.IndexOf(word, StringComparison.Ordinal);
            var rawStart = SourceOffsets.ToRaw(raw, passageStart, normalized, start);
            var rawEnd = SourceOffsets.ToRaw(raw, passageStart, normalized, start + word.Length);
            Assert.Equal(word, raw[rawStart..rawEnd]);
        }
    }

    [Fact]
    public void ToRaw_EveryPassageOfEverySeed_MapsBothEndsOntoItsSpan()
    {
        foreach (var document in ParsedSeeds.All)
        {
            foreach (var passage in document.Passages)
            {
                Assert.Equal(passage.CharStart, SourceOffsets.ToRaw(document.RawText, passage.CharStart, passage.Text, 0));
                Assert.Equal(passage.CharEnd, SourceOffsets.ToRaw(document.RawText, passage.CharStart, passage.Text, passage.Text.Length));
            }
        }
    }
}
