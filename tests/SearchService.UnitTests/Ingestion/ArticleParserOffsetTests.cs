using SearchService.Engine.Ingestion;

namespace SearchService.UnitTests.Ingestion;

public class ArticleParserOffsetTests
{
    [Theory]
    [MemberData(nameof(ParsedSeeds.Ids), MemberType = typeof(ParsedSeeds))]
    public void Parse_EveryPassageOffsetsPointAtItsRawText(string id)
    {
        var document = ParsedSeeds.Get(id);

        Assert.NotEmpty(document.Passages);
        foreach (var passage in document.Passages)
        {
            var slice = document.RawText[passage.CharStart..passage.CharEnd];
            Assert.Equal(passage.Text, WhitespaceNormalizer.Normalize(slice));
        }
    }

    [Theory]
    [MemberData(nameof(ParsedSeeds.Ids), MemberType = typeof(ParsedSeeds))]
    public void Parse_PassageSlicesAreTrimmedAndCaptionSlicesExcludePipes(string id)
    {
        var document = ParsedSeeds.Get(id);

        foreach (var passage in document.Passages)
        {
            var slice = document.RawText[passage.CharStart..passage.CharEnd];
            Assert.False(char.IsWhiteSpace(slice[0]), passage.PassageId);
            Assert.False(char.IsWhiteSpace(slice[^1]), passage.PassageId);
            if (passage.Kind == PassageKind.Caption)
            {
                Assert.NotEqual('|', slice[0]);
                Assert.NotEqual('|', slice[^1]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(ParsedSeeds.Ids), MemberType = typeof(ParsedSeeds))]
    public void Parse_LineNumbersMatchTheOffsets(string id)
    {
        var document = ParsedSeeds.Get(id);

        foreach (var passage in document.Passages)
        {
            var expectedStart = 1 + CountLineBreaks(document.RawText[..passage.CharStart]);
            var expectedEnd = expectedStart + CountLineBreaks(document.RawText[passage.CharStart..passage.CharEnd]);
            Assert.Equal(expectedStart, passage.LineStart);
            Assert.Equal(expectedEnd, passage.LineEnd);
        }
    }

    /// <summary>Counts \r\n as one break, and a lone \r or \n as one each.</summary>
    private static int CountLineBreaks(string text) => text.Replace("\r\n", "\n").Count(c => c is '\n' or '\r');
}
