using SearchService.Engine;
using SearchService.Engine.Retrieval;

namespace SearchService.UnitTests.Indexing;

public sealed class LexicalSearchTests : IDisposable
{
    private readonly IndexFixture _fixture = new();

    public LexicalSearchTests() => _fixture.Sync();

    public void Dispose() => _fixture.Dispose();

    [Theory]
    [InlineData("doi moi", "đổi mới")]
    [InlineData("Bui Thanh Son", "Bùi Thanh Sơn")]
    [InlineData("Viet Nam", "Việt Nam")]
    public void Search_UnaccentedQuery_FindsAndHighlightsAccentedText(string query, string accented)
    {
        var results = _fixture.Search(query, 100).Results;

        Assert.Contains(results, hit => hit.Snippet.Contains($"<mark>{accented}", StringComparison.Ordinal));
    }

    [Fact]
    public void Search_VietnamAndVietNam_FindEachOther()
    {
        var spaced = _fixture.Search("Viet Nam", 100).Results;
        var joined = _fixture.Search("Vietnam", 100).Results;

        Assert.Contains(spaced, hit => hit.Text.Contains("Vietnam", StringComparison.Ordinal));
        Assert.Contains(joined, hit => hit.Text.Contains("Việt Nam", StringComparison.Ordinal));
    }

    [Fact]
    public void Search_DoiMoi_RanksPassagesOf003First()
    {
        var top = _fixture.Search("doi moi").Results[0];

        Assert.Equal("003_37e75ead3a9a6882", top.Citation.DocumentId);
    }

    [Fact]
    public void Search_Hits_CiteTheirExactSourceSpan()
    {
        foreach (var hit in _fixture.Search("diplomatic relations countries", 50).Results)
        {
            var raw = File.ReadAllText(Path.Combine(_fixture.SeedsPath, hit.Citation.SourcePath));
            var slice = raw[hit.Citation.CharStart..hit.Citation.CharEnd];
            Assert.Equal(hit.Text, string.Join(' ', slice.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
        }
    }

    [Fact]
    public void Search_OnlyStopWordsOrOperators_ReturnsNothingWithoutError()
    {
        Assert.Empty(_fixture.Search("AND ((").Results);
        Assert.Empty(_fixture.Search("the of and").Results);
    }

    [Fact]
    public void Search_LuceneSyntax_SupportsPhrasesAndRejectsMalformedQueries()
    {
        var engine = new SearchEngine(_fixture.Handle, _fixture.Options);

        var phrase = engine.Search(new SearchRequest("\"bamboo diplomacy\"", 10, Mode: SearchMode.Lexical, Syntax: QuerySyntax.Lucene));
        Assert.All(phrase.Results, hit => Assert.Contains("bamboo", hit.Text, StringComparison.OrdinalIgnoreCase));

        var error = Assert.Throws<InvalidQueryException>(() => engine.Search(new SearchRequest("AND ((", Syntax: QuerySyntax.Lucene)));
        Assert.Equal("q", error.Parameter);
    }

    [Fact]
    public void Search_Paging_ContinuesWhereThePreviousPageEnded()
    {
        var engine = new SearchEngine(_fixture.Handle, _fixture.Options);
        var all = engine.Search(new SearchRequest("foreign affairs", 10, Mode: SearchMode.Lexical)).Results.Select(h => h.PassageId);
        var first = engine.Search(new SearchRequest("foreign affairs", 5, Mode: SearchMode.Lexical)).Results;
        var second = engine.Search(new SearchRequest("foreign affairs", 5, Offset: 5, Mode: SearchMode.Lexical)).Results;

        Assert.Equal(all, first.Concat(second).Select(h => h.PassageId));
        Assert.Equal(6, second[0].Rank);
    }
}
