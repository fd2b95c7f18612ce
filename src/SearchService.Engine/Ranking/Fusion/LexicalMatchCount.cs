using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace SearchService.Engine.Ranking.Fusion;

/// <summary>How many of a set of passages a lexical query matches: what a union count needs beyond the two sizes.</summary>
internal static class LexicalMatchCount
{
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
