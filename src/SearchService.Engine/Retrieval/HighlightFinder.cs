using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

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

    /// <summary>
    /// The same highlights as <see cref="Find"/>, from the offsets the index stored when it analysed the passage (the
    /// text field's term vector): no analysis per returned hit, which was a quarter of a seeds query's serving time.
    /// </summary>
    /// <param name="vector">The passage's term vector of the text field, with offsets.</param>
    /// <returns>Null when the vector has no offsets (a passage indexed before they were stored): use <see cref="Find"/>.</returns>
    public static IReadOnlyList<Highlight>? FromTermVector(Terms vector, string text, IReadOnlySet<string> terms)
    {
        if (!vector.HasOffsets)
        {
            return null;
        }

        if (terms.Count == 0)
        {
            return [];
        }

        var matches = new List<Highlight>();
        var iterator = vector.GetEnumerator();
        DocsAndPositionsEnum? positions = null;
        foreach (var term in terms)
        {
            if (!iterator.SeekExact(new BytesRef(term)))
            {
                continue;
            }

            positions = iterator.DocsAndPositions(null, positions, DocsAndPositionsFlags.OFFSETS);
            if (positions is null || positions.NextDoc() == DocIdSetIterator.NO_MORE_DOCS)
            {
                continue;
            }

            for (var i = positions.Freq; i > 0; i--)
            {
                positions.NextPosition();
                matches.Add(new Highlight(positions.StartOffset, positions.EndOffset));
            }
        }

        // Token order (start offsets never go backwards in a field), then the same merging as the analysed path.
        matches.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.End.CompareTo(b.End));
        var spans = new List<Highlight>(matches.Count);
        foreach (var match in matches)
        {
            if (spans.Count > 0 && IsWhitespace(text, spans[^1].End, match.Start))
            {
                spans[^1] = spans[^1] with { End = Math.Max(spans[^1].End, match.End) };
            }
            else
            {
                spans.Add(match);
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
