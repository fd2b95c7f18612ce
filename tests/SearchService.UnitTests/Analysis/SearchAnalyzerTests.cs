using SearchService.Engine.Analysis;

namespace SearchService.UnitTests.Analysis;

public sealed class SearchAnalyzerTests
{
    private static readonly SearchAnalyzer Analyzer = new(new AnalysisOptions());

    private static string[] Terms(string text) =>
        TokenStreamReader.Tokens(Analyzer, "text", text).Select(t => t.Term).ToArray();

    [Theory]
    [InlineData("Việt Nam", "Viet Nam")]
    [InlineData("Việt Nam", "Vietnam")]
    [InlineData("Vietnam's", "Việt Nam’s")]
    [InlineData("đổi mới", "doi moi")]
    [InlineData("Đổi Mới", "DOI MOI")]
    [InlineData("Bùi Thanh Sơn", "Bui Thanh Son")]
    [InlineData("Hà Nội", "Hanoi")]
    public void Analyze_AccentedAndPlainSpellings_ProduceTheSameTerms(string accented, string typed)
    {
        Assert.Equal(Terms(accented), Terms(typed));
        Assert.NotEmpty(Terms(typed));
    }

    [Fact]
    public void Analyze_DStroke_FoldsToD()
    {
        // đ is a letter of its own (U+0111), not d + a combining mark: Unicode decomposition would leave it.
        Assert.Equal(["doi"], Terms("đổi"));
        Assert.Equal(["dong"], Terms("Đồng"));
    }

    [Fact]
    public void Analyze_VietNam_JoinsIntoOneTokenSpanningBothWords()
    {
        var tokens = TokenStreamReader.Tokens(Analyzer, "text", "in Việt Nam today");
        var vietnam = Assert.Single(tokens, t => t.Term == "vietnam");
        Assert.Equal("Việt Nam", "in Việt Nam today"[vietnam.Start..vietnam.End]);
    }

    [Fact]
    public void Analyze_VietFollowedByAnotherWord_KeepsBothTokens()
    {
        Assert.Equal(["viet", "cong", "vietnam"], Terms("Viet Cong Viet Nam"));
        Assert.Equal(["nam", "viet"], Terms("Nam Viet"));
        Assert.Equal(["viet"], Terms("Viet"));
    }

    [Fact]
    public void Analyze_EnglishInflections_StemToTheSameTerm()
    {
        Assert.Equal(Terms("countries"), Terms("country"));
        Assert.Equal(Terms("diplomatic relations"), Terms("diplomatic relation"));
        Assert.Equal(Terms("partnerships"), Terms("partnership"));
    }

    [Fact]
    public void Analyze_StopWords_AreRemoved()
    {
        Assert.Equal(Terms("bamboo diplomacy"), Terms("the bamboo and the diplomacy"));
    }

    [Fact]
    public void Analyze_OperatorsAndPunctuation_AreNotTerms()
    {
        Assert.Empty(Terms("AND (( ) \" * ~ ^ : \\ /"));
        Assert.Equal(Terms("what vietnam bamboo diplomacy"), Terms("What's Vietnam's \"bamboo\" diplomacy?"));
    }

    [Fact]
    public void Fingerprint_ChangesWithTheChain()
    {
        var other = new AnalysisOptions { StopWords = StopWordList.None };
        Assert.NotEqual(new AnalysisOptions().Fingerprint, other.Fingerprint);
    }
}
