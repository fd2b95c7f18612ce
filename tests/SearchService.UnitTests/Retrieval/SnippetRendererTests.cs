using SearchService.Engine.Analysis;
using SearchService.Engine.Retrieval;

namespace SearchService.UnitTests.Retrieval;

public sealed class SnippetRendererTests
{
    [Fact]
    public void Render_EscapesMarkupAndWrapsHighlights()
    {
        var html = SnippetRenderer.Render("a <b> & \"c\" 'd'", [new Highlight(2, 5)]);
        Assert.Equal("a <mark>&lt;b&gt;</mark> &amp; &quot;c&quot; &#39;d&#39;", html);
    }

    [Fact]
    public void Render_KeepsVietnameseLettersReadable()
    {
        Assert.Equal("<mark>đổi mới</mark>", SnippetRenderer.Render("đổi mới", [new Highlight(0, 7)]));
    }

    [Fact]
    public void FindHighlights_MatchesStemsFoldingAndCompounds_AndMergesAdjacentWords()
    {
        var analyzer = new SearchAnalyzer(new AnalysisOptions());
        var text = "Minister Bùi Thanh Sơn visited Việt Nam's partners.";
        var terms = TokenStreamReader.Tokens(analyzer, "text", "bui thanh son vietnam partner").Select(t => t.Term).ToHashSet();

        var marked = HighlightFinder.Find(analyzer, "text", text, terms).Select(h => text[h.Start..h.End]).ToArray();

        Assert.Equal(["Bùi Thanh Sơn", "Việt Nam's partners"], marked);
    }
}
