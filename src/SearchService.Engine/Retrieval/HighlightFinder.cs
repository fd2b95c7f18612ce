using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

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

        // Streamed, and terms compared as spans of the token buffer: one string per token and a token list per hit
        // were most of what highlighting allocated (docs/benchmarks.md, "Profile").
        var lookup = terms is HashSet<string> set && set.TryGetAlternateLookup<ReadOnlySpan<char>>(out var alternate)
            ? alternate
            : (HashSet<string>.AlternateLookup<ReadOnlySpan<char>>?)null;
        var spans = new List<Highlight>();
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            var chars = term.Buffer.AsSpan(0, term.Length);
            if (!(lookup is { } l ? l.Contains(chars) : terms.Contains(chars.ToString())))
            {
                continue;
            }

            var start = offset.StartOffset;
            var end = offset.EndOffset;

            // Neighbouring matches separated only by white space read as one mark ("Bùi Thanh Sơn").
            if (spans.Count > 0 && IsWhitespace(text, spans[^1].End, start))
            {
                spans[^1] = spans[^1] with { End = Math.Max(spans[^1].End, end) };
            }
            else
            {
                spans.Add(new Highlight(start, end));
            }
        }

        stream.End();
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
