using SearchService.Engine.Answers;

namespace SearchService.UnitTests.Answers;

public sealed class SentenceSplitterTests
{
    private static string[] Sentences(string text) => SentenceSplitter.Split(text).Select(s => text[s.Start..s.End]).ToArray();

    [Fact]
    public void Split_AtSentenceEnds()
    {
        Assert.Equal(["One sentence.", "Another one!", "A third?"], Sentences("One sentence. Another one! A third?"));
    }

    [Fact]
    public void Split_KeepsAbbreviationsDecimalsAndInitialsInside()
    {
        Assert.Equal(
            ["Dr. Smith met the U.S. envoy at 6.5 p.m. on Tuesday.", "Then Q. Thien translated."],
            Sentences("Dr. Smith met the U.S. envoy at 6.5 p.m. on Tuesday. Then Q. Thien translated."));
    }

    [Fact]
    public void Split_ClosingQuotesStayWithTheirSentence()
    {
        Assert.Equal(["He said \"it is done.\"", "It was."], Sentences("He said \"it is done.\" It was."));
    }

    [Fact]
    public void Split_TextWithoutFinalPunctuation_IsOneSentence()
    {
        Assert.Equal(["No full stop here"], Sentences("No full stop here  "));
        Assert.Empty(Sentences("   "));
    }
}
