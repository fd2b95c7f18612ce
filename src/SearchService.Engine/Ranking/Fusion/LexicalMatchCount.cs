using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using SearchService.Engine.Retrieval;

namespace SearchService.Engine.Ranking.Fusion;

/// <summary>How many of a set of passages a lexical query matches: what a union count needs beyond the two sizes.</summary>
internal static class LexicalMatchCount
{
    /// <summary>
    /// |lexical ∪ semantic| = |lexical| + |semantic| − |semantic passages the lexical query matches|. The overlap is
    /// read from the lexical pass's recorded matches (<paramref name="lexicalMatched"/>); the lexical query is run
    /// again, filtered to the semantic passages, only when that pass did not record them.
    /// </summary>
    public static long Union(IndexSearcher searcher, Query? lexical, long lexicalMatches, IReadOnlyCollection<int> semantic, MatchedDocs? lexicalMatched)
    {
        if (semantic.Count == 0)
        {
            return lexicalMatches;
        }

        var both = lexical is null ? 0
            : lexicalMatched is not null ? lexicalMatched.CountOf(semantic)
            : Within(searcher, lexical, semantic as IReadOnlyList<int> ?? [.. semantic]);
        return lexicalMatches + semantic.Count - both;
    }

    public static int Within(IndexSearcher searcher, Query query, IReadOnlyList<int> docs)
    {
        if (docs.Count == 0)
        {
            return 0;
        }

        var collector = new TotalHitCountCollector();
        searcher.Search(query, new DocSetFilter(docs), collector);
        return collector.TotalHits;
    }

    /// <summary>A filter accepting exactly the given top-level doc ids.</summary>
    private sealed class DocSetFilter(IReadOnlyList<int> docs) : Filter
    {
        public override DocIdSet GetDocIdSet(AtomicReaderContext context, IBits acceptDocs)
        {
            var reader = context.AtomicReader;
            var bits = new FixedBitSet(reader.MaxDoc);
            foreach (var doc in docs)
            {
                var local = doc - context.DocBase;
                if (local >= 0 && local < reader.MaxDoc)
                {
                    bits.Set(local);
                }
            }

            return BitsFilteredDocIdSet.Wrap(bits, acceptDocs);
        }
    }
}
