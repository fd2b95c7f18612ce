using Lucene.Net.Index;
using Lucene.Net.Search;
using SearchService.Engine.Fusion;

namespace SearchService.Engine.Facets;

/// <summary>
/// Every passage a search matched, not just the ranked candidates: the lexical query's matches (collected without
/// scoring) and the semantic matches above the similarity floor, as <see cref="RetrievalOutcome.Total"/> counts them.
/// </summary>
internal static class MatchSet
{
    public static HashSet<int> Of(IndexSearcher searcher, RetrievalOutcome outcome)
    {
        var matches = new HashSet<int>(outcome.SemanticMatches ?? []);
        if (outcome.LexicalMatches is { } query)
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
