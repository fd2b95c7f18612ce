using Lucene.Net.Analysis;
using SearchService.Engine.Analysis;

namespace SearchService.Engine.Retrieval;

/// <summary>
/// Finds what to highlight by running the index analyzer over the passage and keeping the tokens whose terms the
/// query searched for: highlights then agree with matching exactly (stems, folding, compounds), with no separate
/// highlighter library.
/// </summary>
public static class HighlightFinder
{
    public static IReadOnlyList<Highlight> Find(Analyzer analyzer, string field, string text, IReadOnlySet<string> terms)
    {
        if (terms.Count == 0)
        {
            return [];
        }

        var spans = new List<Highlight>();
        foreach (var token in TokenStreamReader.Tokens(analyzer, field, text))
        {
            if (!terms.Contains(token.Term))
            {
                continue;
            }

            // Neighbouring matches separated only by white space read as one mark ("Bùi Thanh Sơn").
            if (spans.Count > 0 && IsWhitespace(text, spans[^1].End, token.Start))
            {
                spans[^1] = spans[^1] with { End = Math.Max(spans[^1].End, token.End) };
            }
            else
            {
                spans.Add(new Highlight(token.Start, token.End));
            }
        }

        return spans;
    }

    private static bool IsWhitespace(string text, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
