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
    public void Render_GivesTheSameHtmlAsEscapingAndMarkingRunByRun_ForManyTextsAndHighlightSets()
    {
        var random = new Random(19);
        const string alphabet = "ab cđổ&<>\"'\n";
        for (var round = 0; round < 2000; round++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 60)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            var highlights = new List<Highlight>();
            for (var at = 0; at < text.Length;)
            {
                var start = at + random.Next(0, 6);
                var end = Math.Min(text.Length, start + random.Next(1, 8));
                if (start >= text.Length)
                {
                    break;
                }

                highlights.Add(new Highlight(start, end));
                at = end + random.Next(0, 3);
            }

            Assert.Equal(Reference(text, highlights), SnippetRenderer.Render(text, highlights));
        }
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

    /// <summary>The rendering spelled out character by character into a builder (what the renderer must equal).</summary>
    private static string Reference(string text, IReadOnlyList<Highlight> highlights)
    {
        var html = new System.Text.StringBuilder();
        void Escaped(string part)
        {
            foreach (var c in part)
            {
                html.Append(c switch
                {
                    '&' => "&amp;",
                    '<' => "&lt;",
                    '>' => "&gt;",
                    '"' => "&quot;",
                    '\'' => "&#39;",
                    _ => c.ToString(),
                });
            }
        }

        var position = 0;
        foreach (var highlight in highlights)
        {
            Escaped(text[position..highlight.Start]);
            html.Append("<mark>");
            Escaped(text[highlight.Start..highlight.End]);
            html.Append("</mark>");
            position = highlight.End;
        }

        Escaped(text[position..]);
        return html.ToString();
    }
}
