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
    /// The same highlights as <see cref="Find"/> for each of a page's hits, from the offsets the index stored in the
    /// postings of <paramref name="field"/> when it analysed the passages: per segment holding hits, one seek per query
    /// term and an advance to each hit, so no passage is analysed again and no per-hit term vector is decompressed
    /// (which was a third of a seeds query's serving CPU, docs/benchmarks.md).
    /// </summary>
    /// <param name="docs">The hits' top-level doc ids (no duplicates), in any order.</param>
    /// <param name="texts">Each hit's passage text, in the order of <paramref name="docs"/>.</param>
    /// <returns>Each hit's highlights in the order of <paramref name="docs"/>; null when a segment's field has no offsets (an index written before they were stored): use <see cref="Find"/>.</returns>
    public static IReadOnlyList<Highlight>[]? FromPostings(IndexReader reader, string field, IReadOnlyList<int> docs, IReadOnlyList<string> texts, IReadOnlySet<string> terms)
    {
        var matches = new List<Highlight>[docs.Count];
        for (var i = 0; i < matches.Length; i++)
        {
            matches[i] = [];
        }

        if (terms.Count > 0 && !CollectMatches(reader, field, docs, terms, matches))
        {
            return null;
        }

        var highlights = new IReadOnlyList<Highlight>[docs.Count];
        for (var i = 0; i < highlights.Length; i++)
        {
            highlights[i] = Merge(texts[i], matches[i]);
        }

        return highlights;
    }

    /// <summary>Every occurrence of a query term in each hit, read from the postings segment by segment, hits in doc order.</summary>
    private static bool CollectMatches(IndexReader reader, string field, IReadOnlyList<int> docs, IReadOnlySet<string> terms, List<Highlight>[] matches)
    {
        var order = new int[docs.Count];
        var sortedDocs = new int[docs.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
            sortedDocs[i] = docs[i];
        }

        Array.Sort(sortedDocs, order);
        var termBytes = new List<BytesRef>(terms.Count);
        foreach (var term in terms)
        {
            termBytes.Add(new BytesRef(term));
        }

        var leaves = reader.Leaves;
        DocsAndPositionsEnum? positions = null;
        for (var first = 0; first < sortedDocs.Length;)
        {
            var leaf = leaves[ReaderUtil.SubIndex(sortedDocs[first], leaves)];
            var end = first;
            while (end < sortedDocs.Length && sortedDocs[end] < leaf.DocBase + leaf.Reader.MaxDoc)
            {
                end++;
            }

            var fieldTerms = leaf.AtomicReader.GetTerms(field);
            if (fieldTerms is not null)
            {
                if (!fieldTerms.HasOffsets)
                {
                    return false;
                }

                var iterator = fieldTerms.GetEnumerator();
                foreach (var term in termBytes)
                {
                    if (iterator.SeekExact(term))
                    {
                        positions = iterator.DocsAndPositions(null, positions, DocsAndPositionsFlags.OFFSETS);
                        if (positions is null)
                        {
                            return false;
                        }

                        ReadOccurrences(positions, leaf.DocBase, sortedDocs.AsSpan(first, end - first), order.AsSpan(first, end - first), matches);
                    }
                }
            }

            first = end;
        }

        return true;
    }

    /// <summary>The offsets of one term in each of a segment's hits (ascending doc ids) that contain it.</summary>
    private static void ReadOccurrences(DocsAndPositionsEnum positions, int docBase, ReadOnlySpan<int> sortedDocs, ReadOnlySpan<int> order, List<Highlight>[] matches)
    {
        for (var i = 0; i < sortedDocs.Length; i++)
        {
            var target = sortedDocs[i] - docBase;
            if (positions.DocID < target && positions.Advance(target) == DocIdSetIterator.NO_MORE_DOCS)
            {
                return;
            }

            if (positions.DocID != target)
            {
                continue;
            }

            var hit = matches[order[i]];
            for (var n = positions.Freq; n > 0; n--)
            {
                positions.NextPosition();
                hit.Add(new Highlight(positions.StartOffset, positions.EndOffset));
            }
        }
    }

    /// <summary>Token order (start offsets never go backwards in a field), then the same merging as the analysed path.</summary>
    private static List<Highlight> Merge(string text, List<Highlight> matches)
    {
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
