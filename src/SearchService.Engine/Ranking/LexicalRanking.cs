using SearchService.Engine.Indexing;
using SearchService.Engine.Ranking.Fusion;
using SearchService.Engine.Retrieval;

namespace SearchService.Engine.Ranking;

/// <summary>BM25 alone: the lexical query's top hits within the request's time budget, and Lucene's count of every match.</summary>
internal sealed class LexicalRanking : IRankingStrategy
{
    public IReadOnlyList<string>? Check(ServingSearcher searcher) => null;

    public RankedList Rank(ServingSearcher searcher, LuceneIndex index, AnalyzedQuery query, int depth, QueryDeadline deadline)
    {
        deadline.CancellationToken.ThrowIfCancellationRequested();
        return Rank(searcher, query.Lexical, depth, deadline);
    }

    /// <summary>The lexical list of <paramref name="lexical"/> (also hybrid's answer while there are no vectors).</summary>
    public static RankedList Rank(ServingSearcher searcher, LexicalQuery lexical, int depth, QueryDeadline deadline)
    {
        if (lexical.Query is null)
        {
            return new RankedList(SearchMode.Lexical, 0, []);
        }

        var list = new LexicalSignal(searcher, lexical.Query, deadline).Retrieve(depth);
        return new RankedList(SearchMode.Lexical, list.Matches, SignalFusion.Single(list)) { LexicalMatches = lexical.Query };
    }
}
