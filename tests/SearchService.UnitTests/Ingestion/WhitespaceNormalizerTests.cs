using SearchService.Engine.Ingestion;

namespace SearchService.UnitTests.Ingestion;

public class WhitespaceNormalizerTests
{
    [Theory]
    [InlineData("  a\u00A0\u00A0b \t c  ", "a b c")]
    [InlineData("\u00A0", "")]
    [InlineData("word", "word")]
    public void Normalize_CollapsesWhitespaceIncludingNbspAndTrims(string input, string expected)
    {
        Assert.Equal(expected, WhitespaceNormalizer.Normalize(input));
    }

    [Fact]
    public void Trim_NarrowsTheRangeToNonWhitespace()
    {
        Assert.Equal((3, 6), WhitespaceNormalizer.Trim("x \u00A0abc\u00A0 ", 1, 8));
    }
}
