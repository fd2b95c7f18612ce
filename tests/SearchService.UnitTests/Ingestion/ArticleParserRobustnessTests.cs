using SearchService.Engine.Ingestion;

namespace SearchService.UnitTests.Ingestion;

/// <summary>Inputs unlike the seeds: the parser must still return something sensible and never throw.</summary>
public class ArticleParserRobustnessTests
{
    private readonly ArticleParser parser = new();

    [Fact]
    public void Parse_EmptyText_HasNoPassagesAndIsTitledByDocumentId()
    {
        var document = parser.Parse("empty_doc", "seeds/empty_doc.txt", string.Empty);

        Assert.Empty(document.Passages);
        Assert.Equal("empty_doc", document.Metadata.Title);
        Assert.Null(document.Metadata.Published);
    }

    [Fact]
    public void Parse_WhitespaceOnlyText_HasNoPassagesAndIsTitledByDocumentId()
    {
        var document = parser.Parse("blank", "blank.txt", " \r\n\u00A0\t\n\n  \r");

        Assert.Empty(document.Passages);
        Assert.Equal("blank", document.Metadata.Title);
    }

    [Fact]
    public void Parse_BoilerplateOnlyText_HasNoPassagesAndIsTitledByDocumentId()
    {
        var document = parser.Parse("furniture", "furniture.txt", "Source\n\nComment (3)\nNo data\nSame tag\nSome headline");

        Assert.Empty(document.Passages);
        Assert.Equal("furniture", document.Metadata.Title);
    }

    [Fact]
    public void Parse_SingleLineWithoutMetadata_IsOneParagraphAndTitlesTheDocument()
    {
        const string raw = "  The river flooded the valley overnight.  ";

        var document = parser.Parse("one", "one.txt", raw);

        var passage = Assert.Single(document.Passages);
        Assert.Equal(PassageKind.Paragraph, passage.Kind);
        Assert.Equal("The river flooded the valley overnight.", passage.Text);
        Assert.Equal((2, raw.Length - 2, 1, 1), (passage.CharStart, passage.CharEnd, passage.LineStart, passage.LineEnd));
        Assert.Equal("The river flooded the valley overnight.", document.Metadata.Title);
        Assert.Null(document.Metadata.Published);
    }

    [Fact]
    public void Parse_SingleShortLineWithoutPunctuation_IsKeptAsAParagraph()
    {
        var document = parser.Parse("short", "short.txt", "Breaking news");

        Assert.Equal("Breaking news", Assert.Single(document.Passages).Text);
        Assert.Equal("Breaking news", document.Metadata.Title);
    }

    [Fact]
    public void Parse_CrlfText_GivesOffsetsAndLinesThatIgnoreCarriageReturns()
    {
        const string raw = "Flood hits the delta\r\n\r\n05/03/2024 - 08:15\r\nHeavy rain\u00A0fell  for three days. Roads closed.\r\n"
            + "| Residents wade through water |\r\nAid arrives\r\nTrucks reached the towns on Monday.\r\n";

        var document = parser.Parse("crlf", "crlf.txt", raw);

        Assert.Equal("Flood hits the delta", document.Metadata.Title);
        Assert.Equal(new DateTime(2024, 3, 5, 8, 15, 0, DateTimeKind.Unspecified), document.Metadata.Published);
        Assert.Collection(
            document.Passages,
            p => AssertPassage(raw, p, PassageKind.Paragraph, "Heavy rain fell for three days. Roads closed.", line: 4, section: null),
            p => AssertPassage(raw, p, PassageKind.Caption, "Residents wade through water", line: 5, section: null),
            p => AssertPassage(raw, p, PassageKind.Paragraph, "Trucks reached the towns on Monday.", line: 7, section: "Aid arrives"));
    }

    [Fact]
    public void Parse_LoneCarriageReturnsAlsoSeparateLines()
    {
        var document = parser.Parse("cr", "cr.txt", "The first paragraph of this story is here, after the rain.\rThe second paragraph of this story follows it, as usual.");

        Assert.Equal([1, 2], document.Passages.Select(p => p.LineStart));
    }

    [Fact]
    public void Parse_LongFirstSentenceTitleIsCutAtAWordBoundaryWithEllipsis()
    {
        var sentence = string.Join(' ', Enumerable.Repeat("word", 40)) + ".";

        var title = parser.Parse("long", "long.txt", sentence).Metadata.Title;

        Assert.True(title.Length <= 90, title);
        Assert.EndsWith("word…", title, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DateInTheBodyIsNotThePublicationDate()
    {
        const string raw = "Headline of the day\nThe first paragraph is here.\nThe second one follows.\n10/01/2023 - 21:52\nMore text ends here.";

        Assert.Null(parser.Parse("late-date", "x.txt", raw).Metadata.Published);
    }

    [Theory]
    [InlineData("seeds/003_37e75ead3a9a6882.txt", "003_37e75ead3a9a6882")]
    [InlineData("/abs/path/004_1e7a8dd3a4f3aed2.txt", "004_1e7a8dd3a4f3aed2")]
    [InlineData(@"C:\corpus\000_4a4e51d1652b0a4f.txt", "000_4a4e51d1652b0a4f")]
    [InlineData("no_extension", "no_extension")]
    [InlineData("archive.tar.txt", "archive.tar")]
    public void DocumentIdFromPath_IsTheFileNameWithoutExtension(string path, string expected)
    {
        Assert.Equal(expected, ArticleParser.DocumentIdFromPath(path));
    }

    private static void AssertPassage(string raw, Passage passage, PassageKind kind, string text, int line, string? section)
    {
        Assert.Equal(kind, passage.Kind);
        Assert.Equal(text, passage.Text);
        Assert.Equal(line, passage.LineStart);
        Assert.Equal(line, passage.LineEnd);
        Assert.Equal(section, passage.Section);
        Assert.DoesNotContain('\r', raw[passage.CharStart..passage.CharEnd]);
        Assert.Equal(text, WhitespaceNormalizer.Normalize(raw.AsSpan(passage.CharStart, passage.CharEnd - passage.CharStart)));
    }
}
