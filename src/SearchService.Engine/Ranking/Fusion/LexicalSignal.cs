using Lucene.Net.Search;
using SearchService.Engine.Retrieval;
using SearchService.Engine.Telemetry;

namespace SearchService.Engine.Ranking.Fusion;

/// <summary>
/// BM25: the lexical query's top hits and Lucene's count of every passage it matched, collected within the request's
/// <see cref="QueryDeadline"/> (time budget and cancellation).
/// </summary>
internal sealed class LexicalSignal(IndexSearcher searcher, Query query, QueryDeadline deadline) : ISignalQuery
{
    private Dictionary<int, double>? _scores;

    public SignalKind Kind => SignalKind.Lexical;

    public SignalCandidates Retrieve(int depth)
    {
        using var span = SearchTelemetry.Start("lexical");
        var top = BudgetedCollector.Search(searcher, query, depth, deadline);
        var hits = top.ScoreDocs.Select(s => new ScoredDoc(s.Doc, s.Score)).ToList();
        _scores = hits.ToDictionary(h => h.Doc, h => h.Score);
        return new SignalCandidates(Kind, hits, top.TotalHits);
    }

    /// <summary>Only passages of the retrieved list have a BM25 score here (a passage outside it scores below the list).</summary>
    public double? Score(int doc) => _scores is not null && _scores.TryGetValue(doc, out var score) ? score : null;
}
