using Lucene.Net.Index;
using Lucene.Net.Search;

namespace SearchService.Engine.Ranking;

/// <summary>
/// Every passage a search matched, not just the ranked candidates: the lexical query's matches (collected without
/// scoring) and the semantic matches above the similarity floor, as <see cref="RankedList.Total"/> counts them. A
/// list that counts its candidates alone (learned mode) is its candidates.
/// </summary>
internal static class MatchSet
{
    public static HashSet<int> Of(IndexSearcher searcher, RankedList ranked)
    {
        if (ranked.LexicalMatches is null && ranked.SemanticMatches is null)
        {
            return ranked.Candidates.Select(c => c.Doc).ToHashSet();
        }

        var matches = new HashSet<int>(ranked.SemanticMatches ?? []);
        if (ranked.LexicalMatches is { } query)
        {
            searcher.Search(query, new DocCollector(matches));
        }

        return matches;
    }

    private sealed class DocCollector(HashSet<int> docs) : ICollector
    {
        private int _docBase;

        public bool AcceptsDocsOutOfOrder => true;

        public void SetScorer(Scorer scorer)
        {
            // Membership only: no scores are read.
        }

        public void SetNextReader(AtomicReaderContext context) => _docBase = context.DocBase;

        public void Collect(int doc) => docs.Add(_docBase + doc);
    }
}
